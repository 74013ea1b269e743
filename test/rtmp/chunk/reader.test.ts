// Chunk rules of RTMP specification 5.3, one byte vector per rule, each fed whole, byte by byte, in odd pieces
// and with trailing bytes of a next chunk.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkReader } from '../../../src/rtmp/chunk/reader.js';
import { RemoteProtocolError } from '../../../src/rtmp/errors.js';
import { type Delivered, feedings, hex, readAll } from '../helpers.js';

interface Expect {
  typeId: number;
  streamId: number;
  timestamp: number;
  payload: string;
  csid: number;
}

function summary(d: Delivered[]): Expect[] {
  return d.map(({ message, csid }) => ({
    typeId: message.typeId,
    streamId: message.streamId,
    timestamp: message.timestamp,
    payload: message.payload.toString('hex'),
    csid,
  }));
}

/** Asserts the vector yields `expected` in every feeding, and still does with the start of a next chunk after it. */
function check(bytes: Buffer, expected: Expect[], options?: ConstructorParameters<typeof ChunkReader>[0]): void {
  for (const { name, split } of feedings) {
    assert.deepEqual(summary(readAll(split(bytes), options)), expected, name);
    const trailing = Buffer.concat([bytes, hex('03 00 00')]);
    assert.deepEqual(summary(readAll(split(trailing), options)), expected, `${name} + trailing bytes`);
  }
}

const e = (csid: number, typeId: number, streamId: number, timestamp: number, payload: string): Expect => ({
  typeId, streamId, timestamp, payload, csid,
});

function rejects(bytes: Buffer, code: string, options?: ConstructorParameters<typeof ChunkReader>[0]): void {
  for (const { name, split } of feedings) {
    assert.throws(
      () => readAll(split(bytes), options),
      (err: unknown) => err instanceof RemoteProtocolError && err.code === code,
      name,
    );
  }
}

const body200 = Buffer.alloc(200, 0xab).toString('hex');

