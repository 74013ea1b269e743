// One player of a live stream: its gathered, not yet written media and its place in the stream. Media is queued
// as shared Buffers and written on flush (once per video frame or event-loop turn), so the socket sees a few
// large writes instead of one per message. Backpressure: above its backlog limit in the socket plus the queue, the
// player skips whole frames until the next keyframe (audio too, so it never resumes on audio before a picture),
// is told once with NetStream.Play.InsufficientBW, and is disconnected if it stays behind `laggingDisconnectMs`.
import type { SessionOutput } from '../../rtmp/index.js';
import type { ClientConnection } from '../connection.js';
import type { PreparedMessage } from './prepared-message.js';

/** Room above the largest frame (at most its own size): a keyframe just written whole is not falling behind. */
const FRAME_MARGIN = 64 * 1024;

export interface LivePlayerOptions {
  /**
   * Socket queue plus gathered bytes above which media is dropped to the next keyframe. The stream raises it
   * to its largest frame plus 64 KiB, so one big keyframe never makes a healthy player skip a GOP.
   */
  readonly backlogBytes: number;
  /** A player behind for this long is disconnected, ms. 0 never disconnects. */
  readonly laggingDisconnectMs: number;
  readonly now: () => number;
  /** Runs `fn` after `ms` (setTimeout, unref'd): cuts off a player left behind on a stream gone quiet. */
  readonly schedule?: (fn: () => void, ms: number) => void;
  /** Called once when a lag episode starts (the handler sends InsufficientBW). */
  readonly onLagging: (player: LivePlayer) => void;
  /** play's `len` (ms of stream time from the first message this player gets); undefined: to the end. */
  readonly durationMs?: number;
  /** Called once when `durationMs` of the stream has been delivered (after the message that reached it). */
  readonly onDurationReached?: (player: LivePlayer) => void;
}

export class LivePlayer {
  paused = false;
  receiveAudio = true;
  receiveVideo = true;
  /** Drop media until a video keyframe (joined without a GOP, fell behind, unpaused, video re-enabled). */
  waitKeyframe = true;
  /** Messages dropped for this player (lag or waiting for a keyframe). */
  dropped = 0;
  /** Bytes handed to the socket. */
  written = 0;
  private readonly pending: PreparedMessage[] = [];
  /** Something besides the stream's batch was queued since the last flush (join sequence, GOP). */
  private extras = false;
  private pendingBytes = 0;
  /**
   * Bytes of the join burst (metadata, headers, GOP) still in the socket: a late joiner draining its GOP is not
   * behind. Only ever shrinks, to what is still queued, so a player that never drains keeps a bounded queue.
   */
  private allowance = 0;
  private laggingSince: number | undefined;
  private firstTimestamp: number | undefined;
  private ended = false;
  private readonly chunkSize: number;

  constructor(
    readonly conn: ClientConnection,
    /** The play stream's message stream id: every message to this player carries it. */
    readonly streamId: number,
    /** The name as the client sent it (for onStatus details). */
    readonly requestedName: string,
    private readonly options: LivePlayerOptions,
  ) {
    this.chunkSize = conn.session.outgoingChunkSize;
  }

  get lagging(): boolean {
    return this.laggingSince !== undefined;
  }

  /**
   * Offers one live message; `streamHasVideo` decides whether audio must wait for a keyframe; `largestFrame` is
   * the stream's largest video frame so far (bytes).
   */
  offer(m: PreparedMessage, streamHasVideo: boolean, largestFrame = 0): void {
    if (this.paused || this.conn.closed) return;
    if (m.kind === 'audio' && !this.receiveAudio) return;
    if (m.kind === 'video' && !this.receiveVideo) return;
    // Only what Node holds counts: the kernel's socket buffer is full before writableLength grows at all.
    const backlog = this.conn.writableLength + this.pendingBytes;
    if (this.allowance > backlog) this.allowance = backlog;
    const limit = Math.max(this.options.backlogBytes, largestFrame + Math.min(largestFrame, FRAME_MARGIN)) + this.allowance;
    // Sequence headers change decoding: never skipped. Data (metadata, cue points) is kept while the backlog
    // is below twice the limit, so a flood of data messages cannot grow a stalled player's queue either.
    if (m.isSequenceHeader) return this.take(m);
    if (m.kind === 'data') {
      if (backlog <= 2 * limit) this.take(m);
      else this.dropped++;
      return;
    }
    if (backlog > limit) {
      this.fallBehind();
      this.dropped++;
      return;
    }
    if (this.waitKeyframe && streamHasVideo) {
      if (m.kind !== 'video' || !m.isKeyframe) {
        this.dropped++;
        return;
      }
    }
    this.waitKeyframe = false;
    this.laggingSince = undefined;
    this.take(m);
  }

  /** Queues without any check (join sequence, GOP). */
  queue(m: PreparedMessage): void {
    this.extras = true;
    this.take(m);
    this.allowance += m.chunksFor(this.chunkSize, this.streamId).length;
  }

  private take(m: PreparedMessage): void {
    this.pending.push(m);
    this.pendingBytes += m.chunksFor(this.chunkSize, this.streamId).length;
    const limit = this.options.durationMs;
    if (limit === undefined || m.kind === 'data' || m.isSequenceHeader || this.ended) return;
    this.firstTimestamp ??= m.timestamp;
    if (((m.timestamp - this.firstTimestamp) | 0) >= limit) {
      this.ended = true;
      this.options.onDurationReached?.(this);
    }
  }

  get queuedBytes(): number {
    return this.pendingBytes;
  }

  /**
   * Writes what was gathered. When the player took exactly the stream's batch (every message since the last
   * flush, nothing else), `shared` gives the whole batch as one Buffer built once for all such players: one
   * write per player per flush, no per-player copy. Otherwise each message's shared chunks go out in one writev.
   */
  flush(batchLength = -1, shared?: (chunkSize: number, streamId: number) => Buffer): void {
    if (this.pending.length === 0) return;
    if (!this.conn.closed) {
      if (shared !== undefined && !this.extras && this.pending.length === batchLength) {
        this.conn.writeShared(shared(this.chunkSize, this.streamId));
      } else if (this.pending.length === 1) {
        this.conn.writeShared(this.pending[0].chunksFor(this.chunkSize, this.streamId));
      } else {
        this.conn.writeShared(this.pending.map((m) => m.chunksFor(this.chunkSize, this.streamId)));
      }
      this.written += this.pendingBytes;
    }
    this.discard();
  }

  /** Session outputs (onStatus, user control) after the media gathered so far, so the order on the wire holds. */
  control(outputs: readonly SessionOutput[]): void {
    this.flush();
    if (!this.conn.closed) this.conn.push(outputs);
  }

  /** Forgets gathered media (stop, close). */
  discard(): void {
    this.pending.length = 0;
    this.pendingBytes = 0;
    this.extras = false;
  }

  private fallBehind(): void {
    this.waitKeyframe = true;
    const now = this.options.now();
    if (this.laggingSince === undefined) {
      this.laggingSince = now;
      this.options.onLagging(this);
      const limit = this.options.laggingDisconnectMs;
      // Without more media (the stream went quiet) no offer would notice: check once more when time is up.
      if (limit > 0) this.options.schedule?.(() => this.checkLag(this.options.now()), limit + 1);
      return;
    }
    this.checkLag(now);
  }

  private checkLag(now: number): void {
    const since = this.laggingSince;
    const limit = this.options.laggingDisconnectMs;
    if (since === undefined || limit <= 0 || this.conn.closed || now - since <= limit) return;
    this.discard();
    this.conn.close('live player too slow');
  }
}
