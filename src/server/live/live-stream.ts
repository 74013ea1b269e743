// One live stream of an application instance: its publisher, what a new player needs before media (metadata,
// codec sequence headers, the GOP cache), its players, and the fan-out of each published message to them.
import type { RtmpMessage } from '../../rtmp/index.js';
import { readLeadingName } from '../../media/index.js';
import type { ClientConnection } from '../connection.js';
import { EncodingCache } from '../encoding-cache.js';
import { GopCache } from './gop-cache.js';
import type { LivePlayer, PlayerGroup } from './live-player.js';
import { PreparedMessage, type BatchEncoder, type ChunkEncoder } from './prepared-message.js';

export interface Publisher {
  readonly conn: ClientConnection;
  readonly streamId: number;
  /** The name as the publisher sent it. */
  readonly requestedName: string;
}

/** Receives what the stream relays, in the file's terms (recording). */
export interface LiveSink {
  write(typeId: number, timestamp: number, payload: Buffer): void;
}

export interface LiveStreamOptions {
  readonly gopCacheBytes: number;
  /** Audio held for the next video frame is flushed anyway after this many messages… */
  readonly maxHeldMessages: number;
  /** …or once it spans this many ms of stream time (a slide show sends video rarely). */
  readonly maxHoldMs: number;
  readonly encode: ChunkEncoder;
  /**
   * Chunks a whole batch into one Buffer (encodeMessageBatch), so the messages of an in-step batch get no Buffer of
   * their own. Undefined: the batch is the concatenation of each message's `encode`.
   */
  readonly encodeBatch?: BatchEncoder;
  /** Runs `fn` after the current I/O callbacks (setImmediate); injectable for tests. */
  readonly defer: (fn: () => void) => void;
  /**
   * From this many players on, video frames are written in pairs: a frame waits for the next one (at most
   * `maxGatherMs`, never much more than the stream's frame interval), halving the socket writes per player, whose
   * kernel cost dominates a large fan-out. 0 never gathers.
   */
  readonly gatherMinPlayers: number;
  readonly maxGatherMs: number;
  /** Let players in step take whole batches (LiveOptions.groupInStepPlayers). */
  readonly groupInStepPlayers: boolean;
  /** Runs `fn` after `ms` (setTimeout, unref'd): bounds how long a gathered frame waits. */
  readonly schedule: (fn: () => void, ms: number) => void;
}

const AMF3_DATA = 15;
const AMF0_DATA = 18;

export class LiveStream implements PlayerGroup {
  publisher: Publisher | undefined;
  metadata: PreparedMessage | undefined;
  videoHeader: PreparedMessage | undefined;
  audioHeader: PreparedMessage | undefined;
  hasVideo = false;
  /** Largest video payload of the current publisher (bytes): players' backlog limit never goes below it plus a margin. */
  largestFrame = 0;
  readonly gop: GopCache;
  private readonly all = new Set<LivePlayer>();
  /** Players offered each message (joining, paused, behind, waiting for a keyframe, `len`, audio or video off). */
  private readonly solo = new Set<LivePlayer>();
  /** Players in step, who take each batch whole at flush (see LivePlayer). */
  private readonly inStep = new Set<LivePlayer>();
  sink: LiveSink | undefined;
  /** Messages relayed since the stream was created (all publishers). */
  messages = 0;
  private flushScheduled = false;
  /** A video frame waits in the batch for the next one (gathering). */
  private videoWaiting = false;
  /** Bumped by every flush, so a gathering timer left from an earlier batch does nothing. */
  private flushes = 0;
  private lastVideoTimestamp = -1;
  private held = 0;
  private heldSince = 0;
  /** Messages relayed to players since the last flush, in order. */
  readonly batch: PreparedMessage[] = [];
  /** The batch as one chunked Buffer per (chunk size, stream id), built once for all players in step. */
  private readonly batchBytes = new EncodingCache((chunkSize, streamId) => this.concat(chunkSize, streamId));
  private readonly shared = (chunkSize: number, streamId: number): Buffer => this.batchBytes.get(chunkSize, streamId);
  private readonly flushAll = (): void => {
    this.flushScheduled = false;
    this.held = 0;
    this.videoWaiting = false;
    this.flushes++;
    const n = this.batch.length;
    if (n > 0) {
      // A grouped player the backlog check turns away moves to `solo` and is flushed there, message by message.
      for (const p of this.inStep) p.flushGrouped(this.shared, this.largestFrame);
    }
    for (const p of this.solo) p.flush(n, this.shared);
    this.batch.length = 0;
    this.batchBytes.clear();
    if (!this.options.groupInStepPlayers) return;
    for (const p of this.solo) {
      if (p.canGroup) {
        this.solo.delete(p);
        this.inStep.add(p);
        p.joinGroup(this);
      }
    }
  };

  constructor(readonly name: string, private readonly options: LiveStreamOptions) {
    this.gop = new GopCache(options.gopCacheBytes);
  }

