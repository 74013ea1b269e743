// Protocol control and user control messages: one byte vector per rule, both directions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  abortMessage,
  acknowledgementMessage,
  readUserControl,
  setChunkSizeMessage,
  setPeerBandwidthMessage,
  UserControlEvent,
  userControlMessage,
  windowAckSizeMessage,
} from '../../../src/rtmp/index.js';
import { readSetPeerBandwidth } from '../../../src/rtmp/messages/protocol-control.js';
import { Channel } from '../../../src/rtmp/session/channel.js';
import { hex, msg } from '../helpers.js';

describe('protocol control messages', () => {
  it('writes Set Chunk Size with the top bit cleared', () => {
    assert.deepEqual(setChunkSizeMessage(4096).payload, hex('00001000'));
    assert.deepEqual(setChunkSizeMessage(0xffffffff).payload, hex('7fffffff'));
    assert.equal(setChunkSizeMessage(1).typeId, 1);
  });

  it('writes Abort, Window Acknowledgement Size and Set Peer Bandwidth', () => {
    assert.deepEqual(abortMessage(6), msg(2, 0, 0, '00000006'));
    assert.deepEqual(windowAckSizeMessage(2_500_000), msg(5, 0, 0, '002625a0'));
    assert.deepEqual(setPeerBandwidthMessage(2_500_000, 2), msg(6, 0, 0, '002625a0 02'));
  });

  it('reads Set Peer Bandwidth without its limit type as dynamic', () => {
    assert.deepEqual(readSetPeerBandwidth(msg(6, 0, 0, '00001000')), { size: 4096, limitType: 2 });
  });

  it('writes the Acknowledgement sequence number modulo 2^32 (counters past 4 GiB)', () => {
    assert.deepEqual(acknowledgementMessage(100).payload, hex('00000064'));
    assert.deepEqual(acknowledgementMessage(2 ** 32 + 100).payload, hex('00000064'));
    assert.deepEqual(acknowledgementMessage(5 * 2 ** 32 - 1).payload, hex('ffffffff'));
  });
});

describe('user control messages', () => {
  it('writes StreamBegin, StreamEOF, StreamDry, StreamIsRecorded with the stream id', () => {
    assert.deepEqual(userControlMessage(UserControlEvent.StreamBegin, 1).payload, hex('0000 00000001'));
    assert.deepEqual(userControlMessage(UserControlEvent.StreamEOF, 1).payload, hex('0001 00000001'));
    assert.deepEqual(userControlMessage(UserControlEvent.StreamDry, 1).payload, hex('0002 00000001'));
    assert.deepEqual(userControlMessage(UserControlEvent.StreamIsRecorded, 1).payload, hex('0004 00000001'));
  });

  it('writes SetBufferLength with the buffer length', () => {
    assert.deepEqual(userControlMessage(UserControlEvent.SetBufferLength, 1, 3000).payload, hex('0003 00000001 00000bb8'));
  });

  it('writes pings with the timestamp', () => {
    assert.deepEqual(userControlMessage(UserControlEvent.PingRequest, 0x01020304).payload, hex('0006 01020304'));
    assert.deepEqual(userControlMessage(UserControlEvent.PingResponse, 0x01020304).payload, hex('0007 01020304'));
  });

  it('reads events and refuses a SetBufferLength without its length', () => {
    assert.deepEqual(
      { ...readUserControl(msg(4, 0, 0, '0003 00000001 00000bb8')), data: undefined },
      { event: 3, value: 1, extra: 3000, data: undefined },
    );
    assert.throws(() => readUserControl(msg(4, 0, 0, '0003 00000001')), /SetBufferLength/);
    assert.throws(() => readUserControl(msg(4, 0, 0, '00')), /shorter/);
  });
});

describe('acknowledgements (Channel)', () => {
  it('acknowledges once per window with the running total', () => {
    const c = new Channel({ maxMessageBytes: 1 << 20, maxChunkStreams: 8 });
    const out: Array<{ kind: 'send'; bytes: Buffer; droppable: boolean }> = [];
    c.count(500, out);
    assert.equal(out.length, 0, 'no window announced yet: no ack');
    c.ackWindow = 1000;
    c.count(499, out);
    assert.equal(out.length, 0);
    c.count(1, out);
    assert.equal(out.length, 1);
    assert.deepEqual(out[0].bytes.subarray(-4), hex('000003e8'));
    c.count(999, out);
    assert.equal(out.length, 1);
  });

  it('keeps counting past 4 GiB and sends the total modulo 2^32', () => {
    const c = new Channel({ maxMessageBytes: 1 << 20, maxChunkStreams: 8 });
    const out: Array<{ kind: 'send'; bytes: Buffer; droppable: boolean }> = [];
    c.ackWindow = 2_500_000;
    let total = 0;
    // 1.8 MB reads until past 2^32 + a few windows: bounded loop (about 2,400 iterations).
    while (total < 2 ** 32 + 10_000_000) {
      c.count(1_800_000, out);
      total += 1_800_000;
    }
    assert.equal(c.bytesReceived, total);
    const last = out[out.length - 1].bytes.subarray(-4).readUInt32BE(0);
    assert.equal(last, total % 2 ** 32);
    const seqs = out.map((o) => o.bytes.subarray(-4).readUInt32BE(0));
    const wrapped = seqs.findIndex((s, i) => i > 0 && s < seqs[i - 1]);
    assert.ok(wrapped > 0, 'the sequence number wrapped');
  });
});
