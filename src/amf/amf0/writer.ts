// AMF0 encoding (AMF0 specification). Objects, typed objects, ECMA and strict arrays are written once and then as
// references (0x07), as Flash Player does, so shared values and cycles survive. Values AMF0 cannot express
// (ByteArray, Vector, Dictionary, externalizables) are written as AMF3 after the 0x11 switch.
import { types } from 'node:util';
import { ByteWriter, NO_BUFFER, NO_VIEW, objectProtoIsClean } from '../byte-writer.js';
import { AmfEncodeError } from '../errors.js';
import type { AmfEncodeOptions } from '../options.js';
import { Amf3Writer } from '../amf3/writer.js';
import {
  AmfAssociativeArray,
  AmfEcmaArray,
  AmfTypedObject,
  AmfVector,
  AmfXml,
  AmfXmlDocument,
  type AmfObject,
  type AmfValue,
} from '../types.js';

const objectProto = Object.prototype;
const ecmaProto = AmfEcmaArray.prototype;
const getPrototypeOf = Object.getPrototypeOf;
// Internal-slot checks: a value whose prototype was swapped (e.g. by a `__proto__` key) cannot pass for a Date.
const { isDate, isUint8Array, isMap } = types;

export class Amf0Writer extends ByteWriter {
  /** @internal Object → reference index. */
  refs: Map<object, number>;
  private avmplus: boolean;
  private amf3: Amf3Writer | null;

  constructor(options?: AmfEncodeOptions) {
    super(options);
    this.refs = new Map();
    this.avmplus = options?.amf3 === true;
    this.amf3 = null;
  }

  /** @internal */
  override configure(options: AmfEncodeOptions | undefined): void {
    super.configure(options);
    this.avmplus = options?.amf3 === true;
    this.amf3 = null; // its registry and limits came from the old options
  }

  /** @internal The AMF3 writer behind 0x11 counts when it holds a buffer of its own. */
  override get retainedBytes(): number {
    const inner = this.amf3 !== null && this.amf3.buf !== this.buf ? this.amf3.buf.length : 0;
    return this.buf.length + inner;
  }

  /** Forgets written objects (AMF0 and the AMF3 tables behind 0x11). Call between messages. */
  resetReferences(): void {
    if (this.refs.size > 0) this.refs = new Map();
    this.amf3?.resetReferences();
    this.depth = 0;
  }

  /** Writes one value. */
  writeValue(v: AmfValue): this {
    switch (typeof v) {
      case 'number':
        this.ensure(9);
        this.buf[this.pos] = 0x00 /* Number */;
        this.view.setFloat64(this.pos + 1, v);
        this.pos += 9;
        return this;
      case 'string':
        this.writeString(v);
        return this;
      case 'boolean':
        this.ensure(2);
        this.buf[this.pos] = 0x01 /* Boolean */;
        this.buf[this.pos + 1] = v ? 1 : 0;
        this.pos += 2;
        return this;
      case 'undefined':
        return this.writeUInt8(0x06 /* Undefined */);
      case 'object':
        if (v === null) return this.writeUInt8(0x05 /* Null */);
        this.writeObject(v);
        return this;
      default:
        throw new AmfEncodeError('AMF_ERR_UNSUPPORTED_VALUE', `cannot encode a ${typeof v} in AMF0`);
    }
  }

  /** Writes 0x11 then `v` in AMF3 (tables shared across switches until resetReferences). */
  writeAmf3Value(v: AmfValue): this {
    const w = this.amf3Writer;
    this.writeUInt8(0x11 /* AvmPlus */);
    w.buf = this.buf;
    w.view = this.view;
    w.pos = this.pos;
    w.base = this.base;
    w.depth = this.depth;
    try {
      w.writeValue(v);
    } finally {
      this.buf = w.buf;
      this.view = w.view;
      this.pos = w.pos;
      this.base = w.base;
      // Between switches the AMF3 writer holds no buffer, so it never keeps an old (maybe large) one alive.
      w.buf = NO_BUFFER;
      w.view = NO_VIEW;
    }
    return this;
  }

  /** The AMF3 writer behind 0x11 (created on first use). */
  get amf3Writer(): Amf3Writer {
    if (this.amf3 === null) this.amf3 = new Amf3Writer(this.options, 0);
    return this.amf3;
  }

  /** Writes a string value: 0x02 + u16 length, or 0x0C + u32 length above 65535 UTF-8 bytes. */
  private writeString(s: string): void {
    const n = s.length;
    if (n <= 0x5555) {
      // At most 3 bytes per UTF-16 unit: always fits the u16 form.
      this.ensure(3 + n * 3);
      const start = this.pos + 3;
      const written = this.writeUtf8At(s, start);
      const b = this.buf;
      b[start - 3] = 0x02 /* String */;
      b[start - 2] = written >>> 8;
      b[start - 1] = written;
      this.pos = start + written;
      return;
    }
    const bytes = Buffer.byteLength(s, 'utf8');
    if (bytes <= 0xffff) {
      this.writeUInt8(0x02 /* String */);
      this.writeUtf8String(s);
    } else {
      this.writeUInt8(0x0c /* LongString */);
      this.writeLongUtf8String(s);
    }
  }

