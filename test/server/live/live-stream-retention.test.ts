// What a live stream keeps for its whole life (metadata, the two sequence headers) must not pin the buffer the
// publisher's bytes arrived in: payloads are slices of socket reads (up to 64 KiB) or of the chunk reader's shared
// 256 KiB slabs, and one such slice per stream kept for hours would hold a whole slab per stream.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeAmf0Sequence } from '../../../src/amf/index.js';
import { LiveStream } from '../../../src/server/live/index.js';

function stream(): LiveStream {
  return new LiveStream('s', {
    gopCacheBytes: 1 << 20,
    maxHeldMessages: 8,
    maxHoldMs: 100,
    encode: (m) => Buffer.from(m.payload),
    defer: (fn) => fn(),
    gatherMinPlayers: 0,
    maxGatherMs: 0,
    groupInStepPlayers: true,
    schedule: () => {},
  });
}

/** `bytes` placed inside a large buffer, as a session hands a message out of a socket read or a slab. */
function sliceOfLarge(bytes: Uint8Array): Buffer {
  const big = Buffer.alloc(256 * 1024);
  big.set(bytes, 1000);
  return big.subarray(1000, 1000 + bytes.length);
}

describe('live stream: what it keeps for its whole life', () => {
  it('metadata and sequence headers are copied out of the buffer they arrived in; equal bytes', () => {
    const s = stream();
    const meta = encodeAmf0Sequence(['@setDataFrame', 'onMetaData', { width: 320, height: 240 }]);
    const avc = Uint8Array.from([0x17, 0x00, 0, 0, 0, 0x01, 0x64, 0x00, 0x1f, 0xff, 0xe1, 0x00, 0x00, 0x01, 0x00, 0x00]);
    const aac = Uint8Array.from([0xaf, 0x00, 0x12, 0x10]);
    s.ingest({ typeId: 18, streamId: 1, timestamp: 0, payload: sliceOfLarge(meta) });
    s.ingest({ typeId: 9, streamId: 1, timestamp: 0, payload: sliceOfLarge(avc) });
    s.ingest({ typeId: 8, streamId: 1, timestamp: 0, payload: sliceOfLarge(aac) });
    assert.ok(s.metadata && s.videoHeader && s.audioHeader, 'all three kept');
    const expectedMeta = encodeAmf0Sequence(['onMetaData', { width: 320, height: 240 }]);
    assert.deepEqual(Buffer.from(s.metadata.payload), Buffer.from(expectedMeta));
    assert.deepEqual(Buffer.from(s.videoHeader.payload), Buffer.from(avc));
    assert.deepEqual(Buffer.from(s.audioHeader.payload), Buffer.from(aac));
    for (const m of [s.metadata, s.videoHeader, s.audioHeader]) {
      assert.ok(m.payload.buffer.byteLength < 64 * 1024, `${m.kind} pins ${m.payload.buffer.byteLength} bytes`);
    }
  });

  it('ordinary frames stay slices (no copy per frame)', () => {
    const s = stream();
    const frame = sliceOfLarge(Uint8Array.from([0x17, 0x01, 0, 0, 0, 1, 2, 3]));
    s.ingest({ typeId: 9, streamId: 1, timestamp: 40, payload: frame });
    assert.equal(s.gop.messages.length, 1);
    assert.equal(s.gop.messages[0].payload.buffer, frame.buffer);
  });
});
