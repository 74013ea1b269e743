import { describe, it } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { ClientSession, LocalProtocolError, UserControlEvent } from '../../../src/rtmp/index.js';
import { connectedPair, pair } from './pair.js';

describe('ClientSession', () => {
  it('refuses API misuse with LocalProtocolError', () => {
    const c = ClientSession.create();
    assert.throws(() => c.receive(Buffer.from([3])), LocalProtocolError);
    c.start();
    assert.throws(() => c.start(), LocalProtocolError);
    assert.throws(() => c.call('x', []), (e: unknown) => e instanceof LocalProtocolError && e.code === 'RTMP_ERR_BAD_STATE');
    assert.throws(() => c.connect({ app: 'a' }), LocalProtocolError, 'connect before the handshake');
  });

  it('completes against a simple-handshake server', () => {
    const p = pair({ server: { handshake: 'simple' } });
    assert.equal(p.clientEvent('handshakeCompleted').digest, false);
    assert.equal(p.serverEvent('handshakeCompleted').digest, false);
  });

  it('completes a simple handshake of its own', () => {
    const p = pair({ client: { handshake: 'simple' } });
    assert.equal(p.serverEvent('handshakeCompleted').digest, false);
    assert.equal(p.client.state, 'awaitingConnect');
  });

  it('reports onStatus, user control and answers the server’s ping', () => {
    const p = connectedPair();
    p.fromClient(p.client.createStream().outputs);
    p.fromServer(p.server.sendUserControl(UserControlEvent.StreamIsRecorded, 1));
    assert.deepEqual(p.clientEvent('userControl'), { type: 'userControl', event: 4, value: 1, extra: undefined });
    p.fromServer(p.server.ping());
    assert.equal(p.serverEvent('pingAnswered').type, 'pingAnswered');
  });

  it('sends AMF3 calls as type 17 once connected with objectEncoding 3, and replies to server calls in kind', () => {
    const p = connectedPair({ commandObject: { objectEncoding: 3 } });
    assert.equal(p.client.objectEncoding, 3);
    const { outputs } = p.server.call('ask', [{ q: 'ready?' }]);
    p.fromServer(outputs);
    const c = p.clientEvent('callReceived');
    assert.deepEqual(c.args, [{ q: 'ready?' }]);
    p.fromClient(p.client.replyError(c.requestId, { level: 'error', code: 'X', description: 'no' }));
    const answer = p.serverEvent('callAnswered');
    assert.equal(answer.ok, false);
    assert.deepEqual(answer.args, [{ level: 'error', code: 'X', description: 'no' }]);
  });

  it('keeps a call pending when its result cannot be encoded, so it can still be answered with _error', () => {
    const p = connectedPair();
    const { outputs } = p.client.call('compute', []);
    p.fromClient(outputs);
    const requestId = p.serverEvent('callReceived').requestId;
    assert.throws(() => p.server.reply(requestId, 10n as unknown as number));
    p.fromServer(p.server.replyError(requestId, { level: 'error', code: 'NetConnection.Call.Failed', description: 'x' }));
    assert.equal(p.clientEvent('callAnswered').ok, false);
    // and the other way round: the client answering a server call
    const call = p.server.call('ask', []);
    p.fromServer(call.outputs);
    const c = p.clientEvent('callReceived');
    assert.throws(() => p.client.reply(c.requestId, (() => 1) as unknown as number));
    p.fromClient(p.client.replyError(c.requestId, { level: 'error', code: 'X', description: 'no' }));
    assert.equal(p.serverEvent('callAnswered').ok, false);
  });

  it('ignores answers to calls it gave up on', () => {
    const p = connectedPair();
    const { callId, outputs } = p.client.call('slow', []);
    p.fromClient(outputs);
    p.client.cancelCall(callId);
    p.fromServer(p.server.reply(p.serverEvent('callReceived').requestId, 1));
    assert.equal(p.clientEvents.some((e) => e.type === 'callAnswered'), false);
  });

  it('survives random bytes from a hostile server after the handshake', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const p = pair();
        const out = p.client.receive(Buffer.from(bytes));
        assert.ok(out.length < 100);
      }),
      { numRuns: 200 },
    );
  });
});