  private writeObject(v: object): void {
    if (this.avmplus) {
      this.writeAmf3Value(v);
      return;
    }
    const proto = getPrototypeOf(v) as object | null;
    if (proto !== objectProto && proto !== null) {
      if (isDate(v)) {
        this.ensure(11);
        this.buf[this.pos] = 0x0b /* Date */;
        this.view.setFloat64(this.pos + 1, v.getTime());
        this.buf[this.pos + 9] = 0;
        this.buf[this.pos + 10] = 0;
        this.pos += 11;
        return;
      }
      if (v instanceof AmfXmlDocument || v instanceof AmfXml) {
        this.writeUInt8(0x0f /* XmlDocument */);
        this.writeLongUtf8String(v.xml);
        return;
      }
      if (isUint8Array(v) || v instanceof AmfVector || isMap(v)) {
        this.writeAmf3Value(v);
        return;
      }
    }
    const index = this.refs.get(v);
    if (index !== undefined && index <= 0xffff) {
      this.ensure(3);
      this.buf[this.pos] = 0x07 /* Reference */;
      this.buf[this.pos + 1] = index >>> 8;
      this.buf[this.pos + 2] = index;
      this.pos += 3;
      return;
    }
    if (proto === objectProto || proto === null) {
      this.refs.set(v, this.refs.size);
      this.writeUInt8(0x03 /* Object */);
      if (proto === null || objectProtoIsClean()) this.writeOwnMembers(v as AmfObject);
      else this.writeMembers(v as AmfObject, Object.keys(v));
      return;
    }
    if (Array.isArray(v)) {
      this.refs.set(v, this.refs.size);
      this.writeStrictArray(v as AmfValue[]);
      return;
    }
    if (proto === ecmaProto) {
      this.refs.set(v, this.refs.size);
      const keys = Object.keys(v);
      this.writeUInt8(0x08 /* EcmaArray */);
      this.writeUInt32(keys.length);
      this.writeMembers(v as AmfObject, keys);
      return;
    }
    if (v instanceof AmfTypedObject) {
      this.refs.set(v, this.refs.size);
      this.writeUInt8(0x10 /* TypedObject */);
      this.writeUtf8String(v.className);
      this.writeMembers(v.properties, Object.keys(v.properties));
      return;
    }
    if (v instanceof AmfAssociativeArray) {
      this.refs.set(v, this.refs.size);
      this.writeAssociativeArray(v);
      return;
    }
    const entry = this.registry.lookupPrototype(proto as object);
    if (entry !== undefined) {
      if (entry.externalizable !== null) {
        this.writeAmf3Value(v);
        return;
      }
      this.refs.set(v, this.refs.size);
      this.writeUInt8(0x10 /* TypedObject */);
      this.writeUtf8String(entry.alias);
      this.writeMembers(v as AmfObject, entry.sealed && !entry.dynamic ? entry.sealed : Object.keys(v));
      return;
    }
    // An instance of an unregistered class: its own enumerable properties, as an anonymous object.
    this.refs.set(v, this.refs.size);
    this.writeUInt8(0x03 /* Object */);
    this.writeMembers(v as AmfObject, Object.keys(v));
  }

  /** writeMembers over the object's own keys, for an object whose for-in lists exactly those (see objectProtoIsClean). */
  private writeOwnMembers(obj: AmfObject): void {
    this.enter();
    for (const key in obj) {
      this.writeUtf8String(key);
      this.writeValue(obj[key]);
    }
    this.writeObjectEnd();
    this.depth--;
  }

  /** The empty key followed by 0x09 that closes an object's members. */
  private writeObjectEnd(): void {
    this.ensure(3);
    this.buf[this.pos] = 0;
    this.buf[this.pos + 1] = 0;
    this.buf[this.pos + 2] = 0x09 /* ObjectEnd */;
    this.pos += 3;
  }

  private writeMembers(obj: AmfObject, keys: readonly string[]): void {
    this.enter();
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      this.writeUtf8String(key);
      this.writeValue(obj[key]);
    }
    this.writeObjectEnd();
    this.depth--;
  }

  private writeStrictArray(arr: AmfValue[]): void {
    this.enter();
    const n = arr.length;
    this.ensure(5);
    this.buf[this.pos] = 0x0a /* StrictArray */;
    this.pos++;
    this.writeUInt32(n);
    for (let i = 0; i < n; i++) this.writeValue(arr[i]);
    this.depth--;
  }

  /** AMF0 has no dense/associative split: dense indices become keys "0", "1", … of an ECMA array. */
  private writeAssociativeArray(v: AmfAssociativeArray): void {
    this.enter();
    const keys = Object.keys(v.associative);
    this.writeUInt8(0x08 /* EcmaArray */);
    this.writeUInt32(v.dense.length + keys.length);
    for (let i = 0; i < v.dense.length; i++) {
      this.writeUtf8String(String(i));
      this.writeValue(v.dense[i]);
    }
    this.depth--;
    this.writeMembers(v.associative, keys);
  }
}
