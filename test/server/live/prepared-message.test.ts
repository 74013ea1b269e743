import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkReader, encodeMessageChunks, type RtmpMessage } from '../../../src/rtmp/index.js';
import { GopCache, PreparedMessage } from '../../../src/server/live/index.js';
import { MAX_EXTRA_ENCODINGS } from '../../../src/server/live/prepared-message.js';
import { msg } from './fakes.js';

function decode(bytes: Buffer, chunkSize: number): Array<{ m: RtmpMessage; csid: number }> {
  const r = new ChunkReader();
  r.setChunkSize(chunkSize);
  const out: Array<{ m: RtmpMessage; csid: number }> = [];
  r.read(bytes, (m, csid) => out.push({ m, csid }));
  return out;
}

describe('PreparedMessage', () => {
  it('encodes video on csid 7 and audio on csid 6 with the player stream id, readable by a chunk reader', () => {
    const big = Buffer.concat([msg.key(0).payload, Buffer.alloc(10_000, 7)]);
    const v = new PreparedMessage(9, 0x1234567, big, encodeMessageChunks);
    const a = new PreparedMessage(8, 20, msg.audio(20).payload, encodeMessageChunks);
    const got = decode(Buffer.concat([v.chunksFor(128, 3), a.chunksFor(128, 3)]), 128);
    assert.deepEqual(got.map((g) => [g.csid, g.m.typeId, g.m.streamId, g.m.timestamp]), [[7, 9, 3, 0x1234567], [6, 8, 3, 20]]);
    assert.deepEqual(got[0].m.payload, big);
  });

  it('returns the same Buffer for the same chunk size and stream id, another for others', () => {
    const v = new PreparedMessage(9, 0, msg.key(0).payload, encodeMessageChunks);
    const b = v.chunksFor(4096, 1);
    assert.equal(v.chunksFor(4096, 1), b);
    const c = v.chunksFor(4096, 2);
    assert.notEqual(c, b);
    assert.equal(v.chunksFor(4096, 2), c);
    assert.equal(v.chunksFor(4096, 1), b);
  });

  it('keeps a bounded number of encodings: one player on 64 stream ids cannot multiply what a message holds', () => {
    const payload = Buffer.concat([msg.key(0).payload, Buffer.alloc(1000)]);
    const v = new PreparedMessage(9, 0, payload, encodeMessageChunks);
    const one = v.chunksFor(4096, 1).length;
    for (let id = 2; id <= 64; id++) {
      const got = decode(v.chunksFor(4096, id), 4096);
      assert.equal(got[0].m.streamId, id); // still right for every player
    }
    assert.equal(v.retainedBytes, payload.length + one * (1 + MAX_EXTRA_ENCODINGS));
  });

  it('classifies keyframes and sequence headers, and relays a malformed header as plain media', () => {
    const enc = (): Buffer => Buffer.alloc(0);
    assert.equal(new PreparedMessage(9, 0, msg.key(0).payload, enc).isKeyframe, true);
    assert.equal(new PreparedMessage(9, 0, msg.videoSeq().payload, enc).isKeyframe, false);
    assert.equal(new PreparedMessage(9, 0, msg.videoSeq().payload, enc).isSequenceHeader, true);
    assert.equal(new PreparedMessage(8, 0, msg.audioSeq().payload, enc).isSequenceHeader, true);
    const broken = new PreparedMessage(9, 0, Buffer.from([0x17]), enc);
    assert.deepEqual([broken.kind, broken.isKeyframe], ['video', false]);
  });
});

describe('GopCache', () => {
  const enc = (): Buffer => Buffer.alloc(0);
  const p = (m: RtmpMessage): PreparedMessage => new PreparedMessage(m.typeId, m.timestamp, m.payload, enc);

  it('holds the latest keyframe and what follows, nothing before the first keyframe', () => {
    const g = new GopCache(1 << 20);
    g.push(p(msg.audio(0)));
    g.push(p(msg.inter(0)));
    assert.equal(g.messages.length, 0);
    g.push(p(msg.key(40)));
    g.push(p(msg.audio(50)));
    g.push(p(msg.inter(80)));
    assert.deepEqual(g.messages.map((m) => m.timestamp), [40, 50, 80]);
    g.push(p(msg.key(120)));
    assert.deepEqual(g.messages.map((m) => m.timestamp), [120]);
  });

  it('drops a GOP that outgrows its bound until the next keyframe', () => {
    const g = new GopCache(40);
    g.push(p(msg.key(0)));
    for (let i = 1; i < 10; i++) g.push(p(msg.inter(i * 40)));
    assert.equal(g.messages.length, 0);
    g.push(p(msg.inter(999)));
    assert.equal(g.messages.length, 0);
    g.push(p(msg.key(1000)));
    assert.equal(g.messages.length, 1);
    assert.ok(g.size <= 40);
  });

  it('does nothing when off', () => {
    const g = new GopCache(0);
    g.push(p(msg.key(0)));
    assert.equal(g.messages.length, 0);
  });
});
