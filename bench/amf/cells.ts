// A cell is one (case, format, codec, op) to time. This module lists the cells, builds the function each one
// times, and checks a cell's output against the input (used by check-worker.ts, under a time limit).
import { buildCorpus, type AmfFormat, type BenchCase } from './corpus.js';
import type { BoundCodec, Codec } from './codecs/codec.js';
import { oursCodec } from './codecs/ours.js';
import { byteArrayNodeCodec } from './codecs/bytearray-node.js';
import { nodeMediaServerCodec } from './codecs/node-media-server.js';
import { amfNpmCodec } from './codecs/amf-npm.js';
import { jsonCodec, v8Codec } from './codecs/baselines.js';
import { firstDifference } from './equal.js';

export const codecs: readonly Codec[] = [oursCodec, byteArrayNodeCodec, nodeMediaServerCodec, amfNpmCodec, jsonCodec, v8Codec];

export type Op = 'encode' | 'decode';

export interface CellSpec {
  readonly caseName: string;
  /** 'any' for the JSON/v8 baselines, which do not depend on the AMF format. */
  readonly format: AmfFormat | 'any';
  readonly codec: string;
  readonly op: Op;
}

export type CheckResult =
  | { status: 'ok'; ms: number }
  | { status: 'wrong'; ms: number; note: string }
  | { status: 'error'; note: string };

export function cellKey(s: CellSpec): string {
  return `${s.caseName}|${s.format}|${s.codec}|${s.op}`;
}

export function cellLabel(s: CellSpec): string {
  return `${s.caseName}${s.format === 'any' ? '' : ` ${s.format}`} ${s.op} ${s.codec}`;
}

let corpusCache: BenchCase[] | undefined;
export function corpus(): BenchCase[] {
  corpusCache ??= buildCorpus();
  return corpusCache;
}

function findCase(name: string): BenchCase {
  const c = corpus().find((x) => x.name === name);
  if (!c) throw new Error(`no case ${name}`);
  return c;
}

function findCodec(name: string): Codec {
  const c = codecs.find((x) => x.name === name);
  if (!c) throw new Error(`no codec ${name}`);
  return c;
}

/** Every cell the chosen cases and codecs make, baselines once per case. */
export function listCells(cases: readonly BenchCase[], chosen: readonly Codec[]): CellSpec[] {
  const out: CellSpec[] = [];
  for (const c of cases) {
    for (const format of c.formats) {
      for (const codec of chosen) {
        if (codec.kind === 'baseline') continue;
        const bound = codec.bind(format, c);
        if (bound?.encode) out.push({ caseName: c.name, format, codec: codec.name, op: 'encode' });
        if (bound?.decode) out.push({ caseName: c.name, format, codec: codec.name, op: 'decode' });
      }
    }
    for (const codec of chosen) {
      if (codec.kind !== 'baseline') continue;
      out.push({ caseName: c.name, format: 'any', codec: codec.name, op: 'encode' });
      out.push({ caseName: c.name, format: 'any', codec: codec.name, op: 'decode' });
    }
  }
  return out;
}

const boundCache = new Map<string, BoundCodec>();
function bound(codec: Codec, format: AmfFormat, c: BenchCase): BoundCodec {
  const k = `${codec.name}|${format}|${c.name}`;
  let b = boundCache.get(k);
  if (!b) {
    b = codec.bind(format, c);
    if (!b) throw new Error(`${codec.name} cannot do ${format}`);
    boundCache.set(k, b);
  }
  return b;
}

const inputCache = new Map<string, Uint8Array | string>();
/**
 * The bytes every decoder of a (case, format) reads: our encoding (checked by the ours cells themselves). The
 * baselines decode their own encoding.
 */
function decodeInput(s: CellSpec, c: BenchCase): Uint8Array | string {
  const k = `${s.caseName}|${s.format}|${s.format === 'any' ? s.codec : ''}`;
  let input = inputCache.get(k);
  if (input === undefined) {
    const encoder = s.format === 'any' ? bound(findCodec(s.codec), 'amf0', c) : bound(oursCodec, s.format, c);
    input = encoder.encode!(c.values);
    inputCache.set(k, input);
  }
  return input;
}

/** Size of our encoding of a case, for MB/s. */
export function oursSize(caseName: string, format: AmfFormat): number {
  const input = decodeInput({ caseName, format, codec: oursCodec.name, op: 'decode' }, findCase(caseName));
  return typeof input === 'string' ? Buffer.byteLength(input) : input.length;
}

/** The function a cell times: one whole encode or decode of the case. */
export function cellFn(s: CellSpec): () => unknown {
  const c = findCase(s.caseName);
  const b = bound(findCodec(s.codec), s.format === 'any' ? 'amf0' : s.format, c);
  if (s.op === 'encode') {
    const enc = b.encode!;
    const values = c.values;
    return () => enc(values);
  }
  const dec = b.decode!;
  const input = decodeInput(s, c);
  return () => dec(input);
}

function errorText(e: unknown): string {
  const s = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return s.length > 100 ? `${s.slice(0, 100)}…` : s;
}

/**
 * Runs the cell once and checks it. Encoders: our decoder must read their bytes back to the input (baselines:
 * their own decoder). Decoders: their value from our bytes must equal the input. ECMA arrays with dense keys pass
 * for arrays (Flash Player reads them as Arrays); AMF0 dates are compared by value only.
 */
export function checkCell(s: CellSpec): CheckResult {
  const c = findCase(s.caseName);
  const fn = cellFn(s);
  const t0 = performance.now();
  let out: unknown;
  try {
    out = fn();
  } catch (e) {
    return { status: 'error', note: `throws ${errorText(e)}` };
  }
  const ms = performance.now() - t0;
  let decoded: unknown;
  if (s.op === 'decode') {
    decoded = out;
  } else {
    const reader = s.format === 'any' ? bound(findCodec(s.codec), 'amf0', c) : bound(oursCodec, s.format, c);
    try {
      decoded = reader.decode!(out as Uint8Array | string);
    } catch (e) {
      return { status: 'wrong', ms, note: `${s.format === 'any' ? 'own' : 'our'} decoder rejects the bytes: ${errorText(e)}` };
    }
  }
  const diff = firstDifference(c.values, decoded, { ecmaArrayAsArray: true, dateIdentity: s.format !== 'amf0' });
  return diff === undefined ? { status: 'ok', ms } : { status: 'wrong', ms, note: diff };
}