  /** Relays one published message (audio, video or data; aggregates are split before). */
  ingest(message: RtmpMessage): void {
    let { typeId, payload } = message;
    if (typeId === AMF3_DATA) {
      // An AMF3 data message is a format byte (0) then AMF0 values: relay as AMF0 data, as FMS does.
      if (payload.length === 0 || payload[0] !== 0) return;
      payload = payload.subarray(1);
      typeId = AMF0_DATA;
    }
    if (typeId === AMF0_DATA) {
      const lead = readLeadingName(payload);
      if (lead?.name === '@setDataFrame') {
        // Stored without the prefix: players and files get 'onMetaData', {…}.
        // Kept for the stream's life: copied, so it does not pin the socket read or slab it arrived in.
        payload = Buffer.from(payload.subarray(lead.bytes));
        const m = this.prepare(typeId, message.timestamp, payload);
        this.metadata = m;
        return this.relay(m);
      }
      if (lead?.name === '@clearDataFrame') {
        this.metadata = undefined;
        return;
      }
      return this.relay(this.prepare(typeId, message.timestamp, payload));
    }
    if (typeId !== 8 && typeId !== 9) return;
    let m = this.prepare(typeId, message.timestamp, payload);
    // Sequence headers are kept for the stream's life: a copy, so they do not pin the socket read or the chunk
    // reader's slab they arrived in (frames are not copied: the GOP cache drops them soon).
    if (m.isSequenceHeader) m = this.prepare(typeId, message.timestamp, Buffer.from(payload));
    if (m.kind === 'video') {
      this.hasVideo = true;
      if (payload.length > this.largestFrame) this.largestFrame = payload.length;
      if (m.isSequenceHeader) this.videoHeader = m;
    } else if (m.isSequenceHeader) this.audioHeader = m;
    this.gop.push(m);
    this.relay(m);
  }

  /** Every player (add and remove with addPlayer/removePlayer). */
  get players(): ReadonlySet<LivePlayer> {
    return this.all;
  }

  addPlayer(p: LivePlayer): void {
    this.all.add(p);
    this.solo.add(p);
  }

  removePlayer(p: LivePlayer): void {
    this.all.delete(p);
    this.solo.delete(p);
    this.inStep.delete(p);
  }

  /** @internal a grouped player left the group (LivePlayer calls this). */
  ungrouped(p: LivePlayer): void {
    if (this.inStep.delete(p) && this.all.has(p)) this.solo.add(p);
  }

  private concat(chunkSize: number, streamId: number): Buffer {
    const batch = this.batch;
    if (batch.length === 1) return batch[0].chunksFor(chunkSize, streamId);
    const encodeBatch = this.options.encodeBatch;
    // Straight from the payloads into one Buffer: players in step never need the messages' own encodings (made
    // lazily, for joiners and players off the group), which would be one more Buffer per message to collect.
    if (encodeBatch !== undefined) return encodeBatch(batch.map((m) => m.batched(streamId)), chunkSize);
    return Buffer.concat(batch.map((m) => m.chunksFor(chunkSize, streamId)));
  }

  private prepare(typeId: number, timestamp: number, payload: Buffer): PreparedMessage {
    // The payload stays the session's slice (no copy): socket reads are trimmed to what was read and the chunk
    // reader's slabs are filled in order, so what the GOP cache pins is about the stream bytes it covers.
    return new PreparedMessage(typeId, timestamp, payload, this.options.encode);
  }

  private relay(m: PreparedMessage): void {
    this.messages++;
    this.sink?.write(m.typeId, m.timestamp, m.payload);
    if (this.all.size === 0) return;
    this.batch.push(m);
    const hasVideo = this.hasVideo;
    const largest = this.largestFrame;
    for (const p of this.solo) p.offer(m, hasVideo, largest);
    if (m.kind === 'video' && !m.isSequenceHeader && this.gather(m.timestamp)) return;
    // Audio rides with the next video frame: one write per player per frame, not per message.
    if (m.kind === 'audio' && hasVideo) {
      if (this.held++ === 0) this.heldSince = m.timestamp;
      if (this.held < this.options.maxHeldMessages && ((m.timestamp - this.heldSince) | 0) < this.options.maxHoldMs) return;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.options.defer(this.flushAll);
    }
  }

  /** True when this video frame waits for the next one instead of being written now. */
  private gather(timestamp: number): boolean {
    const interval = this.lastVideoTimestamp < 0 ? 0 : (timestamp - this.lastVideoTimestamp) | 0;
    this.lastVideoTimestamp = timestamp;
    const min = this.options.gatherMinPlayers;
    if (min <= 0 || this.all.size < min) return false;
    if (this.videoWaiting) return false; // the second frame: both go out now
    this.videoWaiting = true;
    // A little over one frame interval, so a frame arriving on time is not beaten by its own timer.
    const max = this.options.maxGatherMs;
    const wait = interval > 0 && interval + 5 < max ? interval + 5 : max;
    const flushes = this.flushes;
    this.options.schedule(() => {
      if (this.flushes === flushes) this.flushAll();
    }, wait);
    return true;
  }

  /** Writes every player's gathered media now. */
  flush(): void {
    this.flushAll();
  }

  /** What a player joining now gets before live media: metadata, sequence headers, then the GOP. */
  joinMessages(): PreparedMessage[] {
    const out: PreparedMessage[] = [];
    if (this.metadata) out.push(this.metadata);
    if (this.videoHeader) out.push(this.videoHeader);
    if (this.audioHeader) out.push(this.audioHeader);
    out.push(...this.gop.messages);
    return out;
  }

  /** Forgets what belonged to the last publisher. */
  resetPublisherState(): void {
    this.publisher = undefined;
    this.metadata = undefined;
    this.videoHeader = undefined;
    this.audioHeader = undefined;
    this.hasVideo = false;
    this.largestFrame = 0;
    this.lastVideoTimestamp = -1;
    this.gop.clear();
    this.held = 0;
  }

  get idle(): boolean {
    return this.publisher === undefined && this.players.size === 0;
  }
}
