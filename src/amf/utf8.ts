// UTF-8 for AMF strings. Lengths on the wire are UTF-8 byte counts. Decoding policy:
// - lenient (default): invalid sequences become U+FFFD (Node's decoder), except CESU-8 surrogate pairs (each half
//   written as its own 3-byte sequence, as Java's modified UTF-8 and BlazeDS do), which are joined into one code point;
// - strict: anything that is not well-formed UTF-8 is an error (the caller throws AMF_ERR_BAD_UTF8).
import { isUtf8 } from 'node:buffer';

/** Buffer methods Node has on every Buffer but @types/node does not declare; they skip argument checks. */
export interface FastBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
  utf8Write(s: string, offset: number, maxLength?: number): number;
}

export function asFastBuffer(bytes: Uint8Array): FastBuffer {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buf as FastBuffer;
}

const fromCharCode = String.fromCharCode;

/**
 * Short strings (keys, command names, status codes, enum-like values) come back from this cache as the same
 * string object, so repeated keys cost a byte comparison instead of a native call and an allocation, and property
 * stores see a string V8 has already internalized. A slot keeps the string and a copy of its UTF-8 bytes
 * (8192 slots: 512 KiB of bytes per process, enough for the distinct short strings of a 1,000-row result).
 */
const CACHE_SIZE = 8192;
const CACHE_MAX_LENGTH = 64;
const cacheStrings: string[] = new Array<string>(CACHE_SIZE).fill('');
const cacheLengths = new Uint8Array(CACHE_SIZE); // 0 = empty slot
const cacheBytes = new Uint8Array(CACHE_SIZE * CACHE_MAX_LENGTH);
const cacheView = new DataView(cacheBytes.buffer);
/** Hash of the last string that missed in each slot. */
const cacheDoorkeeper = new Int32Array(CACHE_SIZE);

/**
 * Decodes buf[start, end). Returns undefined when `strict` and the bytes are not valid UTF-8.
 */
export function decodeUtf8(
  buf: FastBuffer,
  start: number,
  end: number,
  strict: boolean,
  view: DataView,
  viewBase: number,
): string | undefined {
  const len = end - start;
  if (len > CACHE_MAX_LENGTH) return decodeNonAscii(buf, start, end, strict);
  if (len === 0) return '';
  // Slot from a hash of three 4-byte words (start, middle, end): strings of one length that differ in a few
  // places (ids, e-mails, zip codes) rarely share a slot and evict each other, and the hash costs what three
  // byte loads did. The comparison below checks every byte.
  const at = viewBase + start;
  let h =
    len >= 4
      ? Math.imul(view.getInt32(at) ^ Math.imul(view.getInt32(at + (len >> 1) - 2) ^ view.getInt32(at + len - 4), 0x9e3779b1), 0x9e3779b1) + len
      : Math.imul(Math.imul(len, 31) + buf[start], 31) + buf[end - 1] * 7 + buf[start + (len >> 1)];
  h ^= h >>> 15;
  const slot = h & (CACHE_SIZE - 1);
  const base = slot * CACHE_MAX_LENGTH;
  if (cacheLengths[slot] === len) {
    // Four bytes per comparison (the cache side is aligned; DataView reads the input at any offset).
    let j = 0;
    while (j + 4 <= len && cacheView.getInt32(base + j) === view.getInt32(at + j)) j += 4;
    while (j < len && cacheBytes[base + j] === buf[start + j]) j++;
    if (j === len) return cacheStrings[slot];
  }
  return decodeAndCache(buf, start, end, strict, slot, h);
}

function decodeAndCache(buf: FastBuffer, start: number, end: number, strict: boolean, slot: number, h: number): string | undefined {
  const s = buf.utf8Slice(start, end);
  if (s.indexOf('\ufffd') !== -1) return decodeInvalid(buf, start, end, strict, s);
  // Admit a string on its second sighting only, so one-off values (ids, e-mails) do not pay for the copy.
  if (cacheDoorkeeper[slot] !== h) {
    cacheDoorkeeper[slot] = h;
    return s;
  }
  const len = end - start;
  const base = slot * CACHE_MAX_LENGTH;
  for (let j = 0; j < len; j++) cacheBytes[base + j] = buf[start + j];
  cacheLengths[slot] = len;
  cacheStrings[slot] = s;
  return s;
}

function decodeNonAscii(buf: FastBuffer, start: number, end: number, strict: boolean): string | undefined {
  // Node's decoder replaces every invalid sequence with U+FFFD, so a result without U+FFFD came from valid UTF-8
  // (and for an all-ASCII result the search is answered without scanning: one-byte strings cannot hold U+FFFD).
  const s = buf.utf8Slice(start, end);
  if (s.indexOf('\ufffd') === -1) return s;
  return decodeInvalid(buf, start, end, strict, s);
}

/** The slice holds U+FFFD: real (valid EF BF BD) or a replacement. */
function decodeInvalid(buf: FastBuffer, start: number, end: number, strict: boolean, s: string): string | undefined {
  if (strict) return isUtf8(buf.subarray(start, end)) ? s : undefined;
  return decodeCesu8(buf, start, end);
}

/** Lenient decode that joins CESU-8 surrogate pairs (ED A0-AF xx ED B0-BF xx) into one code point. */
function decodeCesu8(buf: FastBuffer, start: number, end: number): string {
  let out = '';
  let segment = start;
  let i = start;
  while (i + 6 <= end) {
    if (
      buf[i] === 0xed &&
      (buf[i + 1] & 0xf0) === 0xa0 &&
      (buf[i + 2] & 0xc0) === 0x80 &&
      buf[i + 3] === 0xed &&
      (buf[i + 4] & 0xf0) === 0xb0 &&
      (buf[i + 5] & 0xc0) === 0x80
    ) {
      out += buf.utf8Slice(segment, i);
      const high = 0xd800 | ((buf[i + 1] & 0x0f) << 6) | (buf[i + 2] & 0x3f);
      const low = 0xdc00 | ((buf[i + 4] & 0x0f) << 6) | (buf[i + 5] & 0x3f);
      out += fromCharCode(high, low);
      i += 6;
      segment = i;
    } else {
      i++;
    }
  }
  return out + buf.utf8Slice(segment, end);
}
