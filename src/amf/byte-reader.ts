// The cursor both AMF readers share: bounds-checked big-endian reads over one Buffer, the decode limits and the
// element budget. Every read checks the remaining bytes first, so a declared length can never allocate or loop
// past the input.
import { AmfDecodeError, AmfTruncatedError, type AmfErrorCode } from './errors.js';
import {
  DEFAULT_MAX_BYTE_ARRAY_BYTES,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_ELEMENTS,
  DEFAULT_MAX_REFERENCES,
  DEFAULT_MAX_STRING_BYTES,
  type AmfDecodeOptions,
} from './options.js';
import type { ClassRegistry } from './class-registry.js';
import { asFastBuffer, decodeUtf8, type FastBuffer } from './utf8.js';
import { flexClassRegistry } from './flex/registry.js';

// Small inputs usually share an ArrayBuffer (Node's Buffer pool, one chunk of a socket read): remember the view of
// the last small one instead of building a DataView per message. Large ones are not remembered (no pinning).
const VIEW_CACHE_MAX_BYTES = 64 * 1024;
let lastBuffer: ArrayBufferLike | null = null;
let lastView: DataView | null = null;

const EMPTY_VIEW = new DataView(new ArrayBuffer(0));
const EMPTY_BUFFER = Buffer.alloc(0) as FastBuffer;

function viewOf(ab: ArrayBufferLike): DataView {
  if (ab === lastBuffer) return lastView!;
  if (ab.byteLength === 0) return EMPTY_VIEW;
  const view = new DataView(ab);
  if (ab.byteLength <= VIEW_CACHE_MAX_BYTES) {
    lastBuffer = ab;
    lastView = view;
  }
  return view;
}

export class ByteReader {
  /** Current read position (absolute offset into the bytes given to the constructor). */
  offset: number;
  /** One past the last readable byte. */
  readonly end: number;
  /** @internal */ readonly buf: FastBuffer;
  /** @internal Big-endian number reads: a view of the whole ArrayBuffer, read at viewBase + offset. */ readonly view: DataView;
  /** @internal buf.byteOffset. */ readonly viewBase: number;
  /** @internal */ maxDepth: number;
  /** @internal */ maxStringBytes: number;
  /** @internal */ maxElements: number;
  /** @internal */ maxReferences: number;
  /** @internal */ maxByteArrayBytes: number;
  /** @internal */ strictUtf8: boolean;
  /** @internal */ copyByteArrays: boolean;
  /** @internal */ rejectUnknownClass: boolean;
  /** @internal */ registry: ClassRegistry;
  /** @internal */ options: AmfDecodeOptions | undefined;
  /** @internal Current container nesting. */ depth: number;
  /** @internal Elements decoded so far (values and container entries). */ elements: number;

  constructor(bytes: Uint8Array, options?: AmfDecodeOptions, offset = 0, end?: number) {
    this.buf = asFastBuffer(bytes);
    this.view = viewOf(this.buf.buffer);
    this.viewBase = this.buf.byteOffset;
    this.offset = offset;
    this.end = end ?? this.buf.length;
    if (!(offset >= 0 && offset <= this.end && this.end <= this.buf.length)) {
      throw new RangeError('AMF reader: offset/end outside the input');
    }
    this.options = undefined;
    this.maxDepth = 0;
    this.maxStringBytes = 0;
    this.maxElements = 0;
    this.maxReferences = 0;
    this.maxByteArrayBytes = 0;
    this.strictUtf8 = false;
    this.copyByteArrays = true;
    this.rejectUnknownClass = false;
    this.registry = flexClassRegistry;
    this.configure(options);
    this.depth = 0;
    this.elements = 0;
  }

  /** @internal Applies decode options (one-shot decoders reconfigure a reused reader). */
  configure(options: AmfDecodeOptions | undefined): void {
    this.options = options;
    this.maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.maxStringBytes = options?.maxStringBytes ?? DEFAULT_MAX_STRING_BYTES;
    this.maxElements = options?.maxElements ?? DEFAULT_MAX_ELEMENTS;
    this.maxReferences = options?.maxReferences ?? DEFAULT_MAX_REFERENCES;
    this.maxByteArrayBytes = options?.maxByteArrayBytes ?? DEFAULT_MAX_BYTE_ARRAY_BYTES;
    this.strictUtf8 = options?.utf8 === 'strict';
    this.copyByteArrays = options?.copyByteArrays !== false;
    this.rejectUnknownClass = options?.onUnknownClass === 'reject';
    this.registry = options?.classRegistry ?? flexClassRegistry;
  }

  /** @internal Points this reader at new input (one-shot decoders reuse readers); tables are reset by the subclass. */
  rebind(bytes: Uint8Array): void {
    const self = this as { buf: FastBuffer; view: DataView; viewBase: number; end: number };
    self.buf = asFastBuffer(bytes);
    self.view = viewOf(self.buf.buffer);
    self.viewBase = self.buf.byteOffset;
    self.end = self.buf.length;
    this.offset = 0;
    this.depth = 0;
    this.elements = 0;
  }

