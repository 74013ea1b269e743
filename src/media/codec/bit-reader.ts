// MSB-first bit reader for codec configuration records (AAC AudioSpecificConfig). Bounded by its buffer.
import { MediaError } from '../errors.js';

export class BitReader {
  private bit = 0;
  constructor(private readonly bytes: Buffer, private readonly what: string) {}

  read(n: number): number {
    if (this.bit + n > this.bytes.length * 8) throw new MediaError('MEDIA_ERR_TRUNCATED', `${this.what} cut short`, this.bit >> 3);
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.bytes[(this.bit + i) >> 3];
      v = v * 2 + ((byte >> (7 - ((this.bit + i) & 7))) & 1);
    }
    this.bit += n;
    return v;
  }
}
