// A header-only RTMP chunk parser for load clients: it follows chunk headers and message lengths, skips
// media payloads in bulk without copying them, and keeps only what a player needs to measure: the first
// bytes of each video message (where the publisher put its sequence marker) and the whole body of the
// few small control/command messages. Cost is per chunk header, not per payload byte.

/** Called when a message is complete. `head` holds up to HEAD_BYTES first payload bytes (video only). */
export interface ChunkCounterSink {
  onVideo(head: Buffer, headLength: number, size: number): void;
  onAudio(size: number): void;
  /** Protocol control (1-6), data (18) and command (20) messages, with their whole payload. */
  onControl(type: number, streamId: number, payload: Buffer): void;
}

export class ChunkCounterError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

export const HEAD_BYTES = 18;
const MAX_CONTROL_BYTES = 1 << 20;
const MAX_CHUNK_STREAMS = 64;

interface ChunkStreamState {
  length: number;
  type: number;
  streamId: number;
  /** Payload bytes of the current message still to come; 0 between messages. */
  remaining: number;
  hasExtTs: boolean;
  head: Buffer;
  headLen: number;
  body: Buffer | null;
  bodyLen: number;
}

const MESSAGE_HEADER_LEN = [11, 7, 3, 0];

export class ChunkCounter {
  chunkSize = 128;
  private readonly streams = new Map<number, ChunkStreamState>();
  private readonly hdr = Buffer.alloc(18);
  private hdrLen = 0;
  private hdrNeed = 1;
  private cur: ChunkStreamState | null = null;
  private chunkLeft = 0;

  constructor(private readonly sink: ChunkCounterSink) {}

  /** Feeds received bytes; the buffer may be reused by the caller after this returns. */
  push(buf: Buffer, start: number, end: number): void {
    let i = start;
    while (i < end) {
      if (this.cur === null) {
        // Header: copy only as many bytes as the header still needs.
        const take = Math.min(this.hdrNeed - this.hdrLen, end - i);
        buf.copy(this.hdr, this.hdrLen, i, i + take);
        this.hdrLen += take;
        i += take;
        if (this.hdrLen === this.hdrNeed) this.headerProgress();
        continue;
      }
      const cs = this.cur;
      const take = Math.min(this.chunkLeft, end - i);
      if (cs.type === 9) {
        if (cs.headLen < HEAD_BYTES) {
          const n = Math.min(HEAD_BYTES - cs.headLen, take);
          buf.copy(cs.head, cs.headLen, i, i + n);
          cs.headLen += n;
        }
      } else if (cs.body !== null) {
        buf.copy(cs.body, cs.bodyLen, i, i + take);
        cs.bodyLen += take;
      }
      i += take;
      cs.remaining -= take;
      this.chunkLeft -= take;
      if (this.chunkLeft === 0) this.endChunk(cs);
    }
  }

  /** Called each time hdrLen reaches hdrNeed: either asks for more header bytes or starts the payload. */
  private headerProgress(): void {
    const b0 = this.hdr[0];
    const fmt = b0 >> 6;
    const low = b0 & 0x3f;
    const basicLen = low === 0 ? 2 : low === 1 ? 3 : 1;
    let need = basicLen + MESSAGE_HEADER_LEN[fmt];
    if (this.hdrLen < need) {
      this.hdrNeed = need;
      return;
    }
    const csid = low === 0 ? 64 + this.hdr[1] : low === 1 ? 64 + this.hdr[1] + this.hdr[2] * 256 : low;
    let cs = this.streams.get(csid);
    if (cs === undefined) {
      if (fmt !== 0) throw new ChunkCounterError(`chunk stream ${csid} starts with fmt ${fmt}`, 'LOAD_ERR_NO_HEADER');
      if (this.streams.size >= MAX_CHUNK_STREAMS) throw new ChunkCounterError('too many chunk streams', 'LOAD_ERR_CSID_LIMIT');
      cs = {
        length: 0,
        type: 0,
        streamId: 0,
        remaining: 0,
        hasExtTs: false,
        head: Buffer.alloc(HEAD_BYTES),
        headLen: 0,
        body: null,
        bodyLen: 0,
      };
      this.streams.set(csid, cs);
    }
    const h = this.hdr;
    const p = basicLen;
    let extTs: boolean;
    if (fmt < 3) extTs = h[p] === 0xff && h[p + 1] === 0xff && h[p + 2] === 0xff;
    else extTs = cs.hasExtTs; // a type-3 header repeats the extended timestamp of the header it follows
    if (extTs) need += 4;
    if (this.hdrLen < need) {
      this.hdrNeed = need;
      return;
    }
    if (fmt < 3) cs.hasExtTs = extTs;
    if (fmt <= 1) {
      cs.length = (h[p + 3] << 16) | (h[p + 4] << 8) | h[p + 5];
      cs.type = h[p + 6];
    }
    if (fmt === 0) cs.streamId = h.readUInt32LE(p + 7);
    if (fmt < 3 || cs.remaining === 0) this.startMessage(cs);
    this.hdrLen = 0;
    this.hdrNeed = 1;
    this.cur = cs;
    this.chunkLeft = Math.min(this.chunkSize, cs.remaining);
    if (this.chunkLeft === 0) this.endChunk(cs);
  }

  private startMessage(cs: ChunkStreamState): void {
    cs.remaining = cs.length;
    cs.headLen = 0;
    cs.bodyLen = 0;
    if (cs.type !== 8 && cs.type !== 9) {
      if (cs.length > MAX_CONTROL_BYTES) {
        throw new ChunkCounterError(`control message of ${cs.length} bytes`, 'LOAD_ERR_CONTROL_TOO_BIG');
      }
      cs.body = Buffer.allocUnsafe(cs.length);
    } else {
      cs.body = null;
    }
  }

  private endChunk(cs: ChunkStreamState): void {
    this.cur = null;
    if (cs.remaining > 0) return;
    if (cs.type === 9) this.sink.onVideo(cs.head, cs.headLen, cs.length);
    else if (cs.type === 8) this.sink.onAudio(cs.length);
    else if (cs.body !== null) {
      const body = cs.body;
      cs.body = null;
      if (cs.type === 1) {
        if (body.length < 4) throw new ChunkCounterError('short Set Chunk Size', 'LOAD_ERR_BAD_CONTROL');
        const size = body.readUInt32BE(0) & 0x7fffffff;
        if (size < 1 || size > 0xffffff) throw new ChunkCounterError(`chunk size ${size}`, 'LOAD_ERR_BAD_CHUNK_SIZE');
        this.chunkSize = size;
      }
      this.sink.onControl(cs.type, cs.streamId, body);
    }
  }
}