  /** @internal Drops the input (a one-shot decoder parks its reader between calls), without rebind's checks. */
  release(): void {
    const self = this as { buf: FastBuffer; view: DataView; viewBase: number; end: number };
    self.buf = EMPTY_BUFFER;
    self.view = EMPTY_VIEW;
    self.viewBase = 0;
    self.end = 0;
    this.offset = 0;
  }

  /** True while unread bytes remain. */
  hasMore(): boolean {
    return this.offset < this.end;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.end - this.offset;
  }

  /** @internal Throws AMF_ERR_TRUNCATED unless n more bytes are available. */
  need(n: number): void {
    if (this.end - this.offset < n) this.truncated(n);
  }

  /** @internal */
  truncated(n: number): never {
    throw new AmfTruncatedError(`need ${n} byte(s), ${this.end - this.offset} left`, this.offset);
  }

  /** @internal */
  fail(code: AmfErrorCode, message: string, offset = this.offset): never {
    throw new AmfDecodeError(code, message, offset);
  }

  /**
   * @internal What a registered class instance's member store threw (a getter-only accessor, a throwing setter:
   * the member names come off the wire), as a coded error; our own errors pass through.
   */
  memberRefused(err: unknown, className: string, at: number): AmfDecodeError {
    if (err instanceof AmfDecodeError) return err;
    const e = new AmfDecodeError('AMF_ERR_MALFORMED', `class ${JSON.stringify(className)} refused a member: ${String(err)}`, at);
    (e as { cause?: unknown }).cause = err;
    return e;
  }

  /** @internal Charges n elements against maxElements. */
  charge(n: number): void {
    this.elements += n;
    if (this.elements > this.maxElements) {
      this.fail('AMF_ERR_BUDGET', `more than maxElements (${this.maxElements}) elements`);
    }
  }

  /** @internal Enters a container; throws AMF_ERR_TOO_DEEP before any recursion past maxDepth. */
  enter(): void {
    if (++this.depth > this.maxDepth) this.fail('AMF_ERR_TOO_DEEP', `nesting deeper than maxDepth (${this.maxDepth})`);
  }

  readUInt8(): number {
    if (this.offset >= this.end) this.truncated(1);
    return this.buf[this.offset++];
  }

  readBoolean(): boolean {
    return this.readUInt8() !== 0;
  }

  readUInt16(): number {
    const o = this.offset;
    if (this.end - o < 2) this.truncated(2);
    this.offset = o + 2;
    return (this.buf[o] << 8) | this.buf[o + 1];
  }

  readInt16(): number {
    const v = this.readUInt16();
    return v & 0x8000 ? v - 0x10000 : v;
  }

  readUInt32(): number {
    const o = this.offset;
    if (this.end - o < 4) this.truncated(4);
    this.offset = o + 4;
    const b = this.buf;
    return b[o] * 0x1000000 + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
  }

  readInt32(): number {
    return this.readUInt32() | 0;
  }

  readDouble(): number {
    const o = this.offset;
    if (this.end - o < 8) this.truncated(8);
    this.offset = o + 8;
    return this.view.getFloat64(this.viewBase + o);
  }

  readFloat(): number {
    const o = this.offset;
    if (this.end - o < 4) this.truncated(4);
    this.offset = o + 4;
    return this.view.getFloat32(this.viewBase + o);
  }

  /** Reads `length` bytes as UTF-8 (AS3 readUTFBytes). Checks maxStringBytes and the remaining input first. */
  readUtf8(length: number): string {
    const o = this.offset;
    if (length > this.maxStringBytes) {
      this.fail('AMF_ERR_TOO_LARGE', `string of ${length} bytes exceeds maxStringBytes (${this.maxStringBytes})`);
    }
    if (this.end - o < length) this.truncated(length);
    const s = decodeUtf8(this.buf, o, o + length, this.strictUtf8, this.view, this.viewBase);
    if (s === undefined) this.fail('AMF_ERR_BAD_UTF8', 'invalid UTF-8 in string', o);
    this.offset = o + length;
    return s;
  }

  /** Reads a u16 length then that many UTF-8 bytes (AMF0 string body, AS3 readUTF). */
  readUtf8String(): string {
    return this.readUtf8(this.readUInt16());
  }

  /** Reads a u32 length then that many UTF-8 bytes (AMF0 long string / XML body). */
  readLongUtf8String(): string {
    return this.readUtf8(this.readUInt32());
  }

  /** Returns a copy of the next `length` bytes. */
  readBytes(length: number): Buffer {
    const o = this.offset;
    if (this.end - o < length) this.truncated(length);
    this.offset = o + length;
    return Buffer.from(this.buf.subarray(o, o + length));
  }
}
