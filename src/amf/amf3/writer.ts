// AMF3 encoding with the bytes Flash Player writes: shortest U29, integers as 0x04 inside ±2^28 (else doubles,
// and -0 as a double), every non-empty string, object and trait definition sent once and then referenced.
import { types } from 'node:util';
import { ByteWriter, encodeUtf8Tail, objectProtoIsClean } from '../byte-writer.js';
import { AmfEncodeError } from '../errors.js';
import type { AmfEncodeOptions } from '../options.js';
import type { ClassEntry } from '../class-registry.js';
import { AMF3_INT_MAX, AMF3_INT_MIN, U29_MAX } from './markers.js';
import { EXTERNALIZABLE_TRAITS_HEADER, traitsHeader } from './traits.js';
import { isUidShaped, UID_LENGTH } from './uid.js';
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
const getPrototypeOf = Object.getPrototypeOf;
// Internal-slot checks: a value whose prototype was swapped (e.g. by a `__proto__` key) cannot pass for a Date.
const { isDate, isUint8Array, isMap } = types;
const NO_MEMBERS: readonly string[] = Object.freeze([]);
/** Trait-table key of anonymous objects (dynamic, no sealed members, class name ''). */
const ANONYMOUS_TRAITS = '\u0000anonymous';

/** Strings shorter than this (UTF-16 units) are encoded in JS: at most 189 bytes, a 1- or 2-byte header. */
const AMF3_JS_STRING_MAX = 64;
/** Strings this long (UTF-16 units) or longer get a per-message table entry instead of a lasting one. */
const LONG_STRING = 128;
/** Entries the lasting string table may hold before it is dropped at the start of a message. */
const STRING_TABLE_MAX = 4096;
/** Objects a message's object table keeps in a list (identity compared) before it moves them into a Map. */
const SMALL_OBJECT_TABLE = 16;
/** UID-shaped strings a message keeps in its identity list before the rest go to `longStrings`. */
const SMALL_UID_TABLE = 16;

/**
 * A lasting string-table entry: the sequence number its string got last. Mutable, so a string seen in an earlier
 * message costs one Map lookup (get, then update the slot) instead of a get and a set.
 */
interface StringSlot {
  seq: number;
}

/**
 * A message's trait-table key for a class name and member names. Each name is length-prefixed: names come off the
 * wire (a relayed typed object) and may hold NUL or be empty, and a plain join would let two different layouts
 * share a key (the second object would then be written against the first one's traits).
 */
