// The growable output buffer both AMF writers share: one Buffer, capacity doubling, big-endian writes.
// Short ASCII strings are copied in JS (cheaper than a native call for them); anything else goes through
// utf8Write. One-shot encoders detach each message as a view of a shared slab, as Buffer.allocUnsafe does with
// its pool, so a small message costs one view and no copy.
import { AmfEncodeError } from './errors.js';
import { DEFAULT_MAX_DEPTH, type AmfEncodeOptions } from './options.js';
import type { ClassRegistry } from './class-registry.js';
import type { FastBuffer } from './utf8.js';
import { flexClassRegistry } from './flex/registry.js';

const INITIAL_CAPACITY = 256;
/** Smallest slab for detached one-shot messages. */
const SLAB = 16 * 1024;
/**
 * Largest buffer a writer keeps between messages. A bigger message (a 4 MiB ByteArray) is written, then the
 * buffer is swapped for a small one (detach(), shrink()), so a long-lived shared writer never holds its
 * high-water size.
 */
export const MAX_RETAINED_BYTES = 256 * 1024;
/**
 * @internal A zero-length buffer a writer can hold while it has none of its own: every write checks the capacity
 * first, so the next write allocates (grow) to the size it needs.
 */
export const NO_BUFFER = Buffer.allocUnsafeSlow(0) as FastBuffer;
/** @internal */
export const NO_VIEW = new DataView(NO_BUFFER.buffer, 0, 0);
/** Longest string (in UTF-16 units) encoded by the JS loop. */
const JS_UTF8_MAX = 24;

const objectProto = Object.prototype;

/**
 * True while Object.prototype has no enumerable property (someone may add one), so that for-in over a plain or
 * null-prototype object lists exactly Object.keys. Writers iterate such objects with for-in: V8 then reads each
 * value by its field index from the enum cache instead of a keyed lookup per member (~2 ns per call).
 */
export function objectProtoIsClean(): boolean {
  for (const _ in objectProto) return false;
  return true;
}

export class ByteWriter {
  /** @internal */ buf: FastBuffer;
  /** @internal */ view: DataView;
  /** @internal Absolute write position in buf. */ pos: number;
  /** @internal Where the current message starts in buf. */ base: number;
  /** @internal */ registry: ClassRegistry;
  /** @internal */ maxDepth: number;
  /** @internal */ options: AmfEncodeOptions | undefined;
  /** @internal */ depth: number;

  constructor(options?: AmfEncodeOptions, capacity = INITIAL_CAPACITY) {
    this.buf = Buffer.allocUnsafeSlow(capacity) as FastBuffer;
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.pos = 0;
    this.base = 0;
    this.registry = options?.classRegistry ?? flexClassRegistry;
    this.maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.options = options;
    this.depth = 0;
  }

  /** @internal Applies encode options (one-shot encoders reconfigure a reused writer). */
  configure(options: AmfEncodeOptions | undefined): void {
    this.registry = options?.classRegistry ?? flexClassRegistry;
    this.maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.options = options;
  }

  /** @internal Bytes of buffer the writer holds (kept allocated between messages). */
  get retainedBytes(): number {
    return this.buf.length;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos - this.base;
  }

  /** The bytes written so far, as a view (no copy) of the internal buffer; valid until the next write or clear(). */
  toBuffer(): Buffer {
    return this.buf.subarray(this.base, this.pos);
  }

  /** Forgets the bytes written (keeps the capacity). Reference tables are kept: see resetReferences(). */
  clear(): void {
    this.pos = this.base;
  }

  /**
   * Between messages (after clear() or copying the bytes out): a buffer that one message grew past
   * MAX_RETAINED_BYTES is swapped for a small one. Bytes not yet handed out are dropped.
   */
  shrink(): void {
    if (this.buf.length <= MAX_RETAINED_BYTES) return;
    this.setBuffer(Buffer.allocUnsafeSlow(INITIAL_CAPACITY) as FastBuffer);
    this.pos = 0;
    this.base = 0;
  }

