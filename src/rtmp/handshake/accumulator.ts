// Collects a fixed number of bytes across receive() calls into one preallocated buffer.

export class FixedAccumulator {
  // Allocated on first use, outside Node's shared pool: a pooled slice would keep an 8 KiB slab alive.
  private buffer: Buffer | undefined;
  private filled = 0;
  constructor(readonly size: number) {}
  /** Copies what fits from `bytes` starting at `offset`; returns how many bytes were taken. */
  take(bytes: Buffer, offset: number): number {
    const n = Math.min(this.size - this.filled, bytes.length - offset);
    if (n <= 0) return 0;
    this.buffer ??= Buffer.allocUnsafeSlow(this.size);
    bytes.copy(this.buffer, this.filled, offset, offset + n);
    this.filled += n;
    return n;
  }
  get complete(): boolean {
    return this.filled === this.size;
  }
  /** The collected bytes (only meaningful once complete). */
  get bytes(): Buffer {
    return this.buffer ?? Buffer.alloc(0);
  }

  /** The first byte, or -1 before any byte arrived. */
  get first(): number {
    return this.filled > 0 && this.buffer !== undefined ? this.buffer[0] : -1;
  }
}
