// The process-wide command encoder reuses its writers; encoding that starts while another body is being written
// (a getter or a custom class that sends a message) must not rewind the outer body.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AmfEncodeError } from '../../../src/amf/index.js';
import { MAX_RETAINED_BYTES } from '../../../src/amf/byte-writer.js';
import { CommandEncoder, decodeCommand, decodeData, sharedCommandEncoder, AMF0_FORMAT, AMF3_FORMAT } from '../../../src/rtmp/commands/command.js';
import { MessageType } from '../../../src/rtmp/index.js';

const asCommand = (payload: Buffer, typeId: number = MessageType.CommandAmf0) => decodeCommand({ typeId, streamId: 0, timestamp: 0, payload });

describe('CommandEncoder', () => {
  it('encodes a nested command (from a getter) without corrupting the outer one', () => {
    let inner: Buffer | undefined;
    const info = {
      level: 'status',
      get code(): string {
        inner = sharedCommandEncoder.command('onStatus', 0, null, [{ code: 'Inner.Event' }]);
        return 'Outer.Event';
      },
    };
    const outer = sharedCommandEncoder.command('onStatus', 0, null, [info as unknown as { [k: string]: string }]);
    assert.deepEqual(asCommand(outer).args, [{ level: 'status', code: 'Outer.Event' }]);
    assert.ok(inner !== undefined);
    assert.deepEqual(asCommand(inner).args, [{ code: 'Inner.Event' }]);
  });

  it('does the same for data bodies, in AMF3 too, and stays usable after a nested call', () => {
    let inner: Buffer | undefined;
    const value = {
      get x(): number {
        inner = sharedCommandEncoder.data(['onInner', 2], AMF3_FORMAT);
        return 1;
      },
    };
    const outer = sharedCommandEncoder.data(['onOuter', value as unknown as { [k: string]: number }], AMF3_FORMAT);
    const msg = (payload: Buffer) => ({ typeId: MessageType.DataAmf3, streamId: 1, timestamp: 0, payload });
    assert.deepEqual(decodeData(msg(outer)), ['onOuter', { x: 1 }]);
    assert.deepEqual(decodeData(msg(inner!)), ['onInner', 2]);
    assert.deepEqual(asCommand(sharedCommandEncoder.command('ping', 3, null, [])).name, 'ping');
  });
});

describe('CommandEncoder: one big message', () => {
  const big = new Uint8Array(4 * 1024 * 1024).fill(1);
  for (const [label, encoder] of [['shared (detached bodies)', sharedCommandEncoder], ['per-session (copied bodies)', new CommandEncoder({ maxDepth: 64 })]] as const) {
    it(`${label}: a 4 MiB ByteArray does not leave its buffer behind`, () => {
      const msg = (payload: Buffer) => ({ typeId: MessageType.DataAmf3, streamId: 1, timestamp: 0, payload });
      const body = encoder.data(['onBlob', big], AMF3_FORMAT);
      assert.deepEqual(decodeData(msg(body)), ['onBlob', Buffer.from(big)]);
      assert.equal(asCommand(encoder.command('ping', 1, null, [])).name, 'ping');
      encoder.data(['onBlob', { b: big }], AMF0_FORMAT);
      assert.deepEqual(asCommand(encoder.command('pong', 2, null, [{ ok: true }])).args, [{ ok: true }]);
      assert.ok(encoder.retainedBytes <= 2 * MAX_RETAINED_BYTES, `retained ${encoder.retainedBytes} bytes`);
    });
  }
});

describe('CommandEncoder: a getter that throws', () => {
  const boom = new Error('getter failed');
  const hostile = () => ({ level: 'status', get code(): string { throw boom; } }) as unknown as { [k: string]: string };
  for (const [label, format, typeId] of [['AMF0', AMF0_FORMAT, MessageType.CommandAmf0], ['AMF3', AMF3_FORMAT, MessageType.CommandAmf3]] as const) {
    it(`${label}: surfaces as AmfEncodeError AMF_ERR_VALUE_THREW with the error as cause, and the encoder stays usable`, () => {
      for (const encoder of [sharedCommandEncoder, new CommandEncoder()]) {
        assert.throws(
          () => encoder.command('onStatus', 0, null, [{ nested: [hostile()] }], format),
          (e: unknown) => e instanceof AmfEncodeError && e.code === 'AMF_ERR_VALUE_THREW' && e.cause === boom,
        );
        assert.throws(() => encoder.data(['onData', hostile()], format), { name: 'AmfEncodeError', code: 'AMF_ERR_VALUE_THREW' });
        const next = encoder.command('onStatus', 0, null, [{ level: 'status', code: 'NetStream.Play.Start' }], format);
        assert.deepEqual(asCommand(next, typeId), {
          name: 'onStatus',
          transactionId: 0,
          commandObject: null,
          args: [{ level: 'status', code: 'NetStream.Play.Start' }],
        });
      }
    });
  }

  it('keeps codec errors as they are (AMF_ERR_UNSUPPORTED_VALUE for a function)', () => {
    assert.throws(() => sharedCommandEncoder.data([() => 1] as never), { code: 'AMF_ERR_UNSUPPORTED_VALUE' });
    assert.deepEqual(decodeData({ typeId: MessageType.DataAmf0, streamId: 1, timestamp: 0, payload: sharedCommandEncoder.data(['x']) }), ['x']);
  });
});
