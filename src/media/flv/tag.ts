// FLV file header and tag framing (Adobe FLV specification v10.1, annex E.2-E.4).
// A file is: 9-byte header, PreviousTagSize0 (=0), then tags each followed by their own PreviousTagSize.
import { MediaError } from '../errors.js';

/** FLV tag types; the same numbers as the RTMP message types that carry them. */
export const FlvTagType = { Audio: 8, Video: 9, ScriptData: 18 } as const;
export type FlvTagTypeId = (typeof FlvTagType)[keyof typeof FlvTagType];

export const FLV_HEADER_BYTES = 9;
export const FLV_TAG_HEADER_BYTES = 11;
/** The largest data size a tag header can express (24 bits). */
export const FLV_MAX_TAG_DATA = 0xffffff;

export interface FlvHeader {
  readonly version: number;
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
  /** Offset of the first PreviousTagSize field (9 in every file written so far). */
  readonly dataOffset: number;
}

export interface FlvTag {
  readonly type: number;
  /** Milliseconds, 32 bits (24-bit field plus the extension byte as its high byte). */
  readonly timestamp: number;
  /** A slice of the input, not a copy. */
  readonly data: Buffer;
}

/** The file header followed by PreviousTagSize0, ready to write at offset 0. */
export function encodeFlvHeader(hasAudio: boolean, hasVideo: boolean): Buffer {
  const b = Buffer.alloc(FLV_HEADER_BYTES + 4);
  b.write('FLV', 0, 'latin1');
  b[3] = 1;
  b[4] = (hasAudio ? 0x04 : 0) | (hasVideo ? 0x01 : 0);
  b.writeUInt32BE(FLV_HEADER_BYTES, 5);
  return b; // PreviousTagSize0 is already 0
}

export function decodeFlvHeader(bytes: Buffer): FlvHeader {
  if (bytes.length < FLV_HEADER_BYTES) throw new MediaError('MEDIA_ERR_TRUNCATED', 'FLV header needs 9 bytes', bytes.length);
  if (bytes.toString('latin1', 0, 3) !== 'FLV') throw new MediaError('MEDIA_ERR_BAD_SIGNATURE', 'not an FLV file', 0);
  const dataOffset = bytes.readUInt32BE(5);
  if (dataOffset < FLV_HEADER_BYTES) throw new MediaError('MEDIA_ERR_BAD_SIGNATURE', `FLV data offset ${dataOffset} < 9`, 5);
  return { version: bytes[3], hasAudio: (bytes[4] & 0x04) !== 0, hasVideo: (bytes[4] & 0x01) !== 0, dataOffset };
}

/** The 11-byte tag header for a tag of `dataSize` bytes. */
export function encodeFlvTagHeader(type: number, timestamp: number, dataSize: number): Buffer {
  if (dataSize > FLV_MAX_TAG_DATA) throw new MediaError('MEDIA_ERR_TOO_LARGE', `FLV tag data of ${dataSize} bytes`);
  const h = Buffer.allocUnsafe(FLV_TAG_HEADER_BYTES);
  h[0] = type & 0x1f;
  h.writeUIntBE(dataSize, 1, 3);
  const ts = timestamp >>> 0;
  h.writeUIntBE(ts & 0xffffff, 4, 3);
  h[7] = ts >>> 24; // TimestampExtended: the high byte
  h.writeUIntBE(0, 8, 3); // StreamID: always 0
  return h;
}

function previousTagSize(dataSize: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(FLV_TAG_HEADER_BYTES + dataSize, 0);
  return b;
}

/** A whole tag as the three buffers to write in one go (header, data as given, PreviousTagSize). */
export function encodeFlvTag(type: number, timestamp: number, data: Buffer): [Buffer, Buffer, Buffer] {
  return [encodeFlvTagHeader(type, timestamp, data.length), data, previousTagSize(data.length)];
}

/** Bytes a tag of `dataSize` bytes occupies in a file, PreviousTagSize included. */
export function flvTagBytes(dataSize: number): number {
  return FLV_TAG_HEADER_BYTES + dataSize + 4;
}

export interface FlvTagAt extends FlvTag {
  /** Offset of the tag header in the input. */
  readonly offset: number;
}

/**
 * Reads the tag that starts at `offset` (just after a PreviousTagSize field). Returns undefined when the input
 * ends before the whole tag and its PreviousTagSize: a file cut by a crash ends at the last complete tag.
 */
export function readFlvTagAt(bytes: Buffer, offset: number, maxTagData = FLV_MAX_TAG_DATA): FlvTagAt | undefined {
  if (bytes.length - offset < FLV_TAG_HEADER_BYTES) return undefined;
  const type = bytes[offset] & 0x1f;
  if ((bytes[offset] & 0x20) !== 0) throw new MediaError('MEDIA_ERR_BAD_TAG', 'encrypted (filtered) FLV tags are not supported', offset);
  const size = bytes.readUIntBE(offset + 1, 3);
  if (size > maxTagData) throw new MediaError('MEDIA_ERR_TOO_LARGE', `FLV tag of ${size} bytes above the limit ${maxTagData}`, offset);
  const timestamp = (bytes.readUIntBE(offset + 4, 3) | (bytes[offset + 7] << 24)) >>> 0;
  const end = offset + FLV_TAG_HEADER_BYTES + size;
  if (bytes.length < end + 4) return undefined;
  return { type, timestamp, data: bytes.subarray(offset + FLV_TAG_HEADER_BYTES, end), offset };
}

/** Every complete tag of a whole FLV file (header included), in order. Stops quietly at a cut-off last tag. */
export function* readFlvFile(bytes: Buffer, maxTagData = FLV_MAX_TAG_DATA): Generator<FlvTagAt> {
  const header = decodeFlvHeader(bytes);
  let offset = header.dataOffset + 4;
  for (;;) {
    const tag = readFlvTagAt(bytes, offset, maxTagData);
    if (tag === undefined) return;
    yield tag;
    offset += flvTagBytes(tag.data.length);
  }
}
