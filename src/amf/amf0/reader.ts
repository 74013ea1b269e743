// AMF0 decoding (AMF0 specification, sections 2.2-2.18): a cursor that reads one value at a time and keeps the
// object reference table, so "read one value at an offset, know where it ended" works for RTMP and remoting.
import { ByteReader } from '../byte-reader.js';
import type { AmfDecodeOptions } from '../options.js';
import { Amf3Reader } from '../amf3/reader.js';
import {
  AmfEcmaArray,
  AmfTypedObject,
  AmfXmlDocument,
  type AmfObject,
  type AmfValue,
} from '../types.js';

export class Amf0Reader extends ByteReader {
  /** @internal Objects, typed objects, ECMA and strict arrays, in the order they started. */
  refs: AmfValue[];
  /** @internal The AMF3 reader behind 0x11 markers; its tables live as long as this reader's. */
  private amf3: Amf3Reader | null;

  constructor(bytes: Uint8Array, options?: AmfDecodeOptions, offset = 0, end?: number) {
    super(bytes, options, offset, end);
    this.refs = [];
    this.amf3 = null;
  }

  /** Forgets the reference tables (AMF0 and the AMF3 tables behind 0x11), the depth and the element budget. */
  resetReferences(): void {
    if (this.refs.length > 0) this.refs = [];
    this.amf3?.resetReferences();
    this.depth = 0;
    this.elements = 0;
  }

  /** @internal */
  override rebind(bytes: Uint8Array): void {
    super.rebind(bytes);
    if (this.refs.length > 0) this.refs = [];
    const a3 = this.amf3;
    if (a3 !== null) {
      if (a3.options !== this.options) a3.configure(this.options);
      a3.rebind(bytes);
    }
  }

  /** @internal */
  override release(): void {
    super.release();
    if (this.refs.length > 0) this.refs = [];
    if (this.amf3 !== null) this.amf3.release();
  }

  /** Reads one value at `offset` and advances past it. */
  readValue(): AmfValue {
    const o = this.offset;
    if (o >= this.end) this.truncated(1);
    const marker = this.buf[o];
    this.offset = o + 1;
    if (++this.elements > this.maxElements) this.charge(0);
    switch (marker) {
      case 0x00: // Number
        return this.readDouble();
      case 0x01: // Boolean
        return this.readUInt8() !== 0;
      case 0x02: // String
        return this.readUtf8(this.readUInt16());
      case 0x03: { // Object
        const obj: AmfObject = {};
        this.addRef(obj);
        this.readMembers(obj);
        return obj;
      }
      case 0x05: // Null
        return null;
      case 0x06: // Undefined
      case 0x0d: // Unsupported
        return undefined;
      case 0x07: { // Reference
        const index = this.readUInt16();
        if (index >= this.refs.length) {
          this.fail('AMF_ERR_BAD_REFERENCE', `reference ${index} past the table (${this.refs.length})`, o);
        }
        return this.refs[index];
      }
      case 0x08: { // EcmaArray
        // The declared count is only a hint (encoders disagree on it): read to the object-end marker.
        this.readUInt32();
        const arr = new AmfEcmaArray();
        this.addRef(arr);
        this.readMembers(arr);
        return arr;
      }
      case 0x0a: // StrictArray
        return this.readStrictArray();
      case 0x0b: { // Date
        const ms = this.readDouble();
        this.readUInt16(); // time zone: reserved, ignored (spec 2.13)
        return new Date(ms);
      }
      case 0x0c: // LongString
        return this.readUtf8(this.readUInt32());
      case 0x0f: // XmlDocument
        return new AmfXmlDocument(this.readUtf8(this.readUInt32()));
      case 0x10: // TypedObject
        return this.readTypedObject();
      case 0x11: // AvmPlus
        return this.readAmf3Value();
      default:
        return this.fail('AMF_ERR_BAD_MARKER', `unknown AMF0 marker 0x${marker.toString(16).padStart(2, '0')}`, o);
    }
  }

