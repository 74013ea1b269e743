// The growable output buffer both AMF writers share: one Buffer, capacity doubling, big-endian writes. Short ASCII
// strings are copied byte by byte (cheaper than a native call for them); anything else goes through utf8Write.
import { AmfEncodeError } from './errors.js';
import { DEFAULT_MAX_DEPTH, type AmfEncodeOptions } from './options.js';
import type { ClassRegistry } from './class-registry.js';
import type { FastBuffer } from './utf8.js';
import { flexClassRegistry } from './flex/registry.js';

const INITIAL_CAPACITY = 256;

export class ByteWriter {
  /** @internal */ buf: FastBuffer;
  /** @internal Write position = bytes written. */ pos: number;
  /** @internal */ readonly registry: ClassRegistry;
  /** @internal */ readonly maxDepth: number;
  /** @internal */ depth: number;

  constructor(options?: AmfEncodeOptions) {
    this.buf = Buffer.allocUnsafe(INITIAL_CAPACITY) as FastBuffer;
    this.pos = 0;
    this.registry = options?.classRegistry ?? flexClassRegistry;
    this.maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.depth = 0;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** The bytes written so far, as a view (no copy) of the internal buffer; valid until the next write or clear(). */
  toBuffer(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** Forgets the bytes written (keeps the capacity). Reference tables are kept: see resetReferences(). */
  clear(): void {
    this.pos = 0;
  }

  /** @internal Makes room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const next = Buffer.allocUnsafe(cap) as FastBuffer;
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** @internal */
  enter(): void {
    if (++this.depth > this.maxDepth) {
      throw new AmfEncodeError('AMF_ERR_TOO_DEEP', `nesting deeper than maxDepth (${this.maxDepth})`);
    }
  }

  writeUInt8(v: number): this {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = v;
    return this;
  }

  writeBoolean(v: boolean): this {
    return this.writeUInt8(v ? 1 : 0);
  }

  writeUInt16(v: number): this {
    this.ensure(2);
    const p = this.pos;
    this.buf[p] = v >>> 8;
    this.buf[p + 1] = v;
    this.pos = p + 2;
    return this;
  }

  writeInt16(v: number): this {
    return this.writeUInt16(v & 0xffff);
  }

  writeUInt32(v: number): this {
    this.ensure(4);
    const p = this.pos;
    const b = this.buf;
    b[p] = v >>> 24;
    b[p + 1] = v >>> 16;
    b[p + 2] = v >>> 8;
    b[p + 3] = v;
    this.pos = p + 4;
    return this;
  }

  writeInt32(v: number): this {
    return this.writeUInt32(v >>> 0);
  }

  writeDouble(v: number): this {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
    return this;
  }

  writeFloat(v: number): this {
    this.ensure(4);
    this.buf.writeFloatBE(v, this.pos);
    this.pos += 4;
    return this;
  }

  writeBytes(bytes: Uint8Array): this {
    const n = bytes.length;
    this.ensure(n);
    this.buf.set(bytes, this.pos);
    this.pos += n;
    return this;
  }

  /** Writes the UTF-8 bytes of s with no length prefix (AS3 writeUTFBytes); returns the byte count. */
  writeUtf8(s: string): number {
    const n = s.length;
    this.ensure(n * 3);
    const start = this.pos;
    const written = this.writeUtf8At(s, start);
    this.pos = start + written;
    return written;
  }

  /** Writes a u16 byte length then the UTF-8 bytes (AMF0 string body, AS3 writeUTF). */
  writeUtf8String(s: string): this {
    const n = s.length;
    if (n > 0x5555) {
      const bytes = Buffer.byteLength(s, 'utf8');
      if (bytes > 0xffff) throw new AmfEncodeError('AMF_ERR_TOO_LARGE', `string of ${bytes} UTF-8 bytes exceeds 65535`);
    }
    this.ensure(2 + n * 3);
    const start = this.pos + 2;
    const written = this.writeUtf8At(s, start);
    this.buf[start - 2] = written >>> 8;
    this.buf[start - 1] = written;
    this.pos = start + written;
    return this;
  }

  /** Writes a u32 byte length then the UTF-8 bytes (AMF0 long string / XML body). */
  writeLongUtf8String(s: string): this {
    this.ensure(4 + s.length * 3);
    const start = this.pos + 4;
    const written = this.writeUtf8At(s, start);
    const b = this.buf;
    b[start - 4] = written >>> 24;
    b[start - 3] = written >>> 16;
    b[start - 2] = written >>> 8;
    b[start - 1] = written;
    this.pos = start + written;
    return this;
  }

  /** @internal Writes s at `at` (room for 3 bytes per UTF-16 unit must be ensured); returns the byte count. */
  writeUtf8At(s: string, at: number): number {
    const n = s.length;
    const buf = this.buf;
    if (n < 32) {
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[at + i] = c;
      }
      if (i === n) return n;
    }
    return buf.utf8Write(s, at, buf.length - at);
  }
}
