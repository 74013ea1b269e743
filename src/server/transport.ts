// The byte pipe under one RTMP connection: a TCP socket today (net/socket-transport.ts), an RTMPT tunnel or a
// WebSocket later. The connection logic never sees which.

export interface ByteTransport {
  readonly remoteAddress: string;
  /** Writes bytes now (or queues them behind what the transport already holds). */
  write(bytes: Buffer): void;
  /** Writes several buffers together (one writev on a socket). */
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
