// Bit reading for H.264 parameter sets (ITU-T H.264 7.2 and 9.1): emulation prevention bytes removed first,
// then MSB-first bits (BitReader) with unsigned/signed Exp-Golomb codes. Bounded by the RBSP length.
import { MediaError } from '../errors.js';
import { BitReader } from './bit-reader.js';

/** The RBSP of a NAL unit: every 0x000003 loses its 0x03. */
export function unescapeRbsp(nal: Buffer): Buffer {
  const out = Buffer.allocUnsafe(nal.length);
  let n = 0;
  let zeros = 0;
  for (const b of nal) {
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    zeros = b === 0 ? zeros + 1 : 0;
    out[n++] = b;
  }
  return out.subarray(0, n);
}

/** BitReader plus the Exp-Golomb codes of H.264 9.1. */
export class ExpGolombReader extends BitReader {
  ue(): number {
    let zeros = 0;
    while (this.read(1) === 0) {
      // 32 leading zeros would exceed any value a parameter set may carry.
      if (++zeros > 31) throw new MediaError('MEDIA_ERR_BAD_CODEC_CONFIG', `${this.what}: Exp-Golomb code too long`, this.byteOffset);
    }
    return zeros === 0 ? 0 : 2 ** zeros - 1 + this.read(zeros);
  }

  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -(k / 2);
  }
}
