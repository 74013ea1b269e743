// AMF3 decoding (AMF3 specification, sections 3.2-3.14). Three reference tables (strings, objects, traits) with the
// specification's rules: the empty string is never a reference; arrays, objects, dates, XML, ByteArrays, vectors and
// dictionaries share the object table and are registered before their members are read, so cycles and shared
// references come back as the same JavaScript objects (no flattening, whatever the graph's shape).
import { ByteReader } from '../byte-reader.js';
import { AmfDecodeError } from '../errors.js';
import type { AmfDecodeOptions } from '../options.js';
import type { Amf3Traits } from './traits.js';
import {
  AmfAssociativeArray,
  AmfDictionary,
  AmfTypedObject,
  AmfVector,
  AmfXml,
  AmfXmlDocument,
  type AmfObject,
  type AmfValue,
} from '../types.js';

/** Marks an externalizable object whose body is still being read (a reference to it cannot be resolved yet). */
const PENDING: AmfValue = Object.freeze({});
const NO_MEMBERS: readonly string[] = Object.freeze([]);

export class Amf3Reader extends ByteReader {
  /** @internal */ strings: string[];
  /** @internal */ objects: AmfValue[];
  /** @internal */ traits: Amf3Traits[];

  constructor(bytes: Uint8Array, options?: AmfDecodeOptions, offset = 0, end?: number) {
    super(bytes, options, offset, end);
    this.strings = [];
    this.objects = [];
    this.traits = [];
  }

  /** Forgets the three reference tables, the depth and the element budget (call between messages). */
  resetReferences(): void {
    if (this.strings.length > 0) this.strings = [];
    if (this.objects.length > 0) this.objects = [];
    if (this.traits.length > 0) this.traits = [];
    this.depth = 0;
    this.elements = 0;
  }

  /** @internal */
  override rebind(bytes: Uint8Array): void {
    super.rebind(bytes);
    if (this.strings.length > 0) this.strings = [];
    if (this.objects.length > 0) this.objects = [];
    if (this.traits.length > 0) this.traits = [];
  }

  /** @internal */
  override release(): void {
    super.release();
    if (this.strings.length > 0) this.strings = [];
    if (this.objects.length > 0) this.objects = [];
    if (this.traits.length > 0) this.traits = [];
  }

  /** Reads a U29 (1-4 bytes; the 4th byte carries 8 bits). */
  readU29(): number {
    let o = this.offset;
    const end = this.end;
    const buf = this.buf;
    if (o >= end) this.truncated(1);
    let b = buf[o++];
    if (b < 0x80) {
      this.offset = o;
      return b;
    }
    let v = b & 0x7f;
    if (o >= end) this.truncated(2);
    b = buf[o++];
    if (b < 0x80) {
      this.offset = o;
      return (v << 7) | b;
    }
    v = (v << 7) | (b & 0x7f);
    if (o >= end) this.truncated(3);
    b = buf[o++];
    if (b < 0x80) {
      this.offset = o;
      return (v << 7) | b;
    }
    v = (v << 7) | (b & 0x7f);
    if (o >= end) this.truncated(4);
    b = buf[o++];
    this.offset = o;
    return (v << 8) | b;
  }

  /** Reads an AMF3 integer body: a U29 sign-extended from 29 bits. */
  readInt29(): number {
    const u = this.readU29();
    return u & 0x10000000 ? u - 0x20000000 : u;
  }

