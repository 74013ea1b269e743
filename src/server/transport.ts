// The byte pipe under one RTMP connection: a TCP socket today (net/socket-transport.ts), an RTMPT tunnel or a
// WebSocket later. The connection logic never sees which.

export interface ByteTransport {
  readonly remoteAddress: string;
  /** Queues bytes; writes issued in one tick are coalesced. */
  write(bytes: Buffer): void;
  /** Queues the chunks of one reply, sent together without waiting for the end of the tick. */
  writeBatch(chunks: readonly Buffer[]): void;
  /** Bytes queued and not yet handed to the kernel. */
  readonly writableLength: number;
  /** Registers the listener called each time the write queue drains. */
  onDrain(listener: () => void): void;
  /** Flushes what is queued, then closes. */
  end(): void;
  /** Closes now, dropping what is queued. */
  destroy(): void;
}
