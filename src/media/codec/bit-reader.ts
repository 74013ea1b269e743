// MSB-first bit reader for codec configuration records (AAC AudioSpecificConfig, H.264 parameter sets).
// Bounded by its buffer.
import { MediaError } from '../errors.js';

export class BitReader {
  private bit = 0;
  constructor(private readonly bytes: Buffer, protected readonly what: string) {}

  /** The byte the next bit comes from (for error offsets). */
  protected get byteOffset(): number {
    return this.bit >> 3;
  }

  /** The next n bits as an unsigned number (n up to 53). */
  read(n: number): number {
    if (this.bit + n > this.bytes.length * 8) throw new MediaError('MEDIA_ERR_TRUNCATED', `${this.what} cut short`, this.bit >> 3);
    let v = 0;
    for (let i = 0; i < n; i++, this.bit++) v = v * 2 + ((this.bytes[this.bit >> 3] >> (7 - (this.bit & 7))) & 1);
    return v;
  }
}