  /** The AMF3 reader used after 0x11 (shares the input; created on first use). */
  get amf3Reader(): Amf3Reader {
    if (this.amf3 === null) this.amf3 = new Amf3Reader(this.buf, this.options, this.offset, this.end);
    return this.amf3;
  }

  private readAmf3Value(): AmfValue {
    const r = this.amf3Reader;
    r.offset = this.offset;
    r.depth = this.depth;
    r.elements = this.elements;
    const v = r.readValue();
    this.offset = r.offset;
    this.elements = r.elements;
    return v;
  }

  private addRef(v: AmfValue): void {
    if (this.refs.length >= this.maxReferences) {
      this.fail('AMF_ERR_BUDGET', `more than maxReferences (${this.maxReferences}) objects`);
    }
    this.refs.push(v);
  }

  /** Reads key/value pairs up to the object end: an empty key followed by 0x09 (an empty key alone is a member). */
  private readMembers(target: object): void {
    this.enter();
    const buf = this.buf;
    for (;;) {
      const keyLength = this.readUInt16();
      let key: string;
      if (keyLength === 0) {
        if (this.offset >= this.end) this.truncated(1);
        if (buf[this.offset] === 0x09 /* ObjectEnd */) {
          this.offset++;
          break;
        }
        key = '';
      } else {
        key = this.readUtf8(keyLength);
      }
      // Numbers and short strings inline (most members are), with readValue's budget check and bounds.
      let value: AmfValue;
      const o = this.offset;
      const marker = buf[o];
      if (marker === 0x00 /* Number */ && this.end - o >= 9) {
        if (++this.elements > this.maxElements) this.charge(0);
        this.offset = o + 9;
        value = this.view.getFloat64(this.viewBase + o + 1);
      } else if (marker === 0x02 /* String */ && this.end - o >= 3) {
        if (++this.elements > this.maxElements) this.charge(0);
        this.offset = o + 3;
        value = this.readUtf8((buf[o + 1] << 8) | buf[o + 2]);
      } else {
        value = this.readValue();
      }
      if (key === '__proto__') {
        Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
      } else {
        (target as AmfObject)[key] = value;
      }
    }
    this.depth--;
  }

  private readStrictArray(): AmfValue[] {
    const count = this.readUInt32();
    // Every element takes at least one byte: a count past the input is truncation, never an allocation.
    if (count > this.end - this.offset) this.truncated(count);
    this.charge(count);
    const arr: AmfValue[] = [];
    this.addRef(arr);
    this.enter();
    const buf = this.buf;
    const view = this.view;
    const viewBase = this.viewBase;
    for (let i = 0; i < count; i++) {
      // Numbers inline (arrays of numbers are common and this skips a call per element); the same budget check
      // and bounds as readValue, which reads everything else.
      const o = this.offset;
      if (buf[o] === 0x00 /* Number */ && this.end - o >= 9) {
        if (++this.elements > this.maxElements) this.charge(0);
        this.offset = o + 9;
        arr.push(view.getFloat64(viewBase + o + 1));
      } else {
        arr.push(this.readValue());
      }
    }
    this.depth--;
    return arr;
  }

  private readTypedObject(): AmfValue {
    const at = this.offset;
    const className = this.readUtf8(this.readUInt16());
    const entry = this.registry.lookupAlias(className);
    if (entry !== undefined && entry.create !== null) {
      const instance = entry.create();
      this.addRef(instance);
      try {
        this.readMembers(instance);
      } catch (err) {
        throw this.memberRefused(err, className, at);
      }
      return instance;
    }
    if (this.rejectUnknownClass) this.fail('AMF_ERR_UNKNOWN_CLASS', `unregistered class ${JSON.stringify(className)}`, at);
    const properties: AmfObject = {};
    const typed = new AmfTypedObject(className, properties);
    this.addRef(typed);
    this.readMembers(properties);
    return typed;
  }
}
