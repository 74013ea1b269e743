// FLV SCRIPTDATA values (FLV specification annex E.4.4): the AMF0 subset that onMetaData and cue points use.
// The media layer depends on nothing, so it carries this small codec for metadata it reads and rewrites
// (recording, keyframe index); full AMF lives in src/amf.
import { MediaError } from '../errors.js';

export type ScriptValue =
  | number
  | boolean
  | string
  | null
  | undefined
  | Date
  | readonly ScriptValue[]
  | ScriptObject;
/** Objects and ECMA arrays decode to null-prototype records. */
export interface ScriptObject {
  [key: string]: ScriptValue;
}

const M = {
  Number: 0, Boolean: 1, String: 2, Object: 3, MovieClip: 4, Null: 5, Undefined: 6, Reference: 7,
  EcmaArray: 8, ObjectEnd: 9, StrictArray: 10, Date: 11, LongString: 12,
} as const;

export interface ScriptDataLimits {
  /** Nesting depth of objects and arrays. Defaults to 32. */
  readonly maxDepth: number;
  /** Values in one payload, all levels together. Defaults to 1_000_000. */
  readonly maxValues: number;
}
const defaults: ScriptDataLimits = { maxDepth: 32, maxValues: 1_000_000 };

class Reader {
  pos = 0;
  values = 0;
  constructor(readonly b: Buffer, readonly limits: ScriptDataLimits) {}
  need(n: number): void {
    if (this.b.length - this.pos < n) throw new MediaError('MEDIA_ERR_TRUNCATED', 'script data cut short', this.pos);
  }
  u8(): number { this.need(1); return this.b[this.pos++]; }
  u16(): number { this.need(2); const v = this.b.readUInt16BE(this.pos); this.pos += 2; return v; }
  u32(): number { this.need(4); const v = this.b.readUInt32BE(this.pos); this.pos += 4; return v; }
  f64(): number { this.need(8); const v = this.b.readDoubleBE(this.pos); this.pos += 8; return v; }
  str(n: number): string { this.need(n); const s = this.b.toString('utf8', this.pos, this.pos + n); this.pos += n; return s; }

  key(): string {
    const k = this.str(this.u16());
    if (k === '__proto__') throw new MediaError('MEDIA_ERR_FORBIDDEN_KEY', 'script data key __proto__', this.pos);
    return k;
  }

  props(into: ScriptObject, depth: number): void {
    for (;;) {
      const at = this.pos;
      // An empty key followed by the end marker closes the object; some writers omit it at the very end.
      if (this.b.length - this.pos < 3) {
        if (this.b.length - this.pos === 0) return;
        throw new MediaError('MEDIA_ERR_TRUNCATED', 'object property cut short', at);
      }
      const k = this.key();
      if (k === '' && this.b[this.pos] === M.ObjectEnd) { this.pos++; return; }
      into[k] = this.value(depth);
    }
  }

  value(depth: number): ScriptValue {
    if (++this.values > this.limits.maxValues) throw new MediaError('MEDIA_ERR_TOO_LARGE', 'too many script data values', this.pos);
    const at = this.pos;
    const marker = this.u8();
    switch (marker) {
      case M.Number: return this.f64();
      case M.Boolean: return this.u8() !== 0;
      case M.String: return this.str(this.u16());
      case M.LongString: return this.str(this.u32());
      case M.Null: return null;
      case M.Undefined: return undefined;
      case M.Date: { const ms = this.f64(); this.u16(); return new Date(ms); }
      case M.Object:
      case M.EcmaArray: {
        if (depth >= this.limits.maxDepth) throw new MediaError('MEDIA_ERR_TOO_DEEP', 'script data nested too deep', at);
        if (marker === M.EcmaArray) this.u32(); // approximate count: the end marker is what ends it
        const o: ScriptObject = Object.create(null) as ScriptObject;
        this.props(o, depth + 1);
        return o;
      }
      case M.StrictArray: {
        if (depth >= this.limits.maxDepth) throw new MediaError('MEDIA_ERR_TOO_DEEP', 'script data nested too deep', at);
        const n = this.u32();
        // Every element takes at least one byte: a count above the bytes left is a lie, not an allocation.
        if (n > this.b.length - this.pos) throw new MediaError('MEDIA_ERR_TRUNCATED', `strict array of ${n} elements`, at);
        const a: ScriptValue[] = [];
        for (let i = 0; i < n; i++) a.push(this.value(depth + 1));
        return a;
      }
      default:
        // MovieClip, Reference and anything newer have no place in FLV metadata.
        throw new MediaError('MEDIA_ERR_BAD_SCRIPT_DATA', `script data marker ${marker}`, at);
    }
  }
}

