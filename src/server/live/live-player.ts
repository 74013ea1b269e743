// One player of a live stream: its gathered, not yet written media and its place in the stream. Media is queued
// as shared Buffers and written on flush (once per video frame or event-loop turn), so the socket sees a few
// large writes instead of one per message. Backpressure: above its backlog limit in the socket plus the queue, the
// player skips whole frames until the next keyframe (audio too, so it never resumes on audio before a picture),
// is told once with NetStream.Play.InsufficientBW, and is disconnected if it stays behind `laggingDisconnectMs`.
//
// A player in step with the stream (playing, both kinds on, not waiting for a keyframe, not behind, no `len`) is
// "grouped": the stream does not offer it each message, it writes the stream's whole batch once per flush after
// one backlog check. Anything that changes the player first ungroups it: the batch so far goes through the
// per-message rules, so the result is the same as if it had never been grouped.
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

/** What a grouped player needs from its stream. */
export interface PlayerGroup {
  /** Messages relayed since the last flush, in order. */
  readonly batch: readonly PreparedMessage[];
  readonly hasVideo: boolean;
  readonly largestFrame: number;
  /** The player leaves the group: the stream offers it messages one by one from now on. */
  ungrouped(player: LivePlayer): void;
}

export class LivePlayer {
  private _paused = false;
  private _receiveAudio = true;
  private _receiveVideo = true;
  private _waitKeyframe = true;
  /** Set by the stream while this player takes whole batches (see the file comment). */
  private group: PlayerGroup | undefined;
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

  get paused(): boolean {
    return this._paused;
  }
  set paused(v: boolean) {
    this.ungroup();
    this._paused = v;
  }
  get receiveAudio(): boolean {
    return this._receiveAudio;
  }
  set receiveAudio(v: boolean) {
    this.ungroup();
    this._receiveAudio = v;
  }
  get receiveVideo(): boolean {
    return this._receiveVideo;
  }
  set receiveVideo(v: boolean) {
    this.ungroup();
    this._receiveVideo = v;
  }
  /** Drop media until a video keyframe (joined without a GOP, fell behind, unpaused, video re-enabled). */
  get waitKeyframe(): boolean {
    return this._waitKeyframe;
  }
  set waitKeyframe(v: boolean) {
    this.ungroup();
    this._waitKeyframe = v;
  }

  get grouped(): boolean {
    return this.group !== undefined;
  }

  /** In step with the stream right after a flush: can take whole batches from now on. */
  get canGroup(): boolean {
    return (
      this.group === undefined && !this._paused && this._receiveAudio && this._receiveVideo && !this._waitKeyframe &&
      this.laggingSince === undefined && this.options.durationMs === undefined && this.pending.length === 0 && !this.conn.closed
    );
  }

  /** @internal the stream groups this player at a batch boundary (its batch is empty). */
  joinGroup(group: PlayerGroup): void {
    this.group = group;
  }

  /** Leaves the group: the batch so far goes through the per-message rules, as if never grouped. */
  private ungroup(): void {
    const g = this.group;
    if (g === undefined) return;
    this.group = undefined;
    g.ungrouped(this);
    for (const m of g.batch) this.offer(m, g.hasVideo, g.largestFrame);
  }

  /**
   * A grouped player's flush: the whole batch in one write when the socket's backlog leaves room for it, else the
   * per-message rules decide (ungroup, then the stream flushes it with the others).
   */
  flushGrouped(shared: (chunkSize: number, streamId: number) => Buffer, largestFrame: number): void {
    if (this.conn.closed) return;
    const batchBytes = shared(this.chunkSize, this.streamId);
    const backlog = this.conn.writableLength;
    if (backlog + batchBytes.length > this.backlogLimit(backlog, largestFrame)) {
      this.ungroup();
      return;
    }
    this.conn.writeShared(batchBytes);
    this.written += batchBytes.length;
  }

  /**
   * Offers one live message; `streamHasVideo` decides whether audio must wait for a keyframe; `largestFrame` is
   * the stream's largest video frame so far (bytes).
   */
  offer(m: PreparedMessage, streamHasVideo: boolean, largestFrame = 0): void {
    if (this._paused || this.conn.closed) return;
    if (m.kind === 'audio' && !this._receiveAudio) return;
    if (m.kind === 'video' && !this._receiveVideo) return;
    // Only what Node holds counts: the kernel's socket buffer is full before writableLength grows at all.
    const backlog = this.conn.writableLength + this.pendingBytes;
    const limit = this.backlogLimit(backlog, largestFrame);
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
    if (this._waitKeyframe && streamHasVideo) {
      if (m.kind !== 'video' || !m.isKeyframe) {
        this.dropped++;
        return;
      }
    }
    this._waitKeyframe = false;
    this.laggingSince = undefined;
    this.take(m);
  }

  /**
   * Bytes this player may have queued before it counts as behind: the configured backlog, never below the largest
   * frame plus a margin, plus what is left of its join burst (which only shrinks, to what `backlog` still holds).
   */
  private backlogLimit(backlog: number, largestFrame: number): number {
    if (this.allowance > backlog) this.allowance = backlog;
    return Math.max(this.options.backlogBytes, largestFrame + Math.min(largestFrame, FRAME_MARGIN)) + this.allowance;
  }

  /** Queues without any check (join sequence, GOP). */
  queue(m: PreparedMessage): void {
    this.ungroup();
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
    this.ungroup();
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
    this.ungroup();
    this.flush();
    if (!this.conn.closed) this.conn.push(outputs);
  }

  /** Forgets gathered media (stop, close). */
  discard(): void {
    this.ungroup();
    this.pending.length = 0;
    this.pendingBytes = 0;
    this.extras = false;
  }

  private fallBehind(): void {
    this._waitKeyframe = true;
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