  /**
   * Hands out the bytes written as a Buffer the writer never writes to again (no copy: a view of the writer's
   * slab, like Buffer.allocUnsafe's pool), and starts the next message after them. Reference tables are kept.
   */
  detach(): Buffer {
    let out = this.buf.subarray(this.base, this.pos);
    const size = this.pos - this.base;
    // A big message in a buffer more than twice its size (growth doubles, AMF0 long strings reserve 3 bytes per
    // unit) is copied out, so the result does not pin the slack.
    if (size > MAX_RETAINED_BYTES && this.buf.length > 2 * size) out = Buffer.from(out);
    const next = (this.pos + 7) & ~7;
    if (this.buf.length - next >= Math.max(1024, size) && this.buf.length <= MAX_RETAINED_BYTES) {
      this.pos = next;
      this.base = next;
    } else {
      // Room for another message of this size, so a stream of mid-sized messages does not re-grow each time.
      // Past MAX_RETAINED_BYTES no buffer at all: the next message allocates what it needs (a stream of big
      // messages then costs one allocation each, as before the limit).
      const want = size + (size >> 2);
      if (want > MAX_RETAINED_BYTES) {
        this.buf = NO_BUFFER;
        this.view = NO_VIEW;
      } else {
        let cap = SLAB;
        while (cap < want) cap *= 2;
        this.setBuffer(Buffer.allocUnsafeSlow(cap) as FastBuffer);
      }
      this.pos = 0;
      this.base = 0;
    }
    return out;
  }

  /** @internal Makes room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  /** @internal */
  setBuffer(buf: FastBuffer): void {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private grow(n: number): void {
    const used = this.pos - this.base;
    let cap = Math.max(INITIAL_CAPACITY, this.buf.length * 2);
    while (cap < used + n) cap *= 2;
    const next = Buffer.allocUnsafeSlow(cap) as FastBuffer;
    this.buf.copy(next, 0, this.base, this.pos);
    this.setBuffer(next);
    this.base = 0;
    this.pos = used;
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
    this.view.setFloat64(this.pos, v);
    this.pos += 8;
    return this;
  }

  writeFloat(v: number): this {
    this.ensure(4);
    this.view.setFloat32(this.pos, v);
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
    if (n > JS_UTF8_MAX) return this.buf.utf8Write(s, at, this.buf.length - at);
    // Kept small so it inlines into the callers: short ASCII here, everything else native.
    const buf = this.buf;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return this.buf.utf8Write(s, at, this.buf.length - at);
      buf[at + i] = c;
    }
    return n;
  }
}

/**
 * Encodes s[i…] as UTF-8 at buf[p…] (room for 3 bytes per remaining UTF-16 unit); returns the end position. For
 * short strings this JS loop is cheaper than Buffer.byteLength plus utf8Write (two native calls). Lone surrogates
 * become U+FFFD (EF BF BD), as Buffer writes them, so the bytes are the same as the native path's.
 */
export function encodeUtf8Tail(buf: Uint8Array, s: string, i: number, p: number): number {
  const n = s.length;
  for (; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[p++] = c;
    } else if (c < 0x800) {
      buf[p] = 0xc0 | (c >> 6);
      buf[p + 1] = 0x80 | (c & 0x3f);
      p += 2;
    } else {
      if ((c & 0xf800) === 0xd800) {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c < 0xdc00 && (d & 0xfc00) === 0xdc00) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[p] = 0xf0 | (cp >> 18);
          buf[p + 1] = 0x80 | ((cp >> 12) & 0x3f);
          buf[p + 2] = 0x80 | ((cp >> 6) & 0x3f);
          buf[p + 3] = 0x80 | (cp & 0x3f);
          p += 4;
          i++;
          continue;
        }
        c = 0xfffd; // a lone surrogate
      }
      buf[p] = 0xe0 | (c >> 12);
      buf[p + 1] = 0x80 | ((c >> 6) & 0x3f);
      buf[p + 2] = 0x80 | (c & 0x3f);
      p += 3;
    }
  }
  return p;
}
