// Bit reading for H.264 parameter sets (ITU-T H.264 7.2 and 9.1): emulation prevention bytes removed first,
// then MSB-first bits with unsigned/signed Exp-Golomb codes. Bounded by the RBSP length.
import { MediaError } from '../errors.js';

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

export class ExpGolombReader {
  private bit = 0;
  constructor(private readonly bytes: Buffer, private readonly what: string) {}

  u(n: number): number {
    if (this.bit + n > this.bytes.length * 8) throw new MediaError('MEDIA_ERR_TRUNCATED', `${this.what} cut short`, this.bit >> 3);
    let v = 0;
    for (let i = 0; i < n; i++, this.bit++) v = v * 2 + ((this.bytes[this.bit >> 3] >> (7 - (this.bit & 7))) & 1);
    return v;
  }

  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) {
      // 32 leading zeros would exceed any value a parameter set may carry.
      if (++zeros > 31) throw new MediaError('MEDIA_ERR_BAD_CODEC_CONFIG', `${this.what}: Exp-Golomb code too long`, this.bit >> 3);
    }
    return zeros === 0 ? 0 : 2 ** zeros - 1 + this.u(zeros);
  }

  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -(k / 2);
  }
}