/** Decodes every value of a script data payload: usually ['onMetaData', {…}]. */
export function decodeScriptData(payload: Buffer, limits?: Partial<ScriptDataLimits>): ScriptValue[] {
  const r = new Reader(payload, { ...defaults, ...limits });
  const out: ScriptValue[] = [];
  while (r.pos < payload.length) out.push(r.value(0));
  return out;
}

/** Wraps an object so it encodes as an ECMA array, the container onMetaData uses by convention. */
export class EcmaArray {
  constructor(readonly entries: ScriptObject) {}
}

type Encodable = ScriptValue | EcmaArray;

function encodeInto(parts: Buffer[], v: Encodable, depth: number): void {
  if (depth > 64) throw new MediaError('MEDIA_ERR_TOO_DEEP', 'script data nested too deep to encode');
  const byte = (n: number): void => { parts.push(Buffer.from([n])); };
  const u16str = (s: string): void => {
    const b = Buffer.from(s, 'utf8');
    if (b.length > 0xffff) throw new MediaError('MEDIA_ERR_TOO_LARGE', 'script data key above 65535 bytes');
    const h = Buffer.allocUnsafe(2);
    h.writeUInt16BE(b.length, 0);
    parts.push(h, b);
  };
  const props = (o: ScriptObject): void => {
    for (const [k, x] of Object.entries(o)) {
      u16str(k);
      encodeInto(parts, x, depth + 1);
    }
    parts.push(Buffer.from([0, 0, M.ObjectEnd]));
  };
  if (v === null) return byte(M.Null);
  if (v === undefined) return byte(M.Undefined);
  if (typeof v === 'number') { const b = Buffer.allocUnsafe(9); b[0] = M.Number; b.writeDoubleBE(v, 1); parts.push(b); return; }
  if (typeof v === 'boolean') { parts.push(Buffer.from([M.Boolean, v ? 1 : 0])); return; }
  if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    const h = Buffer.allocUnsafe(s.length > 0xffff ? 5 : 3);
    if (s.length > 0xffff) { h[0] = M.LongString; h.writeUInt32BE(s.length, 1); } else { h[0] = M.String; h.writeUInt16BE(s.length, 1); }
    parts.push(h, s);
    return;
  }
  if (v instanceof Date) { const b = Buffer.alloc(11); b[0] = M.Date; b.writeDoubleBE(v.getTime(), 1); parts.push(b); return; }
  if (v instanceof EcmaArray) {
    const h = Buffer.allocUnsafe(5);
    h[0] = M.EcmaArray;
    h.writeUInt32BE(Object.keys(v.entries).length, 1);
    parts.push(h);
    return props(v.entries);
  }
  if (Array.isArray(v)) {
    const h = Buffer.allocUnsafe(5);
    h[0] = M.StrictArray;
    h.writeUInt32BE(v.length, 1);
    parts.push(h);
    for (const x of v as readonly ScriptValue[]) encodeInto(parts, x, depth + 1);
    return;
  }
  byte(M.Object);
  props(v as ScriptObject);
}

/** Encodes values one after the other, e.g. encodeScriptData(['onMetaData', new EcmaArray({ duration: 2 })]). */
export function encodeScriptData(values: readonly Encodable[]): Buffer {
  const parts: Buffer[] = [];
  for (const v of values) encodeInto(parts, v, 0);
  return Buffer.concat(parts);
}

/** Name and byte length of the leading AMF0 string of a data payload (e.g. '@setDataFrame'), if it has one. */
export function readLeadingName(payload: Buffer): { name: string; bytes: number } | undefined {
  if (payload.length < 3 || payload[0] !== M.String) return undefined;
  const n = payload.readUInt16BE(1);
  if (payload.length < 3 + n) return undefined;
  return { name: payload.toString('utf8', 3, 3 + n), bytes: 3 + n };
}
