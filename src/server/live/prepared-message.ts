// One live message encoded once: the chunked bytes are built per (chunk size, player message stream id) on first
// use and the same Buffer is then written to every player that shares them (nginx-rtmp's shared packets).
import type { BatchedMessage, RtmpMessage } from '../../rtmp/index.js';
import { parseAudioTag, parseVideoTag } from '../../media/index.js';
import { EncodingCache } from '../encoding-cache.js';

/** Chunk stream ids the server reserves for shared live media (the session never writes on them). */
export const AUDIO_CSID = 6;
export const VIDEO_CSID = 7;

/** encodeMessageChunks' shape, injectable for tests. */
export type ChunkEncoder = (message: RtmpMessage, chunkSize: number, chunkStreamId: number) => Buffer;
/** encodeMessageBatch's shape: several messages chunked into one Buffer. */
export type BatchEncoder = (messages: readonly BatchedMessage[], chunkSize: number) => Buffer;

export type LiveMessageKind = 'audio' | 'video' | 'data';

/**
 * Encodings kept besides the first. Players on other chunk sizes or stream ids beyond that get a fresh encoding
 * per send: one connection playing a stream on dozens of stream ids must not multiply what the GOP cache holds.
 */
export const MAX_EXTRA_ENCODINGS = 3;

export class PreparedMessage {
  readonly kind: LiveMessageKind;
  /** A video frame a decoder can start from (never a sequence header). */
  readonly isKeyframe: boolean;
  /** A codec configuration (AVC/HEVC/AV1/VP9 record, AAC AudioSpecificConfig, enhanced SequenceStart). */
  readonly isSequenceHeader: boolean;
  private readonly encodings: EncodingCache;

  constructor(
    readonly typeId: number,
    readonly timestamp: number,
    readonly payload: Buffer,
    private readonly encode: ChunkEncoder,
  ) {
    this.encodings = new EncodingCache((chunkSize, streamId) => this.build(chunkSize, streamId), MAX_EXTRA_ENCODINGS);
    if (typeId === 9) {
      this.kind = 'video';
      const v = safe(() => parseVideoTag(payload));
      this.isKeyframe = v?.isKeyframe ?? false;
      this.isSequenceHeader = v?.isSequenceHeader ?? false;
    } else if (typeId === 8) {
      this.kind = 'audio';
      this.isKeyframe = false;
      this.isSequenceHeader = safe(() => parseAudioTag(payload))?.isSequenceHeader ?? false;
    } else {
      this.kind = 'data';
      this.isKeyframe = false;
      this.isSequenceHeader = false;
    }
  }

  /** Bytes this message keeps alive (payload plus encodings), for cache bounds. */
  get retainedBytes(): number {
    return this.payload.length + this.encodings.retainedBytes;
  }

  /** The complete chunked message for a player on `chunkSize` whose play stream has id `streamId`. */
  chunksFor(chunkSize: number, streamId: number): Buffer {
    return this.encodings.get(chunkSize, streamId);
  }

  /** This message for a player whose play stream has id `streamId`, as a batch encoder takes it. */
  batched(streamId: number): BatchedMessage {
    const csid = this.kind === 'video' ? VIDEO_CSID : AUDIO_CSID;
    return { message: { typeId: this.typeId, streamId, timestamp: this.timestamp, payload: this.payload }, chunkStreamId: csid };
  }

  private build(chunkSize: number, streamId: number): Buffer {
    const csid = this.kind === 'video' ? VIDEO_CSID : AUDIO_CSID;
    return this.encode({ typeId: this.typeId, streamId, timestamp: this.timestamp, payload: this.payload }, chunkSize, csid);
  }
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined; // a malformed header is still relayed; it just is no keyframe or sequence header
  }
}
