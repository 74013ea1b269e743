// Checks of the load client's header-only chunk parser (node:test; run with
// `node --import tsx --test bench/live/chunk-counter.check.ts`). Vectors are fed whole and byte by byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkCounter, ChunkCounterError, type ChunkCounterSink } from './chunk-counter.js';
import { encodeMessage } from './chunk-writer.js';

interface Seen {
  video: { head: string; size: number }[];
  audio: number[];
  control: { type: number; sid: number; hex: string }[];
}

function feed(bytes: Buffer, byteByByte: boolean): { seen: Seen; counter: ChunkCounter } {
  const seen: Seen = { video: [], audio: [], control: [] };
  const sink: ChunkCounterSink = {
    onVideo: (head, len, size) => void seen.video.push({ head: head.subarray(0, len).toString('hex'), size }),
    onAudio: (size) => void seen.audio.push(size),
    onControl: (type, sid, payload) => void seen.control.push({ type, sid, hex: payload.toString('hex') }),
  };
  const counter = new ChunkCounter(sink);
  if (byteByByte) for (let i = 0; i < bytes.length; i++) counter.push(bytes, i, i + 1);
  else counter.push(bytes, 0, bytes.length);
  return { seen, counter };
}

function both(bytes: Buffer): Seen {
  const a = feed(bytes, false).seen;
  assert.deepEqual(feed(bytes, true).seen, a);
  return a;
}

const payload = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => i & 0xff));

test('reads a hand-written type-0 chunk then a type-3 continuation', () => {
  // csid 6, ts 40, length 130, type 9, stream 1; 128 bytes, then 0xc6 and the last 2 bytes.
  const body = payload(130);
  const bytes = Buffer.concat([
    Buffer.from('06 000028 000082 09 01000000'.replace(/ /g, ''), 'hex'),
    body.subarray(0, 128),
    Buffer.from([0xc6]),
    body.subarray(128),
  ]);
  const seen = both(bytes);
  assert.deepEqual(seen.video, [{ head: body.subarray(0, 18).toString('hex'), size: 130 }]);
});

test('follows Set Chunk Size before the next chunk', () => {
  const big = payload(5000);
  const bytes = Buffer.concat([
    encodeMessage(2, 1, 0, 0, Buffer.from('00001000', 'hex'), 128),
    encodeMessage(6, 9, 1, 0, big, 4096),
    encodeMessage(4, 8, 1, 23, payload(300), 4096),
  ]);
  const { seen, counter } = feed(bytes, false);
  assert.equal(counter.chunkSize, 4096);
  assert.equal(seen.video.length, 1);
  assert.equal(seen.video[0].size, 5000);
  assert.deepEqual(seen.audio, [300]);
  assert.deepEqual(both(bytes), seen);
});

test('reads type-3 continuations after a type-0 header with extended timestamp', () => {
  const bytes = Buffer.concat([encodeMessage(6, 9, 1, 0x1000000, payload(300), 128), encodeMessage(4, 8, 1, 5, payload(10), 128)]);
  const seen = both(bytes);
  assert.equal(seen.video[0].size, 300);
  assert.deepEqual(seen.audio, [10]);
});

test('reads two-byte and three-byte chunk stream ids', () => {
  const bytes = Buffer.concat([encodeMessage(100, 8, 1, 0, payload(200), 128), encodeMessage(400, 8, 1, 0, payload(20), 128)]);
  assert.deepEqual(both(bytes).audio, [200, 20]);
});

test('reads type-1, type-2 and type-3 headers that start new messages', () => {
  const a = payload(10);
  const bytes = Buffer.concat([
    encodeMessage(4, 8, 1, 0, a, 128),
    Buffer.from('44 000017 00000a 08'.replace(/ /g, ''), 'hex'), a, // fmt 1
    Buffer.from('84 000017'.replace(/ /g, ''), 'hex'), a, // fmt 2
    Buffer.from([0xc4]), a, // fmt 3: same length and delta
  ]);
  assert.deepEqual(both(bytes).audio, [10, 10, 10, 10]);
});

test('hands whole command bodies to onControl', () => {
  const body = Buffer.from('0200075f726573756c74', 'hex'); // "_result"
  const seen = both(encodeMessage(3, 20, 0, 0, Buffer.concat([body, payload(200)]), 128));
  assert.equal(seen.control.length, 1);
  assert.equal(seen.control[0].type, 20);
  assert.equal(seen.control[0].hex, Buffer.concat([body, payload(200)]).toString('hex'));
});

test('handles zero-length messages', () => {
  const seen = both(Buffer.concat([encodeMessage(4, 8, 1, 0, Buffer.alloc(0), 128), encodeMessage(4, 8, 1, 0, payload(3), 128)]));
  assert.deepEqual(seen.audio, [0, 3]);
});

function rejects(bytes: Buffer, code: string): void {
  assert.throws(() => feed(bytes, false), (e: unknown) => e instanceof ChunkCounterError && e.code === code);
}

test('rejects a chunk stream that starts without a type-0 header', () => {
  rejects(Buffer.from('44 000017 00000a 08'.replace(/ /g, ''), 'hex'), 'LOAD_ERR_NO_HEADER');
});

test('rejects a control message bigger than 1 MiB instead of allocating it', () => {
  rejects(Buffer.from('03 000000 ffffff 14 00000000'.replace(/ /g, ''), 'hex'), 'LOAD_ERR_CONTROL_TOO_BIG');
});

test('rejects chunk size 0', () => {
  rejects(encodeMessage(2, 1, 0, 0, Buffer.from('00000000', 'hex'), 128), 'LOAD_ERR_BAD_CHUNK_SIZE');
});

test('rejects more than 64 chunk streams', () => {
  const many = Buffer.concat(Array.from({ length: 65 }, (_, i) => encodeMessage(3 + i, 8, 1, 0, Buffer.alloc(0), 128)));
  rejects(many, 'LOAD_ERR_CSID_LIMIT');
});
