import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ChunkWriter, encodeMessageChunks } from '../../../src/rtmp/chunk/writer.js';
import { ChunkReader } from '../../../src/rtmp/chunk/reader.js';
import type { RtmpMessage } from '../../../src/rtmp/messages/message.js';
import { LocalProtocolError } from '../../../src/rtmp/errors.js';
import { hex, msg, readAll } from '../helpers.js';

describe('encodeMessageChunks', () => {
  it('writes a type-0 chunk for a small message', () => {
    assert.deepEqual(encodeMessageChunks(msg(20, 1, 100, '68656c6c6f'), 128, 3), hex('03 000064 000005 14 01000000 68656c6c6f'));
  });

  it('writes type-3 continuation chunks', () => {
    const p = Buffer.alloc(10, 1).toString('hex');
    assert.deepEqual(
      encodeMessageChunks(msg(9, 1, 0, p), 4, 7),
      hex('07 000000 00000a 09 01000000 01010101 c7 01010101 c7 0101'),
    );
  });

  it('repeats the extended timestamp on type-3 chunks', () => {
    assert.deepEqual(
      encodeMessageChunks(msg(9, 1, 0x01000000, '010203'), 2, 6),
      hex('06 ffffff 000003 09 01000000 01000000 0102 c6 01000000 03'),
    );
  });

  it('uses an extended timestamp from 0xffffff upwards', () => {
    assert.deepEqual(encodeMessageChunks(msg(9, 1, 0xfffffe, ''), 128, 6), hex('06 fffffe 000000 09 01000000'));
    assert.deepEqual(encodeMessageChunks(msg(9, 1, 0xffffff, ''), 128, 6), hex('06 ffffff 000000 09 01000000 00ffffff'));
  });

  it('writes the 2-byte and 3-byte basic header forms', () => {
    assert.deepEqual(encodeMessageChunks(msg(9, 1, 0, 'aa'), 128, 64), hex('00 00 000000 000001 09 01000000 aa'));
    assert.deepEqual(encodeMessageChunks(msg(9, 1, 0, 'aa'), 128, 319), hex('00 ff 000000 000001 09 01000000 aa'));
    assert.deepEqual(encodeMessageChunks(msg(9, 1, 0, 'aa'), 128, 320), hex('01 00 01 000000 000001 09 01000000 aa'));
    assert.deepEqual(
      encodeMessageChunks(msg(9, 1, 0, 'aabb'), 1, 65599),
      hex('01 ff ff 000000 000002 09 01000000 aa c1 ff ff bb'),
    );
  });

  it('wraps a timestamp of 2^32 + 5 to 5', () => {
    assert.deepEqual(encodeMessageChunks(msg(9, 1, 2 ** 32 + 5, ''), 128, 6), hex('06 000005 000000 09 01000000'));
  });

  it('refuses chunk stream ids 0, 1 and 65600 and payloads over 16 MiB - 1', () => {
    for (const csid of [0, 1, 65600]) assert.throws(() => encodeMessageChunks(msg(9, 1, 0, ''), 128, csid), LocalProtocolError);
    const big: RtmpMessage = { typeId: 9, streamId: 1, timestamp: 0, payload: Buffer.alloc(0x1000000) };
    assert.throws(() => encodeMessageChunks(big, 128, 6), LocalProtocolError);
  });
});

describe('ChunkWriter', () => {
  it('compresses headers: type-0, then type-1 on a new length, type-2 on the same length and type', () => {
    const w = new ChunkWriter();
    assert.deepEqual(w.write(msg(8, 1, 1000, 'aa'), 4), hex('04 0003e8 000001 08 01000000 aa'));
    assert.deepEqual(w.write(msg(9, 1, 1020, 'bbcc'), 4), hex('44 000014 000002 09 bbcc'));
    assert.deepEqual(w.write(msg(9, 1, 1050, 'ddee'), 4), hex('84 00001e ddee'));
  });

  it('goes back to type-0 when time goes backwards or the stream changes', () => {
    const w = new ChunkWriter();
    w.write(msg(8, 1, 1000, 'aa'), 4);
    assert.deepEqual(w.write(msg(8, 1, 10, 'aa'), 4), hex('04 00000a 000001 08 01000000 aa'));
    assert.deepEqual(w.write(msg(8, 2, 20, 'aa'), 4), hex('04 000014 000001 08 02000000 aa'));
  });

  it('uses a type-2 delta across the 2^32 wrap', () => {
    const w = new ChunkWriter();
    w.write(msg(8, 1, 0xfffffff0, 'aa'), 4);
    assert.deepEqual(w.write(msg(8, 1, 0x10, 'bb'), 4), hex('84 000020 bb'));
  });

  it('writes with its chunk size', () => {
    const w = new ChunkWriter();
    w.setChunkSize(2);
    assert.deepEqual(w.write(msg(9, 1, 0, 'aabbcc'), 5), hex('05 000000 000003 09 01000000 aabb c5 cc'));
  });

  it('round-trips any message sequence through the reader', () => {
    const message = fc.record({
      typeId: fc.constantFrom(8, 9, 18, 20),
      streamId: fc.integer({ min: 0, max: 3 }),
      timestamp: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0xfffff0, max: 0xffffffff })),
      payload: fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
      csid: fc.integer({ min: 3, max: 400 }),
    });
    fc.assert(
      fc.property(fc.array(message, { maxLength: 12 }), fc.integer({ min: 1, max: 300 }), fc.boolean(), (ms, size, stateful) => {
        const w = new ChunkWriter();
        w.setChunkSize(size);
        const reader = new ChunkReader();
        reader.setChunkSize(size);
        const bytes = Buffer.concat(
          ms.map((m) => (stateful ? w.write(m, m.csid) : encodeMessageChunks(m, size, m.csid))),
        );
        const got = readAll([bytes], undefined, reader);
        assert.deepEqual(
          got.map((d) => [d.csid, d.message.typeId, d.message.streamId, d.message.timestamp, d.message.payload.toString('hex')]),
          ms.map((m) => [m.csid, m.typeId, m.streamId, m.timestamp >>> 0, m.payload.toString('hex')]),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('reads the same messages whatever the split points of the input', () => {
    const message = fc.record({
      typeId: fc.constantFrom(8, 9, 20),
      timestamp: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0xfffff0, max: 0x1000100 })),
      payload: fc.uint8Array({ maxLength: 700 }).map((a) => Buffer.from(a)),
      csid: fc.integer({ min: 3, max: 70 }),
    });
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 }), (ms, cuts) => {
        const w = new ChunkWriter();
        const bytes = Buffer.concat(ms.map((m) => w.write({ ...m, streamId: 1 }, m.csid)));
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const pieces: Buffer[] = [];
        let last = 0;
        for (const p of points) {
          pieces.push(bytes.subarray(last, p));
          last = p;
        }
        pieces.push(bytes.subarray(last));
        const got = readAll(pieces);
        assert.deepEqual(
          got.map((d) => [d.csid, d.message.timestamp, d.message.payload.toString('hex')]),
          ms.map((m) => [m.csid, m.timestamp, m.payload.toString('hex')]),
        );
      }),
      { numRuns: 300 },
    );
  });
});
