// Reassembles RTMP messages from chunks (specification 5.3). Sans-IO: feed bytes, get messages.
//
// Hot path: a message that fits in one chunk and arrived whole is a slice of the input (no copy). A message that
// spans chunks is copied, chunk body by chunk body, into one buffer of its declared length, allocated once after
// the length was checked against maxMessageBytes. A chunk header split across two inputs costs a copy of its own
// bytes only. The caller must therefore not reuse the buffers it feeds (Node sockets never do).
import { RemoteProtocolError, RtmpErrorCode } from '../errors.js';
import type { RtmpMessage } from '../messages/message.js';
import { MessageType } from '../messages/message.js';
import { EXTENDED_TIMESTAMP_MARKER, MAX_CHUNK_HEADER_SIZE, readUInt24BE } from './header.js';
import { type ChunkReaderLimits, DEFAULT_CHUNK_READER_LIMITS, DEFAULT_CHUNK_SIZE } from './limits.js';
import { messageBuffer } from './message-buffers.js';

/** What the reader remembers per chunk stream id: the last header and the message being reassembled. */
interface ChunkStreamState {
  /** Absolute timestamp of the message in progress (or the last one). */
  timestamp: number;
  /** The last timestamp field read from a fmt 0/1/2 header: a fmt 3 chunk starting a new message adds it. */
  timestampField: number;
  /** Whether the last fmt 0/1/2 header had an extended timestamp (then fmt 3 chunks may repeat it). */
  extended: boolean;
  length: number;
  typeId: number;
  streamId: number;
  /** Buffer of a message spanning chunks, or undefined between messages. */
  buffer: Buffer | undefined;
  /** Bytes of the current message received so far. */
  filled: number;
}

export type ReaderOptions = Partial<ChunkReaderLimits>;

export class ChunkReader {
  private readonly limits: ChunkReaderLimits;
  private readonly streams = new Map<number, ChunkStreamState>();
  /** The same states for csid 2–63 (one-byte basic header), indexed directly. */
  private readonly small: (ChunkStreamState | undefined)[] = [];
  private size = DEFAULT_CHUNK_SIZE;
  /** Unparsed tail of the previous input (an incomplete chunk header; at most MAX_CHUNK_HEADER_SIZE + 3 bytes). */
  private stash: Buffer | undefined;
  /** The chunk stream whose chunk body is being read, and how many body bytes of that chunk are still due. */
  private current: ChunkStreamState | undefined;
  private currentCsid = 0;
  private bodyRemaining = 0;
  /** Declared bytes of the messages being reassembled. */
  private buffered = 0;

  constructor(options: ReaderOptions = {}) {
    // Field by field: a limit passed as undefined takes its default instead of switching the check off.
    const d = DEFAULT_CHUNK_READER_LIMITS;
    this.limits = {
      maxMessageBytes: options.maxMessageBytes ?? d.maxMessageBytes,
      maxChunkStreams: options.maxChunkStreams ?? d.maxChunkStreams,
      maxBufferedBytes: options.maxBufferedBytes ?? d.maxBufferedBytes,
      maxChunkSize: options.maxChunkSize ?? d.maxChunkSize,
    };
  }

  /** The chunk size the peer writes with (changed by its Set Chunk Size message). */
  get chunkSize(): number {
    return this.size;
  }

  /** Number of chunk streams the peer has opened. */
  get openChunkStreams(): number {
    return this.streams.size;
  }

  /** Applies a Set Chunk Size from the peer. Top bit must be 0; 0 is invalid. */
  setChunkSize(size: number): void {
    if (!Number.isInteger(size) || size < 1 || size > this.limits.maxChunkSize || size > 0x7fffffff) {
      throw new RemoteProtocolError(`invalid chunk size ${size}`, { code: RtmpErrorCode.BadChunkSize });
    }
    this.size = size;
  }

  /** Drops the partly received message of a chunk stream (Abort message). */
  abort(csid: number): void {
    const state = this.streams.get(csid);
    if (state === undefined) return;
    if (state.buffer !== undefined) this.buffered -= state.length;
    state.buffer = undefined;
    state.filled = 0;
    if (this.current === state) {
      this.current = undefined;
      this.bodyRemaining = 0;
    }
  }

