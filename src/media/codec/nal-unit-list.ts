// The list both AVC and HEVC configuration records use for parameter sets (ISO/IEC 14496-15 5.3.3.1, 8.3.3.1):
// `count` NAL units, each a 16-bit length then its bytes. Every length is checked against the input.
import { MediaError } from '../errors.js';

/** Reads `count` length-prefixed NAL units from `at`; returns them as slices of `bytes` and the offset after. */
export function readNalUnitList(bytes: Buffer, at: number, count: number, what: string): { units: Buffer[]; end: number } {
  const units: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 2 > bytes.length) throw new MediaError('MEDIA_ERR_TRUNCATED', `${what} cut short`, at);
    const n = bytes.readUInt16BE(at);
    if (at + 2 + n > bytes.length) throw new MediaError('MEDIA_ERR_TRUNCATED', `${what} cut short`, at);
    units.push(bytes.subarray(at + 2, at + 2 + n));
    at += 2 + n;
  }
  return { units, end: at };
}