  /** Reads one value at `offset` and advances past it. */
  readValue(): AmfValue {
    const o = this.offset;
    if (o >= this.end) this.truncated(1);
    const marker = this.buf[o];
    this.offset = o + 1;
    if (++this.elements > this.maxElements) this.charge(0);
    switch (marker) {
      case 0x00: // Undefined
        return undefined;
      case 0x01: // Null
        return null;
      case 0x02: // False
        return false;
      case 0x03: // True
        return true;
      case 0x04: // Integer
        return this.readInt29();
      case 0x05: // Double
        return this.readDouble();
      case 0x06: // String
        return this.readString();
      case 0x07: // XmlDocument
      case 0x0b: // Xml
        return this.readXml(marker === 0x0b /* Xml */);
      case 0x08: // Date
        return this.readDate();
      case 0x09: // Array
        return this.readArray();
      case 0x0a: // Object
        return this.readObject();
      case 0x0c: // ByteArray
        return this.readByteArray();
      case 0x0d: // VectorInt
      case 0x0e: // VectorUint
      case 0x0f: // VectorDouble
      case 0x10: // VectorObject
        return this.readVector(marker);
      case 0x11: // Dictionary
        return this.readDictionary();
      default:
        return this.fail('AMF_ERR_BAD_MARKER', `unknown AMF3 marker 0x${marker.toString(16).padStart(2, '0')}`, o);
    }
  }

  /** Reads a string body (U29S-ref or length + UTF-8); also used for keys and class names. */
  readString(): string {
    const at = this.offset;
    const u = this.readU29();
    if ((u & 1) === 0) {
      const index = u >>> 1;
      if (index >= this.strings.length) {
        this.fail('AMF_ERR_BAD_REFERENCE', `string reference ${index} past the table (${this.strings.length})`, at);
      }
      return this.strings[index];
    }
    const length = u >>> 1;
    if (length === 0) return '';
    const s = this.readUtf8(length);
    if (this.strings.length >= this.maxReferences) this.budget('strings', at);
    this.strings.push(s);
    return s;
  }

  /** @internal Registers a complex value in the object table; returns its index. */
  addObject(v: AmfValue, at: number): number {
    const n = this.objects.length;
    if (n >= this.maxReferences) this.budget('objects', at);
    this.objects.push(v);
    return n;
  }

  private budget(table: string, at: number): never {
    return this.fail('AMF_ERR_BUDGET', `more than maxReferences (${this.maxReferences}) ${table}`, at);
  }

  private objectRef(u: number, at: number): AmfValue {
    const index = u >>> 1;
    if (index >= this.objects.length) {
      this.fail('AMF_ERR_BAD_REFERENCE', `object reference ${index} past the table (${this.objects.length})`, at);
    }
    const v = this.objects[index];
    if (v === PENDING) this.fail('AMF_ERR_BAD_REFERENCE', `reference ${index} to an externalizable still being read`, at);
    return v;
  }

  private readXml(e4x: boolean): AmfValue {
    const at = this.offset;
    const u = this.readU29();
    if ((u & 1) === 0) return this.objectRef(u, at);
    const text = this.readUtf8(u >>> 1);
    const v = e4x ? new AmfXml(text) : new AmfXmlDocument(text);
    this.addObject(v, at);
    return v;
  }

  private readDate(): AmfValue {
    const at = this.offset;
    const u = this.readU29();
    if ((u & 1) === 0) return this.objectRef(u, at);
    const d = new Date(this.readDouble());
    this.addObject(d, at);
    return d;
  }

  private readArray(): AmfValue {
    const at = this.offset;
    const u = this.readU29();
    if ((u & 1) === 0) return this.objectRef(u, at);
    const count = u >>> 1;
    // Every element takes at least one byte: a count past the input is truncation, never an allocation.
    if (count > this.end - this.offset) this.truncated(count);
    this.charge(count);
    let key = this.readString();
    let result: AmfValue[] | AmfAssociativeArray;
    let dense: AmfValue[];
    if (key === '') {
      dense = [];
      result = dense;
      this.addObject(result, at);
      this.enter();
    } else {
      const associative: AmfObject = {};
      dense = [];
      result = new AmfAssociativeArray(associative, dense);
      this.addObject(result, at);
      this.enter();
      do {
        const value = this.readValue();
        this.charge(1);
        if (key === '__proto__') {
          Object.defineProperty(associative, key, { value, writable: true, enumerable: true, configurable: true });
        } else {
          associative[key] = value;
        }
        key = this.readString();
      } while (key !== '');
    }
    const buf = this.buf;
    for (let i = 0; i < count; i++) {
      // Integers and doubles inline (a call per element saved on number arrays); the same budget check and
      // bounds as readValue, which reads everything else.
      const o = this.offset;
      const marker = buf[o];
      if (marker === 0x04 /* Integer */ && o + 1 < this.end) {
        if (++this.elements > this.maxElements) this.charge(0);
        this.offset = o + 1;
        dense.push(this.readInt29());
      } else if (marker === 0x05 /* Double */ && this.end - o >= 9) {
        if (++this.elements > this.maxElements) this.charge(0);
        this.offset = o + 9;
        dense.push(this.view.getFloat64(this.viewBase + o + 1));
      } else {
        dense.push(this.readValue());
      }
    }
    this.depth--;
    return result;
  }

