// Splits messages into chunks (specification 5.3). Each message becomes one Buffer holding all its chunks.
import { LocalProtocolError, RtmpErrorCode } from '../errors.js';
import type { RtmpMessage } from '../messages/message.js';
import {
  basicHeaderSize,
  type ChunkFormat,
  EXTENDED_TIMESTAMP_MARKER,
  isValidChunkStreamId,
  MESSAGE_HEADER_SIZE,
  writeBasicHeader,
  writeUInt24BE,
} from './header.js';
import { DEFAULT_CHUNK_SIZE } from './limits.js';

/** Largest message length the 24-bit length field can carry. */
export const MAX_MESSAGE_LENGTH = 0xffffff;

function checkMessage(message: RtmpMessage, csid: number): void {
  if (!isValidChunkStreamId(csid)) {
    throw new LocalProtocolError(`invalid chunk stream id ${csid}`, { code: RtmpErrorCode.BadArgument });
  }
  if (message.payload.length > MAX_MESSAGE_LENGTH) {
    throw new LocalProtocolError(`message of ${message.payload.length} bytes is too long for RTMP`, {
      code: RtmpErrorCode.BadArgument,
    });
  }
}

function checkChunkSize(size: number): void {
  if (!Number.isInteger(size) || size < 1 || size > 0x7fffffff) {
    throw new LocalProtocolError(`invalid chunk size ${size}`, { code: RtmpErrorCode.BadArgument });
  }
}

/**
 * Encodes a message into one complete chunked byte string: a fmt 0 first chunk (absolute timestamp), then fmt 3
 * continuation chunks, repeating the extended timestamp on them as Flash Player and FMS do. Needs no state, so the
 * same bytes can be written to every player that shares the chunk size (live fan-out).
 */
export function encodeMessageChunks(message: RtmpMessage, chunkSize: number, chunkStreamId: number): Buffer {
  checkChunkSize(chunkSize);
  checkMessage(message, chunkStreamId);
  const timestamp = message.timestamp >>> 0;
  return writeChunks(message, chunkSize, chunkStreamId, 0, timestamp, timestamp >= EXTENDED_TIMESTAMP_MARKER);
}

/** One message of `encodeMessageBatch`: its chunk stream id besides the message. */
export interface BatchedMessage {
  readonly message: RtmpMessage;
  readonly chunkStreamId: number;
}

/**
 * Several messages chunked as encodeMessageChunks would, one after the other in ONE Buffer: what a live fan-out
 * writes to every player of a batch, without an intermediate Buffer per message.
 */
export function encodeMessageBatch(messages: readonly BatchedMessage[], chunkSize: number): Buffer {
  checkChunkSize(chunkSize);
  let total = 0;
  for (const { message, chunkStreamId } of messages) {
    checkMessage(message, chunkStreamId);
    total += chunkedLength(message.payload.length, chunkSize, chunkStreamId, 0, (message.timestamp >>> 0) >= EXTENDED_TIMESTAMP_MARKER);
  }
  const out = Buffer.allocUnsafe(total);
  let o = 0;
  for (const { message, chunkStreamId } of messages) {
    const timestamp = message.timestamp >>> 0;
    o = writeChunksInto(out, o, message, chunkSize, chunkStreamId, 0, timestamp, timestamp >= EXTENDED_TIMESTAMP_MARKER);
  }
  return out;
}

/** Bytes of a message of `length` bytes once chunked. */
function chunkedLength(length: number, chunkSize: number, csid: number, fmt: ChunkFormat, extended: boolean): number {
  const chunks = length === 0 ? 1 : Math.ceil(length / chunkSize);
  const basic = basicHeaderSize(csid);
  const ext = extended ? 4 : 0;
  return basic + MESSAGE_HEADER_SIZE[fmt] + ext + (chunks - 1) * (basic + ext) + length;
}