  /**
   * Feeds bytes; calls `onMessage` for every completed message, in order. Set Chunk Size and Abort are applied
   * here (before the next chunk is parsed) and also passed on. Throws RemoteProtocolError on bad input.
   */
  read(input: Buffer, onMessage: (message: RtmpMessage, chunkStreamId: number) => void): void {
    let pos = 0;
    let end = input.length;
    if (this.stash !== undefined) {
      // Finish the split header from a few bytes of this input (a header is at most MAX_CHUNK_HEADER_SIZE), so
      // the input itself is not copied; the chunk body is then read from the input as usual.
      const stash = this.stash;
      this.stash = undefined;
      const head = Buffer.concat([stash, input.subarray(0, MAX_CHUNK_HEADER_SIZE)]);
      const consumed = this.parseHeader(head, 0, head.length);
      if (consumed === 0) {
        // Still short: then the input was shorter than a header and head holds all of it.
        this.stash = head;
        return;
      }
      if (consumed < stash.length) {
        // A fmt 3 header looked ahead for a repeated extended timestamp that was not there: the stash already
        // held up to 3 bytes of the chunk body. Rare enough to join them with the input.
        input = Buffer.concat([stash.subarray(consumed), input]);
        end = input.length;
        pos = this.startBody(input, 0, end, onMessage);
      } else {
        pos = this.startBody(input, consumed - stash.length, end, onMessage);
      }
    }
    while (pos < end) {
      if (this.bodyRemaining > 0) {
        const state = this.current as ChunkStreamState;
        const n = Math.min(this.bodyRemaining, end - pos);
        input.copy(state.buffer as Buffer, state.filled, pos, pos + n);
        state.filled += n;
        pos += n;
        this.bodyRemaining -= n;
        if (this.bodyRemaining > 0) return;
        if (state.filled === state.length) this.complete(state, state.buffer as Buffer, onMessage);
        continue;
      }
      // Fast path: a 1-byte fmt 3 header continuing a message in progress without extended timestamps, the most
      // common chunk of all (every continuation chunk of audio and video).
      const first = input[pos];
      if (first >= 0xc2) {
        const cont = this.small[first & 0x3f];
        if (cont !== undefined && cont.filled > 0 && !cont.extended) {
          pos += 1;
          this.current = cont;
          this.currentCsid = first & 0x3f;
          this.bodyRemaining = Math.min(this.size, cont.length - cont.filled);
          continue;
        }
      }
      const consumed = this.parseHeader(input, pos, end);
      if (consumed === 0) {
        this.stash = Buffer.from(input.subarray(pos));
        return;
      }
      pos = this.startBody(input, pos + consumed, end, onMessage);
    }
  }

  /**
   * After a chunk header (the current chunk stream is set): a message that is whole in this chunk and this input
   * is handed out as a slice; otherwise its buffer is made ready and the body bytes are due. Returns the position
   * after what was consumed.
   */
  private startBody(
    input: Buffer,
    pos: number,
    end: number,
    onMessage: (message: RtmpMessage, chunkStreamId: number) => void,
  ): number {
    const state = this.current as ChunkStreamState;
    const chunkBody = Math.min(this.size, state.length - state.filled);
    if (state.filled === 0 && chunkBody === state.length && end - pos >= chunkBody) {
      this.complete(state, input.subarray(pos, pos + chunkBody), onMessage);
      return pos + chunkBody;
    }
    if (state.buffer === undefined) {
      this.buffered += state.length;
      if (this.buffered > this.limits.maxBufferedBytes) {
        throw new RemoteProtocolError(`more than ${this.limits.maxBufferedBytes} bytes of unfinished messages`, {
          code: RtmpErrorCode.TooMuchBuffered,
        });
      }
      state.buffer = messageBuffer(state.length);
    }
    this.bodyRemaining = chunkBody;
    if (chunkBody === 0) this.complete(state, state.buffer, onMessage);
    return pos;
  }

  private complete(
    state: ChunkStreamState,
    payload: Buffer,
    onMessage: (message: RtmpMessage, chunkStreamId: number) => void,
  ): void {
    if (state.buffer !== undefined) this.buffered -= state.length;
    state.buffer = undefined;
    state.filled = 0;
    this.bodyRemaining = 0;
    this.current = undefined;
    const message: RtmpMessage = { typeId: state.typeId, streamId: state.streamId, timestamp: state.timestamp, payload };
    if (message.typeId === MessageType.SetChunkSize) {
      if (payload.length < 4) throw new RemoteProtocolError('short Set Chunk Size', { code: RtmpErrorCode.BadMessage });
      this.setChunkSize(payload.readUInt32BE(0));
    } else if (message.typeId === MessageType.Abort) {
      if (payload.length < 4) throw new RemoteProtocolError('short Abort', { code: RtmpErrorCode.BadMessage });
      this.abort(payload.readUInt32BE(0));
    }
    onMessage(message, this.currentCsid);
  }

