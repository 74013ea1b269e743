// Chunk headers (RTMP specification 5.3.1). The basic header holds fmt (2 bits) and the chunk stream id in one
// of three forms: csid 2–63 in the first byte; 64–319 as 0 + one byte (csid - 64); 64–65599 as 1 + two bytes
// (csid - 64, little-endian). The message header is 11 (fmt 0), 7 (fmt 1), 3 (fmt 2) or 0 (fmt 3) bytes; a
// timestamp field of 0xFFFFFF means a 4-byte extended timestamp follows.

export const MIN_CHUNK_STREAM_ID = 2;
export const MAX_CHUNK_STREAM_ID = 65599;
/** Timestamp field value meaning "see the extended timestamp". */
export const EXTENDED_TIMESTAMP_MARKER = 0xffffff;
/** Message header sizes by fmt. */
export const MESSAGE_HEADER_SIZE = [11, 7, 3, 0] as const;
/** Largest possible chunk header: 3-byte basic header, 11-byte message header, 4-byte extended timestamp. */
export const MAX_CHUNK_HEADER_SIZE = 18;

export type ChunkFormat = 0 | 1 | 2 | 3;

/** Bytes the basic header takes for a chunk stream id. */
export function basicHeaderSize(csid: number): 1 | 2 | 3 {
  return csid < 64 ? 1 : csid < 320 ? 2 : 3;
}

/** Writes a basic header at `offset`; returns the new offset. */
export function writeBasicHeader(target: Buffer, offset: number, fmt: ChunkFormat, csid: number): number {
  if (csid < 64) {
    target[offset] = (fmt << 6) | csid;
    return offset + 1;
  }
  if (csid < 320) {
    target[offset] = fmt << 6;
    target[offset + 1] = csid - 64;
    return offset + 2;
  }
  target[offset] = (fmt << 6) | 1;
  target.writeUInt16LE(csid - 64, offset + 1);
  return offset + 3;
}

/** Whether a chunk stream id can be written (2–65599; 0 and 1 are the escape values of the basic header). */
export function isValidChunkStreamId(csid: number): boolean {
  return Number.isInteger(csid) && csid >= MIN_CHUNK_STREAM_ID && csid <= MAX_CHUNK_STREAM_ID;
}

/** Writes a 24-bit big-endian integer. */
export function writeUInt24BE(target: Buffer, value: number, offset: number): void {
  target[offset] = (value >>> 16) & 0xff;
  target[offset + 1] = (value >>> 8) & 0xff;
  target[offset + 2] = value & 0xff;
}

/** Reads a 24-bit big-endian integer. */
export function readUInt24BE(source: Buffer, offset: number): number {
  return (source[offset] << 16) | (source[offset + 1] << 8) | source[offset + 2];
}
