// The process-wide command encoder reuses its writers; encoding that starts while another body is being written
// (a getter or a custom class that sends a message) must not rewind the outer body.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCommand, decodeData, sharedCommandEncoder, AMF3_FORMAT } from '../../../src/rtmp/commands/command.js';
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