describe('chunk reader', () => {
  it('reads a type-0 chunk with a small payload', () => {
    check(hex('03 000064 000005 14 01000000 68656c6c6f'), [e(3, 20, 1, 100, '68656c6c6f')]);
  });

  it('reads a zero-length message', () => {
    check(hex('04 000001 000000 12 01000000'), [e(4, 18, 1, 1, '')]);
  });

  it('reads a message split over type-3 chunks at the default chunk size of 128', () => {
    const b = Buffer.alloc(200, 0xab);
    check(Buffer.concat([hex('03 000000 0000c8 09 01000000'), b.subarray(0, 128), hex('c3'), b.subarray(128)]), [
      e(3, 9, 1, 0, body200),
    ]);
  });

  it('reads type-1 after type-0 and adds the delta', () => {
    check(hex('04 0003e8 000001 08 01000000 aa  44 000014 000002 09 bbcc'), [
      e(4, 8, 1, 1000, 'aa'),
      e(4, 9, 1, 1020, 'bbcc'),
    ]);
  });

  it('reads type-2 after type-0 with the same length and type', () => {
    check(hex('06 000010 000001 08 01000000 aa  86 000021 bb'), [e(6, 8, 1, 16, 'aa'), e(6, 8, 1, 49, 'bb')]);
  });

  it('reads type-3 after type-2 as a new message with the same delta', () => {
    check(hex('06 000010 000001 08 01000000 aa  86 000021 bb  c6 cc'), [
      e(6, 8, 1, 16, 'aa'),
      e(6, 8, 1, 49, 'bb'),
      e(6, 8, 1, 82, 'cc'),
    ]);
  });

  it('reads type-3 after type-0 as a new message whose delta is the type-0 timestamp (specification 5.3.1.2.4)', () => {
    check(hex('06 000010 000001 08 01000000 aa  c6 bb'), [e(6, 8, 1, 16, 'aa'), e(6, 8, 1, 32, 'bb')]);
  });

  it('reads type-0 with an extended timestamp', () => {
    check(hex('03 ffffff 000002 14 00000000 01020304 eeff'), [e(3, 20, 0, 0x01020304, 'eeff')]);
  });

  it('reads type-3 after type-0 with extended timestamp repeated on the continuation chunk', () => {
    const b = Buffer.alloc(200, 0xab);
    const bytes = Buffer.concat([
      hex('03 ffffff 0000c8 09 01000000 01000000'),
      b.subarray(0, 128),
      hex('c3 01000000'),
      b.subarray(128),
    ]);
    check(bytes, [e(3, 9, 1, 0x01000000, body200)]);
  });

  it('reads type-3 after type-0 with extended timestamp not repeated on the continuation chunk', () => {
    const b = Buffer.alloc(200, 0xab);
    const bytes = Buffer.concat([hex('03 ffffff 0000c8 09 01000000 01000000'), b.subarray(0, 128), hex('c3'), b.subarray(128)]);
    check(bytes, [e(3, 9, 1, 0x01000000, body200)]);
  });

  it('reads type-1 with an extended timestamp delta', () => {
    check(hex('04 000010 000001 08 01000000 aa  44 ffffff 000001 08 01000000 bb'), [
      e(4, 8, 1, 16, 'aa'),
      e(4, 8, 1, 0x01000010, 'bb'),
    ]);
  });

  it('wraps timestamps modulo 2^32 (streams longer than 49.7 days)', () => {
    check(hex('04 ffffff 000001 08 01000000 fffffff0 aa  84 000020 bb'), [
      e(4, 8, 1, 0xfffffff0, 'aa'),
      e(4, 8, 1, 0x10, 'bb'),
    ]);
  });

  it('reads the 2-byte basic header form for chunk stream ids 64–319', () => {
    check(hex('00 00 000001 000001 14 00000000 aa  00 ff 000001 000001 14 00000000 bb'), [
      e(64, 20, 0, 1, 'aa'),
      e(319, 20, 0, 1, 'bb'),
    ]);
  });

  it('reads the 3-byte basic header form for chunk stream ids 64–65599 (little-endian)', () => {
    check(hex('01 00 01 000001 000001 14 00000000 aa  01 ff ff 000001 000001 14 00000000 bb'), [
      e(320, 20, 0, 1, 'aa'),
      e(65599, 20, 0, 1, 'bb'),
    ]);
  });

  it('reads the 3-byte form for ids that also fit the 2-byte form (64 written long)', () => {
    check(hex('01 00 00 000001 000001 14 00000000 aa  41 00 00 000002 000001 14 bb'), [e(64, 20, 0, 1, 'aa'), e(64, 20, 0, 3, 'bb')]);
  });

  it('reads continuation chunks in the 3-byte form', () => {
    const b = Buffer.alloc(200, 0xab);
    check(Buffer.concat([hex('01 10 27 000000 0000c8 09 01000000'), b.subarray(0, 128), hex('c1 10 27'), b.subarray(128)]), [
      e(10064, 9, 1, 0, body200),
    ]);
  });

  it('reads interleaved chunks of two chunk streams', () => {
    const a = Buffer.alloc(130, 0x0a);
    const v = Buffer.alloc(130, 0x0b);
    const bytes = Buffer.concat([
      hex('06 000000 000082 08 01000000'), a.subarray(0, 128),
      hex('07 000000 000082 09 01000000'), v.subarray(0, 128),
      hex('c6'), a.subarray(128),
      hex('c7'), v.subarray(128),
    ]);
    check(bytes, [e(6, 8, 1, 0, a.toString('hex')), e(7, 9, 1, 0, v.toString('hex'))]);
  });

  it('applies Set Chunk Size to the chunks that follow in the same input', () => {
    const b = Buffer.alloc(200, 0xab);
    const bytes = Buffer.concat([hex('02 000000 000004 01 00000000 00001000'), hex('03 000000 0000c8 09 01000000'), b]);
    check(bytes, [e(2, 1, 0, 0, '00001000'), e(3, 9, 1, 0, body200)]);
  });

  it('drops a partial message on Abort', () => {
    const b = Buffer.alloc(200, 0xab);
    const bytes = Buffer.concat([
      hex('03 000000 0000c8 09 01000000'), b.subarray(0, 128),
      hex('02 000000 000004 02 00000000 00000003'),
      hex('03 000000 000001 08 01000000 cc'),
    ]);
    check(bytes, [e(2, 2, 0, 0, '00000003'), e(3, 8, 1, 0, 'cc')]);
  });

  it('hands out a slice of the input for a single-chunk message (no copy)', () => {
    const input = hex('03 000064 000005 14 01000000 68656c6c6f');
    const reader = new ChunkReader();
    let payload: Buffer | undefined;
    reader.read(input, (m) => (payload = m.payload));
    assert.ok(payload);
    assert.equal(payload.buffer, input.buffer);
    assert.equal(payload.byteOffset, input.byteOffset + 12);
  });

  it('copies only the header bytes when a header is split across inputs: the body is still a slice of the input', () => {
    const whole = hex('03 000064 000005 14 01000000 68656c6c6f');
    const first = whole.subarray(0, 5);
    // Its own ArrayBuffer (Buffer.alloc is never pooled), so a slice of it is recognisable.
    const second = Buffer.alloc(whole.length - 5);
    whole.copy(second, 0, 5);
    const reader = new ChunkReader();
    const payloads: Buffer[] = [];
    reader.read(first, (m) => payloads.push(m.payload));
    reader.read(second, (m) => payloads.push(m.payload));
    assert.equal(payloads.length, 1);
    assert.equal(payloads[0].toString(), 'hello');
    assert.equal(payloads[0].buffer, second.buffer);
    assert.equal(payloads[0].byteOffset, second.byteOffset + 7);
  });

  it('rejects type-1 on a chunk stream without a previous header', () => {
    rejects(hex('44 000014 000002 09 bbcc'), 'RTMP_ERR_NO_PREVIOUS_HEADER');
    rejects(hex('c4 bbcc'), 'RTMP_ERR_NO_PREVIOUS_HEADER');
  });

  it('rejects a declared length above maxMessageBytes before allocating', () => {
    rejects(hex('03 000000 ffffff 09 01000000'), 'RTMP_ERR_MESSAGE_TOO_LARGE', { maxMessageBytes: 1 << 20 });
  });

  it('rejects unfinished messages above maxBufferedBytes in total', () => {
    const first = Buffer.concat([hex('03 000000 0003e8 09 01000000'), Buffer.alloc(128)]);
    const second = Buffer.concat([hex('04 000000 0003e8 09 01000000'), Buffer.alloc(128)]);
    rejects(Buffer.concat([first, second]), 'RTMP_ERR_TOO_MUCH_BUFFERED', { maxBufferedBytes: 1500 });
    // Finished messages are no longer counted.
    const whole = Buffer.concat([hex('03 000000 0000c8 09 01000000'), Buffer.alloc(128), hex('c3'), Buffer.alloc(72)]);
    check(Buffer.concat([whole, whole, whole]), [0, 1, 2].map(() => e(3, 9, 1, 0, Buffer.alloc(200).toString('hex'))), { maxBufferedBytes: 250 });
  });

  it('rejects more chunk streams than maxChunkStreams', () => {
    rejects(hex('03 000000 000000 09 01000000  04 000000 000000 09 01000000'), 'RTMP_ERR_TOO_MANY_CHUNK_STREAMS', {
      maxChunkStreams: 1,
    });
  });

  it('keeps the default limits for limits passed as undefined', () => {
    const r = new ChunkReader({ maxMessageBytes: undefined, maxChunkStreams: undefined, maxBufferedBytes: undefined });
    // 65 chunk streams: one above the default of 64.
    const opens = Array.from({ length: 65 }, (_, i) => hex(`00 ${(i).toString(16).padStart(2, '0')} 000000 000000 09 01000000`));
    assert.throws(
      () => r.read(Buffer.concat(opens), () => undefined),
      (err: unknown) => err instanceof RemoteProtocolError && err.code === 'RTMP_ERR_TOO_MANY_CHUNK_STREAMS',
    );
  });

  it('rejects a chunk size of 0 and one with the top bit set', () => {
    rejects(hex('02 000000 000004 01 00000000 00000000'), 'RTMP_ERR_BAD_CHUNK_SIZE');
    rejects(hex('02 000000 000004 01 00000000 80000000'), 'RTMP_ERR_BAD_CHUNK_SIZE');
  });

  it('rejects a new message header on a chunk stream whose message is unfinished', () => {
    const b = Buffer.alloc(128, 0xab);
    rejects(Buffer.concat([hex('03 000000 0000c8 09 01000000'), b, hex('03 000000 000001 09 01000000 00')]), 'RTMP_ERR_BAD_MESSAGE');
  });
});
