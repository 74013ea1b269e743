// Collects a fixed number of bytes across receive() calls into one preallocated buffer.

export class FixedAccumulator {
  private readonly buffer: Buffer;
  private filled = 0;
  constructor(readonly size: number) {
    this.buffer = Buffer.allocUnsafe(size);
  }
  /** Copies what fits from `bytes` starting at `offset`; returns how many bytes were taken. */
  take(bytes: Buffer, offset: number): number {
    const n = Math.min(this.size - this.filled, bytes.length - offset);
    bytes.copy(this.buffer, this.filled, offset, offset + n);
    this.filled += n;
    return n;
  }
  get complete(): boolean {
    return this.filled === this.size;
  }
  /** The collected bytes (only meaningful once complete). */
  get bytes(): Buffer {
    return this.buffer;
  }
}
