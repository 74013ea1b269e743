// Chunked bytes of one message (or one batch of messages), built on first use per (chunk size, message stream id)
// and then shared by every connection with that pair. Almost always there is one pair (the server's chunk size,
// stream id 1), so it is kept in fields; other pairs go to a small map.

export class EncodingCache {
  private chunkSize = 0;
  private streamId = -1;
  private bytes: Buffer | undefined;
  private more: Map<string, Buffer> | undefined;

  /**
   * @param build makes the bytes for a pair.
   * @param maxExtra pairs kept besides the first; past that, bytes are built per call and not kept (a connection
   *   playing on dozens of stream ids must not multiply what a cache holds).
   */
  constructor(
    private readonly build: (chunkSize: number, streamId: number) => Buffer,
    private readonly maxExtra = Infinity,
  ) {}

  get(chunkSize: number, streamId: number): Buffer {
    if (this.bytes !== undefined && chunkSize === this.chunkSize && streamId === this.streamId) return this.bytes;
    if (this.bytes === undefined) {
      this.chunkSize = chunkSize;
      this.streamId = streamId;
      return (this.bytes = this.build(chunkSize, streamId));
    }
    const key = `${chunkSize}:${streamId}`;
    let b = this.more?.get(key);
    if (b === undefined) {
      b = this.build(chunkSize, streamId);
      this.more ??= new Map();
      if (this.more.size < this.maxExtra) this.more.set(key, b);
    }
    return b;
  }

  /** Forgets every encoding (the batch they were made of changed). */
  clear(): void {
    this.bytes = undefined;
    this.more = undefined;
  }

  /** Bytes held. */
  get retainedBytes(): number {
    let n = this.bytes?.length ?? 0;
    if (this.more) for (const b of this.more.values()) n += b.length;
    return n;
  }
}
