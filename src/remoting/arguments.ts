// The argument list of a call. Flash sends a strict array; Ruffle (and AS2 code building arrays by index) sends
// an ECMA array whose keys are 0..n-1, which means the same list.
import { AmfEcmaArray, type AmfValue } from '../amf/index.js';

/** An ECMA array whose keys are exactly "0".."n-1", as a plain array; anything else unchanged. */
function denseEcmaArray(v: AmfValue): AmfValue {
  if (!(v instanceof AmfEcmaArray)) return v;
  const keys = Object.keys(v);
  const out: AmfValue[] = new Array<AmfValue>(keys.length);
  for (const k of keys) {
    const i = Number(k);
    if (!Number.isInteger(i) || i < 0 || i >= keys.length || String(i) !== k) return v;
    out[i] = v[k];
  }
  return out;
}

/** A body's value as the argument list: an array (or dense ECMA array) is the list, nothing is no arguments. */
export function argumentList(value: AmfValue): readonly unknown[] {
  const v = denseEcmaArray(value);
  if (Array.isArray(v)) return v;
  if (v === undefined || v === null) return [];
  return [v];
}
