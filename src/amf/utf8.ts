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
 * Decodes buf[start, end). Returns undefined when `strict` and the bytes are not valid UTF-8.
 * Short ASCII strings (most keys and command names) are built in JS, which beats a native call for them.
 */
export function decodeUtf8(buf: FastBuffer, start: number, end: number, strict: boolean): string | undefined {
  const len = end - start;
  if (len <= 16) {
    let s = '';
    let i = start;
    for (; i < end; i++) {
      const b = buf[i];
      if (b >= 0x80) break;
      s += fromCharCode(b);
    }
    if (i === end) return s;
  } else {
    let i = start;
    while (i < end && buf[i] < 0x80) i++;
    if (i === end) return buf.latin1Slice(start, end);
  }
  return decodeNonAscii(buf, start, end, strict);
}

function decodeNonAscii(buf: FastBuffer, start: number, end: number, strict: boolean): string | undefined {
  if (strict) {
    if (!isUtf8(buf.subarray(start, end))) return undefined;
    return buf.utf8Slice(start, end);
  }
  const s = buf.utf8Slice(start, end);
  // U+FFFD appears when the input had invalid sequences (or a real U+FFFD); only then look for CESU-8 pairs.
  if (s.indexOf('\ufffd') === -1) return s;
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