  private readObject(): AmfValue {
    const at = this.offset;
    const u = this.readU29();
    if ((u & 1) === 0) return this.objectRef(u, at);
    const traits = this.readTraits(u, at);
    if (traits.externalizable) return this.readExternalizable(traits, at);

    let target: object;
    let result: AmfValue;
    const entry = traits.entry;
    if (entry !== undefined && entry.create !== null) {
      target = entry.create();
      result = target;
    } else if (traits.className === '') {
      target = {};
      result = target;
    } else {
      if (this.rejectUnknownClass) {
        this.fail('AMF_ERR_UNKNOWN_CLASS', `unregistered class ${JSON.stringify(traits.className)}`, at);
      }
      const properties: AmfObject = {};
      target = properties;
      result = new AmfTypedObject(traits.className, properties, traits.sealed, traits.dynamic);
    }
    this.addObject(result, at);
    this.enter();
    if (target === result && traits.className !== '') {
      // A registered class instance: its accessors may refuse a member.
      try {
        this.readMembers(target, traits);
      } catch (err) {
        throw this.memberRefused(err, traits.className, at);
      }
    } else {
      this.readMembers(target, traits);
    }
    this.depth--;
    return result;
  }

  /** Sealed then dynamic members of one object, into `target`. */
  private readMembers(target: object, traits: Amf3Traits): void {
    const sealed = traits.sealed;
    for (let i = 0; i < sealed.length; i++) {
      const key = sealed[i];
      const value = this.readValue();
      if (key === '__proto__') {
        Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
      } else {
        (target as AmfObject)[key] = value;
      }
    }
    if (traits.dynamic) {
      for (let key = this.readString(); key !== ''; key = this.readString()) {
        const value = this.readValue();
        this.charge(1);
        if (key === '__proto__') {
          Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
        } else {
          (target as AmfObject)[key] = value;
        }
      }
    }
  }

  private readTraits(u: number, at: number): Amf3Traits {
    if ((u & 2) === 0) {
      const index = u >>> 2;
      if (index >= this.traits.length) {
        this.fail('AMF_ERR_BAD_REFERENCE', `traits reference ${index} past the table (${this.traits.length})`, at);
      }
      return this.traits[index];
    }
    let traits: Amf3Traits;
    if ((u & 4) !== 0) {
      const className = this.readString();
      traits = { className, sealed: NO_MEMBERS, dynamic: false, externalizable: true, entry: this.registry.lookupAlias(className) };
    } else {
      const count = u >>> 4;
      const className = this.readString();
      // Each sealed name and value takes at least one byte.
      if (count > this.end - this.offset) this.truncated(count);
      this.charge(count);
      const sealed: string[] = [];
      for (let i = 0; i < count; i++) sealed.push(this.readString());
      const entry = className === '' ? undefined : this.registry.lookupAlias(className);
      // Frozen: the list is handed out as AmfTypedObject.sealedMembers, and user code (an externalizable's read,
      // later edits) must never change how a trait reference later in the message is read.
      traits = { className, sealed: Object.freeze(sealed), dynamic: (u & 8) !== 0, externalizable: false, entry };
    }
    if (this.traits.length >= this.maxReferences) this.budget('traits', at);
    this.traits.push(traits);
    return traits;
  }

