// Limits of the chunk layer, explicit and configurable.

export interface ChunkReaderLimits {
  /** Largest message length accepted, checked on the declared length before any allocation. Defaults to
   * 16 MiB - 1, the most the 24-bit length field can declare. */
  readonly maxMessageBytes: number;
  /** Most chunk streams a peer may open on one connection. Defaults to 64. */
  readonly maxChunkStreams: number;
  /** Most bytes of partly received messages held at once across all chunk streams (a peer opening many
   * streams with large declared lengths). Defaults to 32 MiB. */
  readonly maxBufferedBytes: number;
  /** Largest chunk size a peer may set. Defaults to 0x7fffffff, the most the 31-bit field allows: chunk bodies
   * are copied as they arrive, so a large chunk size costs no memory. */
  readonly maxChunkSize: number;
}

export const DEFAULT_CHUNK_READER_LIMITS: ChunkReaderLimits = {
  maxMessageBytes: 0xffffff,
  maxChunkStreams: 64,
  maxBufferedBytes: 32 * 1024 * 1024,
  maxChunkSize: 0x7fffffff,
};

/** The chunk size both sides start with (specification 5.4.1). */
export const DEFAULT_CHUNK_SIZE = 128;
