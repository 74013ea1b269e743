// What the harness needs from a codec: encode a case's sequence of top-level values to bytes, and decode bytes
// back to that sequence. A codec binds to one (format, case) pair, so it can register the case's classes first;
// a missing side (the `amf` package has no encoder) is simply left undefined.
import type { AmfFormat, BenchCase } from '../corpus.js';

export interface BoundCodec {
  encode?(values: readonly unknown[]): Uint8Array | string;
  decode?(bytes: Uint8Array | string): unknown[];
}

export interface Codec {
  readonly name: string;
  /** ours: the codec under test; peer: another AMF codec; baseline: JSON/v8 (format-blind, measured once a case). */
  readonly kind: 'ours' | 'peer' | 'baseline';
  /** Returns undefined when the codec cannot handle this format at all. */
  bind(format: AmfFormat, c: BenchCase): BoundCodec | undefined;
}
