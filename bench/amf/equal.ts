// Says where a decoded value first differs from the original, so the benchmark can mark a peer ✗ with a reason
// ("$[0][3].createdAt: Date decoded as number") and the property tests can print a useful failure. Equality is
// AMF's: numbers by Object.is (-0 and NaN matter), dates by time, byte arrays by content, objects by prototype
// and own keys, and reference structure kept both ways: one original object met twice must decode to one object,
// and two different originals must not decode to the same object.
import { AmfEcmaArray } from '../../src/amf/index.js';

export interface EqualityOptions {
  /**
   * Also require shared Date objects to stay shared. True for AMF3 (dates are reference-table entries); AMF0
   * writes a Date by value every time. Defaults to true.
   */
  readonly dateIdentity?: boolean;
  /**
   * Accept an AMF0 ECMA array whose keys are exactly "0".."n-1" where an Array was expected: Flash Player reads
   * such a 0x08 value as an Array, so a writer that emits it for a dense array is not wrong. Defaults to false.
   */
  readonly ecmaArrayAsArray?: boolean;
  /** Recursion bound. Defaults to 256. */
  readonly maxDepth?: number;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'Array';
  if (v instanceof Date) return 'Date';
  if (typeof v === 'object') {
    const proto: unknown = Object.getPrototypeOf(v);
    const ctor = proto === null ? undefined : (proto as { constructor?: { name?: string } }).constructor;
    return ctor?.name && ctor.name !== 'Object' ? `object ${ctor.name}` : 'object';
  }
  return typeof v;
}

function short(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  return describe(v);
}

function isDenseEcmaArray(a: object, length: number): boolean {
  if (!(a instanceof AmfEcmaArray)) return false;
  const keys = Object.keys(a);
  return keys.length === length && keys.every((k, i) => k === String(i));
}

/** Returns undefined when equal, else "path: what differs". Bounded by depth so hostile shapes cannot hang it. */
export function firstDifference(expected: unknown, actual: unknown, options: EqualityOptions = {}): string | undefined {
  const maxDepth = options.maxDepth ?? 256;
  const dateIdentity = options.dateIdentity ?? true;
  const forward = new Map<object, object>();
  const backward = new Map<object, object>();
  const walk = (e: unknown, a: unknown, path: string, depth: number): string | undefined => {
    if (depth > maxDepth) return `${path}: deeper than ${maxDepth}`;
    if (typeof e !== 'object' || e === null) {
      if (typeof e === 'number' && typeof a === 'number') {
        return Object.is(e, a) ? undefined : `${path}: ${short(e)} decoded as ${short(a)}`;
      }
      return e === a ? undefined : `${path}: ${short(e)} decoded as ${short(a)}`;
    }
    if (typeof a !== 'object' || a === null) return `${path}: ${describe(e)} decoded as ${short(a)}`;
    const tracked = dateIdentity || !(e instanceof Date);
    if (tracked) {
      const seenA = forward.get(e);
      const seenE = backward.get(a);
      if (seenA !== undefined || seenE !== undefined) {
        if (seenA === a && seenE === e) return undefined;
        return seenA !== undefined && seenA !== a
          ? `${path}: shared reference decoded as a copy`
          : `${path}: distinct objects decoded as one shared object`;
      }
      forward.set(e, a);
      backward.set(a, e);
    }
    if (e instanceof Date) {
      if (!(a instanceof Date)) return `${path}: Date decoded as ${describe(a)}`;
      return Object.is(e.getTime(), a.getTime()) ? undefined : `${path}: date ${e.getTime()} decoded as ${a.getTime()}`;
    }
    if (e instanceof Uint8Array) {
      if (!(a instanceof Uint8Array) || Object.getPrototypeOf(e) !== Object.getPrototypeOf(a)) {
        return `${path}: ${describe(e)} decoded as ${describe(a)}`;
      }
      if (e.length !== a.length) return `${path}: ${e.length} bytes decoded as ${a.length}`;
      return Buffer.compare(e, a) === 0 ? undefined : `${path}: byte content differs`;
    }
    if (e instanceof Map) {
      if (!(a instanceof Map)) return `${path}: Map decoded as ${describe(a)}`;
      if (e.size !== a.size) return `${path}: ${e.size} entries decoded as ${a.size}`;
      const ae = [...a.entries()];
      let i = 0;
      for (const [k, v] of e) {
        const d = walk(k, ae[i][0], `${path}.<key ${i}>`, depth + 1) ?? walk(v, ae[i][1], `${path}.<value ${i}>`, depth + 1);
        if (d !== undefined) return d;
        i++;
      }
    }
    const lenient = Array.isArray(e) && options.ecmaArrayAsArray === true && isDenseEcmaArray(a, e.length);
    if (!lenient && Object.getPrototypeOf(e) !== Object.getPrototypeOf(a)) {
      return `${path}: ${describe(e)} decoded as ${describe(a)}`;
    }
    const ek = Object.keys(e);
    const ak = Object.keys(a);
    if (ek.length !== ak.length) return `${path}: ${ek.length} keys decoded as ${ak.length}`;
    for (const k of ek) {
      const sub = Array.isArray(e) ? `${path}[${k}]` : `${path}.${k}`;
      if (!Object.prototype.hasOwnProperty.call(a, k)) return `${sub}: missing`;
      const d = walk((e as Record<string, unknown>)[k], (a as Record<string, unknown>)[k], sub, depth + 1);
      if (d !== undefined) return d;
    }
    return undefined;
  };
  return walk(expected, actual, '$', 0);
}
