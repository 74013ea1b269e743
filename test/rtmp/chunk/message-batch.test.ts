// encodeMessageBatch is the live fan-out's batch: it must be byte for byte the messages' encodeMessageChunks,
// one after the other.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeMessageBatch, encodeMessageChunks, LocalProtocolError } from '../../../src/rtmp/index.js';

const messageArb = fc.record({
  message: fc.record({
    typeId: fc.constantFrom(8, 9, 18),
    streamId: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    // Around the 0xffffff extended-timestamp marker, and anywhere in 32 bits.
    timestamp: fc.oneof(fc.integer({ min: 0xfffff0, max: 0x100000f }), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
    payload: fc.uint8Array({ maxLength: 700 }).map((a) => Buffer.from(a)),
  }),
  chunkStreamId: fc.constantFrom(3, 6, 7, 63, 64, 319, 320, 65599),
});

describe('encodeMessageBatch', () => {
  it('equals the concatenation of encodeMessageChunks for every message', () => {
    fc.assert(
      fc.property(fc.array(messageArb, { maxLength: 6 }), fc.constantFrom(1, 2, 128, 300, 4096), (batch, chunkSize) => {
        const expected = Buffer.concat(batch.map((b) => encodeMessageChunks(b.message, chunkSize, b.chunkStreamId)));
        assert.deepEqual(encodeMessageBatch(batch, chunkSize), expected);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses a bad chunk size or chunk stream id like encodeMessageChunks', () => {
    const message = { typeId: 9, streamId: 1, timestamp: 0, payload: Buffer.alloc(3) };
    assert.throws(() => encodeMessageBatch([{ message, chunkStreamId: 6 }], 0), LocalProtocolError);
    assert.throws(() => encodeMessageBatch([{ message, chunkStreamId: 1 }], 128), LocalProtocolError);
  });
});