  private readExternalizable(traits: Amf3Traits, at: number): AmfValue {
    const codec = traits.entry?.externalizable;
    if (!codec) {
      // The body's format is known only to the class: without a registered reader it cannot even be skipped.
      return this.fail('AMF_ERR_UNKNOWN_CLASS', `unregistered externalizable class ${JSON.stringify(traits.className)}`, at);
    }
    const index = this.addObject(PENDING, at);
    this.enter();
    let v: AmfValue;
    try {
      v = codec.read(this);
    } catch (err) {
      if (err instanceof AmfDecodeError) throw err;
      throw new AmfDecodeError('AMF_ERR_MALFORMED', `externalizable ${traits.className}: ${String(err)}`, at);
    }
    this.depth--;
    this.objects[index] = v;
    return v;
  }

  private readByteArray(): AmfValue {
    const at = this.offset;
    const u = this.readU29();
    if ((u & 1) === 0) return this.objectRef(u, at);
    const length = u >>> 1;
    if (length > this.maxByteArrayBytes) {
      this.fail('AMF_ERR_TOO_LARGE', `ByteArray of ${length} bytes exceeds maxByteArrayBytes (${this.maxByteArrayBytes})`, at);
    }
    let bytes: Buffer;
    if (this.copyByteArrays) {
      bytes = this.readBytes(length);
    } else {
      const o = this.offset;
      if (this.end - o < length) this.truncated(length);
      this.offset = o + length;
      bytes = this.buf.subarray(o, o + length);
    }
    this.addObject(bytes, at);
    return bytes;
  }

  private readVector(marker: number): AmfValue {
    const at = this.offset;
    const u = this.readU29();
    if ((u & 1) === 0) return this.objectRef(u, at);
    const count = u >>> 1;
    const fixed = this.readUInt8() !== 0;
    const items: AmfValue[] = [];
    if (marker === 0x10 /* VectorObject */) {
      const typeName = this.readString();
      if (count > this.end - this.offset) this.truncated(count);
      this.charge(count);
      const v = new AmfVector('object', items, fixed, typeName);
      this.addObject(v, at);
      this.enter();
      for (let i = 0; i < count; i++) items.push(this.readValue());
      this.depth--;
      return v;
    }
    const size = marker === 0x0f /* VectorDouble */ ? 8 : 4;
    if (count > (this.end - this.offset) / size) this.truncated(count * size);
    this.charge(count);
    let o = this.viewBase + this.offset;
    const view = this.view;
    if (marker === 0x0d /* VectorInt */) {
      for (let i = 0; i < count; i++, o += 4) items.push(view.getInt32(o));
    } else if (marker === 0x0e /* VectorUint */) {
      for (let i = 0; i < count; i++, o += 4) items.push(view.getUint32(o));
    } else {
      for (let i = 0; i < count; i++, o += 8) items.push(view.getFloat64(o));
    }
    this.offset = o - this.viewBase;
    const type = marker === 0x0d /* VectorInt */ ? 'int' : marker === 0x0e /* VectorUint */ ? 'uint' : 'double';
    const v = new AmfVector(type, items, fixed);
    this.addObject(v, at);
    return v;
  }

  private readDictionary(): AmfValue {
    const at = this.offset;
    const u = this.readU29();
    if ((u & 1) === 0) return this.objectRef(u, at);
    const count = u >>> 1;
    const weakKeys = this.readUInt8() !== 0;
    if (count > (this.end - this.offset) / 2) this.truncated(count * 2);
    this.charge(count);
    const dict = new AmfDictionary();
    dict.weakKeys = weakKeys;
    this.addObject(dict, at);
    this.enter();
    for (let i = 0; i < count; i++) {
      const key = this.readValue();
      dict.set(key, this.readValue());
    }
    this.depth--;
    return dict;
  }
}