  /**
   * Parses one chunk header at `pos`, updates the chunk stream's state and makes it current. Returns the header
   * length, or 0 when more bytes are needed (nothing is changed then).
   */
  private parseHeader(input: Buffer, pos: number, end: number): number {
    const first = input[pos];
    const fmt = first >> 6;
    let csid = first & 0x3f;
    let p = pos + 1;
    if (csid === 0) {
      if (end - p < 1) return 0;
      csid = input[p] + 64;
      p += 1;
    } else if (csid === 1) {
      if (end - p < 2) return 0;
      csid = input[p] + (input[p + 1] << 8) + 64;
      p += 2;
    }
    const headerSize = fmt === 0 ? 11 : fmt === 1 ? 7 : fmt === 2 ? 3 : 0;
    if (end - p < headerSize) return 0;
    let state = this.streams.get(csid);
    if (state === undefined) {
      if (fmt !== 0) {
        throw new RemoteProtocolError(`fmt ${fmt} chunk on chunk stream ${csid} without a previous header`, {
          code: RtmpErrorCode.NoPreviousHeader,
        });
      }
      if (this.streams.size >= this.limits.maxChunkStreams) {
        throw new RemoteProtocolError(`more than ${this.limits.maxChunkStreams} chunk streams`, {
          code: RtmpErrorCode.TooManyChunkStreams,
        });
      }
    }
    const field = fmt === 3 ? 0 : readUInt24BE(input, p);
    const extended = fmt === 3 ? (state as ChunkStreamState).extended : field === EXTENDED_TIMESTAMP_MARKER;
    let timestampField = field;
    let extendedBytes = 0;
    if (extended) {
      if (end - (p + headerSize) < 4) return 0;
      const value = input.readUInt32BE(p + headerSize);
      if (fmt !== 3) {
        timestampField = value;
        extendedBytes = 4;
      } else if (value === (state as ChunkStreamState).timestampField) {
        // fmt 3 after an extended header: Flash and ffmpeg repeat the extended timestamp, some writers do not.
        // It is present when it equals the one we know.
        extendedBytes = 4;
      }
    }
    if (fmt === 0 || fmt === 1) {
      const length = readUInt24BE(input, p + 3);
      if (length > this.limits.maxMessageBytes) {
        throw new RemoteProtocolError(`message of ${length} bytes exceeds the limit of ${this.limits.maxMessageBytes}`, {
          code: RtmpErrorCode.MessageTooLarge,
        });
      }
      if (state !== undefined && state.filled > 0) {
        throw new RemoteProtocolError(`new message header on chunk stream ${csid} before the previous message ended`, {
          code: RtmpErrorCode.BadMessage,
        });
      }
      if (state === undefined) {
        state = { timestamp: 0, timestampField: 0, extended: false, length: 0, typeId: 0, streamId: 0, buffer: undefined, filled: 0 };
        this.streams.set(csid, state);
        if (csid < 64) this.small[csid] = state;
      }
      state.length = length;
      state.typeId = input[p + 6];
      if (fmt === 0) state.streamId = input.readUInt32LE(p + 7);
    } else if (fmt === 2 && (state as ChunkStreamState).filled > 0) {
      throw new RemoteProtocolError(`new message header on chunk stream ${csid} before the previous message ended`, {
        code: RtmpErrorCode.BadMessage,
      });
    }
    const s = state as ChunkStreamState;
    if (fmt === 0) {
      s.timestamp = timestampField;
    } else if (fmt !== 3) {
      s.timestamp = (s.timestamp + timestampField) >>> 0;
    } else if (s.filled === 0) {
      // fmt 3 starting a new message: same header, timestamp advances by the last field read.
      s.timestamp = (s.timestamp + s.timestampField) >>> 0;
    }
    if (fmt !== 3) {
      s.timestampField = timestampField;
      s.extended = extended;
    }
    this.current = s;
    this.currentCsid = csid;
    return p + headerSize + extendedBytes - pos;
  }
}
