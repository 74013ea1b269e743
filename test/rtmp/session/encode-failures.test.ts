// A value the AMF encoder refuses (a getter that throws) must fail the one API call that carried it and leave the
// session exactly as it was: no call left waiting for an answer, no chunk size announced without the command.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AmfEncodeError } from '../../../src/amf/index.js';
import { connectedPair, pair } from './pair.js';

const hostile = (): Record<string, unknown> =>
  Object.defineProperty({}, 'boom', {
    enumerable: true,
    get() {
      throw new Error('getter failed');
    },
  });

const isValueThrew = (e: unknown): boolean => e instanceof AmfEncodeError && e.code === 'AMF_ERR_VALUE_THREW';

describe('session: a command whose values cannot be encoded', () => {
  it('server call: throws AmfEncodeError and keeps no pending call (the limit is not used up)', () => {
    const p = connectedPair({ server: { maxPendingCalls: 1 } });
    assert.throws(() => p.server.call('fail', [hostile() as never]), isValueThrew);
    const { callId, outputs } = p.server.call('ok', [1]);
    p.fromServer(outputs);
    const called = p.clientEvent('callReceived');
    assert.equal(called.name, 'ok');
    p.fromClient(p.client.reply(called.requestId, 'done'));
    const answer = p.serverEvent('callAnswered');
    assert.deepEqual([answer.callId, answer.ok, answer.args], [callId, true, ['done']]);
  });

  it('client call: throws AmfEncodeError and keeps no pending call', () => {
    const p = connectedPair({ client: { maxPendingCalls: 1 } });
    assert.throws(() => p.client.call('fail', [hostile() as never]), isValueThrew);
    p.fromClient(p.client.call('ok', [1]).outputs);
    assert.equal(p.serverEvent('callReceived').name, 'ok');
  });

  it('client connect: throws before announcing its chunk size; a retry connects with the right framing', () => {
    const p = pair({ client: { chunkSize: 60_000 } });
    assert.throws(() => p.client.connect({ app: 'live', extra: hostile() as never }), isValueThrew);
    assert.equal(p.client.state, 'awaitingConnect');
    p.fromClient(p.client.connect({ app: 'live', tcUrl: 'rtmp://localhost/live', big: 'x'.repeat(5000) }));
    const { request } = p.serverEvent('connectRequested');
    assert.equal((request.commandObject as { big: string }).big.length, 5000);
  });
});