function layoutKey(prefix: string, className: string, names: readonly string[]): string {
  let key = `${prefix}${className.length}:${className}`;
  for (let i = 0; i < names.length; i++) key += `${names[i].length}:${names[i]}`;
  return key;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class Amf3Writer extends ByteWriter {
  /**
   * @internal String table. It outlives messages: each string maps to a sequence number, and the current message's
   * table is the numbers from `stringBase` on (its index is number - stringBase). Strings repeated across messages
   * (member names, class names, status codes) then cost an update instead of an insertion into a fresh, growing
   * Map. Only short strings are kept (long ones go to `longStrings`, per message), at most STRING_TABLE_MAX of them
   * (under 1 MiB).
   */
  strings: Map<string, StringSlot>;
  /** @internal Strings of LONG_STRING units or more, this message only (not kept alive past it). */
  longStrings: Map<string, number> | null;
  /**
   * @internal UID-shaped strings of this message (never in `strings`: they are mostly used once), searched by
   * equality; past SMALL_UID_TABLE of them the rest go to `longStrings`. `uidSeqs` holds their sequence numbers.
   */
  uids: string[];
  /** @internal */ uidSeqs: number[];
  /** @internal Sequence number of the next string. */ stringSeq: number;
  /** @internal Sequence number of the current message's first string. */ stringBase: number;
  /**
   * @internal Object table: the first SMALL_OBJECT_TABLE objects of a message in a list searched by identity
   * (cheaper than a Map, which must give every fresh object an identity hash), the rest in `objectMap`.
   */
  objects: object[];
  /** @internal Every object of the message once the list is full (null until then). */ objectMap: Map<object, number> | null;
  /**
   * @internal The string slots of each cached trait block's names (class name first), so the block's names enter
   * the table by slot updates instead of Map lookups. Valid for one lasting table: dropped with it.
   */
  traitSlots: Map<ClassEntry, StringSlot[]>;
  /** @internal Trait table: keys of the first SMALL_OBJECT_TABLE traits of a message, searched in order. */
  traitKeys: string[];
  /** @internal Every trait key of the message once the list is full (null until then). */
  traitMap: Map<string, number> | null;
  private lastEntry: ClassEntry | null;
  private lastKeys: readonly string[];
  private lastKey: string;
  /** Frozen (a decoded list, or a copy of the caller's): a list edited after its key was made cannot reuse it. */
  private lastTypedSealed: readonly string[];
  private lastTypedClass: string;
  private lastTypedDynamic: boolean;
  private lastTypedKey: string;

  constructor(options?: AmfEncodeOptions, capacity?: number) {
    super(options, capacity);
    this.strings = new Map();
    this.longStrings = null;
    this.uids = [];
    this.uidSeqs = [];
    this.stringSeq = 0;
    this.stringBase = 0;
    this.objects = [];
    this.objectMap = null;
    this.traitSlots = new Map();
    this.traitKeys = [];
    this.traitMap = null;
    this.lastEntry = null;
    this.lastKeys = [];
    this.lastKey = '';
    this.lastTypedSealed = NO_MEMBERS;
    this.lastTypedClass = '';
    this.lastTypedDynamic = false;
    this.lastTypedKey = layoutKey('ts', '', NO_MEMBERS);
  }

  /** Forgets the three reference tables (call between messages). */
  resetReferences(): void {
    this.stringBase = this.stringSeq;
    if (this.strings.size > STRING_TABLE_MAX || this.stringSeq > 0x3fffffff) {
      this.strings = new Map();
      this.stringSeq = 0;
      this.stringBase = 0;
      if (this.traitSlots.size > 0) this.traitSlots = new Map();
    }
    this.longStrings = null;
    // New arrays rather than `length = 0` (a runtime call in V8).
    if (this.uids.length > 0) {
      this.uids = [];
      this.uidSeqs = [];
    }
    if (this.objects.length > 0) this.objects = [];
    this.objectMap = null;
    if (this.traitKeys.length > 0) this.traitKeys = [];
    this.traitMap = null;
    this.depth = 0;
  }

  /** Writes a U29 (0 … 2^29-1) in its shortest form. */
  writeU29(v: number): this {
    if (v >>> 0 !== v || v > U29_MAX) throw new AmfEncodeError('AMF_ERR_TOO_LARGE', `U29 out of range: ${v}`);
    this.ensure(4);
    const b = this.buf;
    let p = this.pos;
    if (v < 0x80) {
      b[p++] = v;
    } else if (v < 0x4000) {
      b[p++] = (v >>> 7) | 0x80;
      b[p++] = v & 0x7f;
    } else if (v < 0x200000) {
      b[p++] = (v >>> 14) | 0x80;
      b[p++] = ((v >>> 7) & 0x7f) | 0x80;
      b[p++] = v & 0x7f;
    } else {
      b[p++] = (v >>> 22) | 0x80;
      b[p++] = ((v >>> 15) & 0x7f) | 0x80;
      b[p++] = ((v >>> 8) & 0x7f) | 0x80;
      b[p++] = v & 0xff;
    }
    this.pos = p;
    return this;
  }

  /**
   * Writes an element count as U29 (count << 1 | 1). A count past 2^28-1 (a sparse array's length can reach
   * 2^32-1) would wrap to a small valid header, then the elements would be walked: refused first.
   */
  private writeCount(n: number): void {
    if (n > 0x0fffffff) throw new AmfEncodeError('AMF_ERR_TOO_LARGE', `${n} elements exceed 2^28-1`);
    this.writeU29((n << 1) | 1);
  }

  /** Writes one value. */
  writeValue(v: AmfValue): this {
    switch (typeof v) {
      case 'number': {
        const i = v | 0;
        if (i === v && i >= AMF3_INT_MIN && i <= AMF3_INT_MAX && (i !== 0 || 1 / v > 0)) {
          this.ensure(5);
          this.buf[this.pos++] = 0x04 /* Integer */;
          this.writeU29(i & U29_MAX);
        } else {
          this.ensure(9);
          this.buf[this.pos] = 0x05 /* Double */;
          this.view.setFloat64(this.pos + 1, v);
          this.pos += 9;
        }
        return this;
      }
      case 'string':
        this.writeUInt8(0x06 /* String */);
        this.writeString(v);
        return this;
      case 'boolean':
        return this.writeUInt8(v ? 0x03 /* True */ : 0x02 /* False */);
      case 'undefined':
        return this.writeUInt8(0x00 /* Undefined */);
      case 'object':
        if (v === null) return this.writeUInt8(0x01 /* Null */);
        this.writeObject(v);
        return this;
      default:
        throw new AmfEncodeError('AMF_ERR_UNSUPPORTED_VALUE', `cannot encode a ${typeof v} in AMF3`);
    }
  }

  /** Writes a string body: '' as 0x01, a repeated string as a reference, else U29 length + UTF-8. */
  writeString(s: string): this {
    const n = s.length;
    if (n === 0) return this.writeUInt8(0x01);
    if (n >= LONG_STRING) return this.writeLongString(s, n);
    if (n === UID_LENGTH && isUidShaped(s)) return this.writeUid(s);
    const slot = this.strings.get(s);
    if (slot === undefined) {
      this.strings.set(s, { seq: this.stringSeq++ });
    } else if (slot.seq >= this.stringBase) {
      return this.writeU29((slot.seq - this.stringBase) << 1);
    } else {
      slot.seq = this.stringSeq++;
    }
    if (n < AMF3_JS_STRING_MAX) {
      // Encoded in JS after an optimistic 1-byte header (fine below 64 bytes); a longer result (at most 189
      // bytes) moves over by one for its 2-byte header.
      this.ensure(2 + n * 3);
      const b = this.buf;
      const start = this.pos + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[start + i] = c;
      }
      if (i === n) {
        b[start - 1] = (n << 1) | 1;
        this.pos = start + n;
        return this;
      }
      const end = encodeUtf8Tail(b, s, i, start + i);
      const bytes = end - start;
      if (bytes < 64) {
        b[start - 1] = (bytes << 1) | 1;
        this.pos = end;
      } else {
        b.copyWithin(start + 1, start, end);
        b[start - 1] = (bytes >>> 6) | 0x80;
        b[start] = ((bytes << 1) | 1) & 0x7f;
        this.pos = end + 1;
      }
      return this;
    }
    // 64 to 127 units: 64 to 381 UTF-8 bytes.
    return this.writeInlineUtf8TwoByteHeader(s, n);
  }

  /**
   * A string value (no reference) of n = 64 to 2,730 UTF-16 units, so 64 to 8,190 UTF-8 bytes:
   * always a 2-byte U29 header, so one native write straight after it and the header filled in afterwards.
   */
  private writeInlineUtf8TwoByteHeader(s: string, n: number): this {
    this.ensure(2 + n * 3);
    const start = this.pos + 2;
    const bytes = this.buf.utf8Write(s, start, n * 3);
    this.buf[start - 2] = (bytes >>> 6) | 0x80;
    this.buf[start - 1] = ((bytes << 1) | 1) & 0x7f;
    this.pos = start + bytes;
    return this;
  }

  /** writeString for UID-shaped strings: a per-message list, then the per-message `longStrings`. */
  private writeUid(s: string): this {
    const uids = this.uids;
    const n = uids.length;
    for (let i = 0; i < n; i++) {
      if (uids[i] === s) return this.writeU29((this.uidSeqs[i] - this.stringBase) << 1);
    }
    if (n < SMALL_UID_TABLE) {
      uids.push(s);
      this.uidSeqs.push(this.stringSeq++);
    } else {
      let long = this.longStrings;
      if (long === null) long = this.longStrings = new Map();
      const seq = long.get(s);
      if (seq !== undefined) return this.writeU29((seq - this.stringBase) << 1);
      long.set(s, this.stringSeq++);
    }
    // One native write: cheaper than the JS loop for 36 units, above all for the concatenated (not yet flat)
    // strings id generators build. At most 108 bytes; from 64 on the text moves over for a 2-byte header.
    this.ensure(2 + UID_LENGTH * 3);
    const b = this.buf;
    const start = this.pos + 1;
    const bytes = b.utf8Write(s, start, UID_LENGTH * 3);
    if (bytes < 64) {
      b[start - 1] = (bytes << 1) | 1;
      this.pos = start + bytes;
    } else {
      b.copyWithin(start + 1, start, start + bytes);
      b[start - 1] = (bytes >>> 6) | 0x80;
      b[start] = ((bytes << 1) | 1) & 0x7f;
      this.pos = start + bytes + 1;
    }
    return this;
  }

  /** writeString for strings of LONG_STRING units or more: a per-message table, so none outlives its message. */
  private writeLongString(s: string, n: number): this {
    let long = this.longStrings;
    if (long === null) long = this.longStrings = new Map();
    const seq = long.get(s);
    if (seq !== undefined) return this.writeU29((seq - this.stringBase) << 1);
    long.set(s, this.stringSeq++);
    if (n < 2731) return this.writeInlineUtf8TwoByteHeader(s, n); // 64 to 8,190 UTF-8 bytes
    const bytes = Buffer.byteLength(s, 'utf8');
    if (bytes > 0x0fffffff) throw new AmfEncodeError('AMF_ERR_TOO_LARGE', `string of ${bytes} bytes exceeds 2^28-1`);
    this.writeU29((bytes << 1) | 1);
    this.ensure(bytes);
    this.pos += this.buf.utf8Write(s, this.pos, bytes);
    return this;
  }

  /** Writes an object-table reference if `v` was written before; else registers it and returns false. */
  private writeRef(v: object): boolean {
    const map = this.objectMap;
    if (map === null) {
      const list = this.objects;
      const n = list.length;
      for (let i = 0; i < n; i++) {
        if (list[i] === v) {
          this.writeU29(i << 1);
          return true;
        }
      }
      if (n < SMALL_OBJECT_TABLE) {
        list.push(v);
        return false;
      }
      const m = (this.objectMap = new Map());
      for (let i = 0; i < n; i++) m.set(list[i], i);
      m.set(v, n);
      return false;
    }
    const index = map.get(v);
    if (index !== undefined) {
      this.writeU29(index << 1);
      return true;
    }
    map.set(v, map.size);
    return false;
  }

  private writeObject(v: object): void {
    const proto = getPrototypeOf(v) as object | null;
    if (proto === objectProto || proto === null) {
      this.writeUInt8(0x0a /* Object */);
      if (this.writeRef(v)) return;
      this.writeAnonymous(v as AmfObject, proto === null || objectProtoIsClean());
      return;
    }
    if (Array.isArray(v)) {
      this.writeUInt8(0x09 /* Array */);
      if (this.writeRef(v)) return;
      this.writeDense(v as AmfValue[]);
      return;
    }
    if (isDate(v)) {
      this.writeUInt8(0x08 /* Date */);
      if (this.writeRef(v)) return;
      this.writeUInt8(0x01);
      this.writeDouble(v.getTime());
      return;
    }
    if (isUint8Array(v)) {
      this.writeUInt8(0x0c /* ByteArray */);
      if (this.writeRef(v)) return;
      if (v.length > 0x0fffffff) throw new AmfEncodeError('AMF_ERR_TOO_LARGE', 'ByteArray above 2^28-1 bytes');
      this.writeU29((v.length << 1) | 1);
      this.writeBytes(v);
      return;
    }
    if (v instanceof AmfTypedObject) {
      this.writeUInt8(0x0a /* Object */);
      if (this.writeRef(v)) return;
      this.writeTypedObject(v);
      return;
    }
    if (v instanceof AmfEcmaArray || v instanceof AmfAssociativeArray) {
      this.writeUInt8(0x09 /* Array */);
      if (this.writeRef(v)) return;
      if (v instanceof AmfAssociativeArray) this.writeMixedArray(v.associative, v.dense);
      else this.writeMixedArray(v as AmfObject, []);
      return;
    }
    if (v instanceof AmfXmlDocument || v instanceof AmfXml) {
      this.writeUInt8(v instanceof AmfXml ? 0x0b /* Xml */ : 0x07 /* XmlDocument */);
      if (this.writeRef(v)) return;
      const bytes = Buffer.byteLength(v.xml, 'utf8');
      if (bytes > 0x0fffffff) throw new AmfEncodeError('AMF_ERR_TOO_LARGE', 'XML above 2^28-1 bytes');
      this.writeU29((bytes << 1) | 1);
      this.ensure(bytes);
      this.pos += this.buf.utf8Write(v.xml, this.pos, bytes);
      return;
    }
    if (v instanceof AmfVector) {
      this.writeVector(v);
      return;
    }
    if (isMap(v)) {
      this.writeUInt8(0x11 /* Dictionary */);
      if (this.writeRef(v)) return;
      this.writeDictionary(v as Map<AmfValue, AmfValue>);
      return;
    }
    const entry = this.registry.lookupPrototype(proto as object);
    this.writeUInt8(0x0a /* Object */);
    if (this.writeRef(v)) return;
    if (entry === undefined) {
      // An instance of an unregistered class: its own enumerable properties, as an anonymous object.
      this.writeAnonymous(v as AmfObject, false);
    } else if (entry.externalizable !== null) {
      this.writeExternalizable(v, entry);
    } else {
      this.writeRegistered(v as AmfObject, entry);
    }
  }

  /** Index of `key` in this message's trait table, or -1. */
  private findTraits(key: string): number {
    const map = this.traitMap;
    if (map !== null) return map.get(key) ?? -1;
    const keys = this.traitKeys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) return i;
    return -1;
  }

  /** Appends `key` (not in the table) to this message's trait table. */
  private addTraits(key: string): void {
    const map = this.traitMap;
    if (map !== null) {
      map.set(key, map.size);
      return;
    }
    const keys = this.traitKeys;
    if (keys.length < SMALL_OBJECT_TABLE) {
      keys.push(key);
      return;
    }
    const m = (this.traitMap = new Map());
    for (let i = 0; i < keys.length; i++) m.set(keys[i], i);
    m.set(key, keys.length);
  }

  /** `plain`: for-in lists exactly the own keys (see objectProtoIsClean), the fast way to walk them. */
  private writeAnonymous(obj: AmfObject, plain: boolean): void {
    const t = this.findTraits(ANONYMOUS_TRAITS);
    if (t >= 0) {
      this.writeU29((t << 2) | 1);
    } else {
      this.addTraits(ANONYMOUS_TRAITS);
      this.ensure(2);
      this.buf[this.pos++] = traitsHeader(0, true);
      this.buf[this.pos++] = 0x01; // class name ''
    }
    this.enter();
    if (plain) {
      for (const key in obj) {
        if (key === '') continue; // '' ends the dynamic members: it cannot be written as a key
        this.writeString(key);
        this.writeValue(obj[key]);
      }
    } else {
      this.writeKeyedValues(obj, Object.keys(obj));
    }
    this.writeUInt8(0x01);
    this.depth--;
  }

  /** Dynamic members or an array's associative part: key then value, skipping '' (it would end the list). */
  private writeKeyedValues(obj: AmfObject, keys: readonly string[]): void {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key === '') continue;
      this.writeString(key);
      this.writeValue(obj[key]);
    }
  }

  private writeDense(arr: AmfValue[]): void {
    const n = arr.length;
    this.writeCount(n);
    this.writeUInt8(0x01); // no associative part
    this.enter();
    for (let i = 0; i < n; i++) this.writeValue(arr[i]);
    this.depth--;
  }

  private writeMixedArray(associative: AmfObject, dense: AmfValue[]): void {
    this.writeCount(dense.length);
    this.enter();
    this.writeKeyedValues(associative, Object.keys(associative));
    this.writeUInt8(0x01);
    for (let i = 0; i < dense.length; i++) this.writeValue(dense[i]);
    this.depth--;
  }

  /** Writes traits inline the first time a key is seen in this message, else as a trait reference. */
  private writeTraits(key: string, className: string, sealed: readonly string[], dynamic: boolean): void {
    const t = this.findTraits(key);
    if (t >= 0) {
      this.writeU29((t << 2) | 1);
      return;
    }
    this.addTraits(key);
    this.writeU29(traitsHeader(sealed.length, dynamic));
    this.writeString(className);
    for (let i = 0; i < sealed.length; i++) this.writeString(sealed[i]);
  }

  /**
   * writeTraits for a registered class with fixed sealed members: the first time in a message, when no name of
   * the block is in the string table yet, its bytes are copied from the registry's pre-encoded block and the
   * names registered, instead of being encoded one by one.
   */
  private writeSealedTraits(entry: ClassEntry, sealed: readonly string[]): void {
    const block = entry.traitBlock;
    if (block === null) {
      this.writeTraits(entry.traitKey, entry.alias, sealed, entry.dynamic);
      return;
    }
    const t = this.findTraits(entry.traitKey);
    if (t >= 0) {
      this.writeU29((t << 2) | 1);
      return;
    }
    const slots = this.traitSlots.get(entry) ?? this.makeTraitSlots(entry, sealed);
    const base = this.stringBase;
    if (this.stringSeq !== base) {
      // Some strings are in the table: the cached block only fits if none of its names is.
      for (let i = 0; i < slots.length; i++) {
        if (slots[i].seq >= base) {
          this.writeTraits(entry.traitKey, entry.alias, sealed, entry.dynamic);
          return;
        }
      }
    }
    this.addTraits(entry.traitKey);
    this.writeBytes(block);
    let seq = this.stringSeq;
    for (let i = 0; i < slots.length; i++) slots[i].seq = seq++;
    this.stringSeq = seq;
  }

  /**
   * The lasting-table slots of a cached block's names (class name, then sealed names; all shorter than
   * LONG_STRING, or the registry would not have cached the block), created "not in this message" if missing.
   */
  private makeTraitSlots(entry: ClassEntry, sealed: readonly string[]): StringSlot[] {
    const slots: StringSlot[] = [];
    for (const name of [entry.alias, ...sealed]) {
      let slot = this.strings.get(name);
      if (slot === undefined) this.strings.set(name, (slot = { seq: -1 }));
      slots.push(slot);
    }
    this.traitSlots.set(entry, slots);
    return slots;
  }

  private writeMembers(obj: AmfObject, sealed: readonly string[], dynamic: boolean): void {
    this.enter();
    for (let i = 0; i < sealed.length; i++) this.writeValue(obj[sealed[i]]);
    if (dynamic) {
      const keys = Object.keys(obj);
      // Many sealed names (a decoded object being echoed can bring thousands): a Set, not sealed × keys compares.
      const sealedSet = sealed.length > 8 ? new Set(sealed) : null;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        if (key === '' || (sealedSet === null ? sealed.includes(key) : sealedSet.has(key))) continue;
        this.writeString(key);
        this.writeValue(obj[key]);
      }
      this.writeUInt8(0x01);
    }
    this.depth--;
  }

  private writeTypedObject(v: AmfTypedObject): void {
    const own = v.sealedMembers;
    let sealed = own ?? Object.keys(v.properties);
    let key: string;
    const last = this.lastTypedSealed;
    if (v.className === this.lastTypedClass && v.dynamic === this.lastTypedDynamic && (sealed === last || sameKeys(sealed, last))) {
      // Decoded typed objects of one class share one frozen list: usually the identity check alone.
      key = this.lastTypedKey;
      sealed = last;
    } else {
      // A caller's list may change later (even mid-message, from a getter): its key and the names written go
      // with a frozen copy.
      if (own === undefined) Object.freeze(sealed); // our own Object.keys list
      else if (!Object.isFrozen(own)) sealed = Object.freeze(own.slice());
      key = layoutKey(v.dynamic ? 'td' : 'ts', v.className, sealed);
      this.lastTypedSealed = sealed;
      this.lastTypedClass = v.className;
      this.lastTypedDynamic = v.dynamic;
      this.lastTypedKey = key;
    }
    this.writeTraits(key, v.className, sealed, v.dynamic);
    this.writeMembers(v.properties, sealed, v.dynamic);
  }

  private writeRegistered(v: AmfObject, entry: ClassEntry): void {
    if (entry.sealed !== undefined) {
      this.writeSealedTraits(entry, entry.sealed);
      this.writeMembers(v, entry.sealed, entry.dynamic);
      return;
    }
    // Sealed members are the instance's own keys; consecutive instances of a class usually share them, so the
    // trait key of the previous one is reused after a cheap identity comparison of the key lists.
    const keys = Object.keys(v);
    let key: string;
    if (entry === this.lastEntry && sameKeys(keys, this.lastKeys)) {
      key = this.lastKey;
    } else {
      key = layoutKey('cs', entry.alias, keys);
      this.lastEntry = entry;
      this.lastKeys = keys;
      this.lastKey = key;
    }
    this.writeTraits(key, entry.alias, keys, false);
    this.writeMembers(v, keys, false);
  }

  private writeExternalizable(v: object, entry: ClassEntry): void {
    const t = this.findTraits(entry.traitKey);
    if (t >= 0) {
      this.writeU29((t << 2) | 1);
    } else {
      this.addTraits(entry.traitKey);
      this.writeU29(EXTERNALIZABLE_TRAITS_HEADER);
      this.writeString(entry.alias);
    }
    this.enter();
    entry.externalizable!.write(this, v);
    this.depth--;
  }

  private writeVector(v: AmfVector): void {
    const marker =
      v.type === 'int'
        ? 0x0d /* VectorInt */
        : v.type === 'uint'
          ? 0x0e /* VectorUint */
          : v.type === 'double'
            ? 0x0f /* VectorDouble */
            : 0x10 /* VectorObject */;
    this.writeUInt8(marker);
    if (this.writeRef(v)) return;
    const items = v.items;
    const n = items.length;
    this.writeCount(n);
    this.writeUInt8(v.fixed ? 1 : 0);
    if (marker === 0x10 /* VectorObject */) {
      this.writeString(v.typeName);
      this.enter();
      for (let i = 0; i < n; i++) this.writeValue(items[i]);
      this.depth--;
      return;
    }
    const size = marker === 0x0f /* VectorDouble */ ? 8 : 4;
    this.ensure(n * size);
    const view = this.view;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const x = Number(items[i]);
      if (marker === 0x0d /* VectorInt */) view.setInt32(p, x | 0);
      else if (marker === 0x0e /* VectorUint */) view.setUint32(p, x >>> 0);
      else view.setFloat64(p, x);
      p += size;
    }
    this.pos = p;
  }

  private writeDictionary(map: Map<AmfValue, AmfValue>): void {
    this.writeCount(map.size);
    this.writeUInt8((map as { weakKeys?: boolean }).weakKeys ? 1 : 0);
    this.enter();
    for (const [key, value] of map) {
      this.writeValue(key);
      this.writeValue(value);
    }
    this.depth--;
  }
}