function writeChunks(
  message: RtmpMessage,
  chunkSize: number,
  csid: number,
  fmt: ChunkFormat,
  field: number,
  extended: boolean,
): Buffer {
  const out = Buffer.allocUnsafe(chunkedLength(message.payload.length, chunkSize, csid, fmt, extended));
  writeChunksInto(out, 0, message, chunkSize, csid, fmt, field, extended);
  return out;
}

/** Writes the chunks of `message` into `out` at `o` (room checked by the caller); returns the end offset. */
function writeChunksInto(
  out: Buffer,
  o: number,
  message: RtmpMessage,
  chunkSize: number,
  csid: number,
  fmt: ChunkFormat,
  field: number,
  extended: boolean,
): number {
  const payload = message.payload;
  const length = payload.length;
  const chunks = length === 0 ? 1 : Math.ceil(length / chunkSize);
  o = writeBasicHeader(out, o, fmt, csid);
  if (fmt !== 3) {
    writeUInt24BE(out, extended ? EXTENDED_TIMESTAMP_MARKER : field, o);
    o += 3;
    if (fmt !== 2) {
      writeUInt24BE(out, length, o);
      out[o + 3] = message.typeId;
      o += 4;
      if (fmt === 0) {
        out.writeUInt32LE(message.streamId >>> 0, o);
        o += 4;
      }
    }
  }
  if (extended) o = out.writeUInt32BE(field, o);
  let p = 0;
  for (let i = 0; i < chunks; i++) {
    if (i > 0) {
      o = writeBasicHeader(out, o, 3, csid);
      if (extended) o = out.writeUInt32BE(field, o);
    }
    const n = Math.min(chunkSize, length - p);
    payload.copy(out, o, p, p + n);
    o += n;
    p += n;
  }
  return o;
}

interface WriterStreamState {
  streamId: number;
  typeId: number;
  length: number;
  timestamp: number;
}

/**
 * A stateful chunk writer for one connection: compresses headers per chunk stream (fmt 1 when only the stream id
 * is unchanged, fmt 2 when only the timestamp changed, fmt 0 otherwise and whenever time goes backwards). It
 * never starts a message with fmt 3: what fmt 3 means after fmt 0 is read differently by different peers.
 */
export class ChunkWriter {
  private size = DEFAULT_CHUNK_SIZE;
  private readonly streams = new Map<number, WriterStreamState>();

  get chunkSize(): number {
    return this.size;
  }

  /** Changes our outgoing chunk size; the caller sends Set Chunk Size before any message chunked with it. */
  setChunkSize(size: number): void {
    checkChunkSize(size);
    this.size = size;
  }

  /** Forgets a chunk stream's header, so its next message uses fmt 0 (e.g. after someone else wrote on it). */
  reset(csid: number): void {
    this.streams.delete(csid);
  }

  write(message: RtmpMessage, csid: number): Buffer {
    // The chunk size was checked when it was set: per message only what the message brings.
    checkMessage(message, csid);
    const timestamp = message.timestamp >>> 0;
    const length = message.payload.length;
    const prev = this.streams.get(csid);
    let fmt: ChunkFormat = 0;
    let field = timestamp;
    // Forward deltas below 2^31 only: a larger one is more likely time going backwards than a wrap.
    const delta = prev === undefined ? 0 : (timestamp - prev.timestamp) >>> 0;
    if (prev !== undefined && prev.streamId === message.streamId && delta < 0x80000000) {
      field = delta;
      fmt = prev.typeId === message.typeId && prev.length === length ? 2 : 1;
    }
    const out = writeChunks(message, this.size, csid, fmt, field, field >= EXTENDED_TIMESTAMP_MARKER);
    if (prev === undefined) {
      this.streams.set(csid, { streamId: message.streamId, typeId: message.typeId, length, timestamp });
    } else {
      prev.streamId = message.streamId;
      prev.typeId = message.typeId;
      prev.length = length;
      prev.timestamp = timestamp;
    }
    return out;
  }
}
