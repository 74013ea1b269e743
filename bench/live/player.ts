// The playing side of the load client: counts what arrives and reads each video frame's sequence
// marker to compute loss, latency (arrival − publish, same process clock) and time to first keyframe.
import { performance } from 'node:perf_hooks';
import { LoadConnection, type MediaSink, type RtmpTarget } from './load-connection.js';
import { HEAD_BYTES } from './chunk-counter.js';
import { MARKER_MAGIC, MARKER_OFFSET } from './synthetic-media.js';

/** State shared by all players of one run. */
export interface PlayClock {
  /** performance.now() at which each video sequence number was sent. */
  readonly sendTimes: readonly number[];
  /** Latency samples (ms) are recorded while this is true. */
  recording: boolean;
  readonly latencies: number[];
}

export class Player implements MediaSink {
  playAt = 0;
  /** ms from play to the first complete keyframe; -1 until then. */
  firstKeyframeMs = -1;
  firstSeq = -1;
  maxSeq = -1;
  /** Frames missing between received sequence numbers. */
  gaps = 0;
  frames = 0;
  /** Video messages without a marker: sequence headers and anything the server made up. */
  otherVideo = 0;
  replayed = 0;
  audio = 0;
  stalled = false;

  private constructor(
    readonly conn: LoadConnection,
    private readonly clock: PlayClock,
  ) {
    conn.media = this;
  }

  static async start(target: RtmpTarget, name: string, clock: PlayClock): Promise<Player> {
    const conn = await LoadConnection.open(target);
    try {
      await conn.connect();
      const sid = await conn.createStream();
      const p = new Player(conn, clock);
      p.playAt = performance.now();
      conn.play(sid, name);
      return p;
    } catch (e) {
      conn.destroy();
      throw e;
    }
  }

  onVideo(head: Buffer, headLength: number, _size: number, now: number): void {
    if (headLength < HEAD_BYTES || head.readUInt32BE(MARKER_OFFSET) !== MARKER_MAGIC) {
      this.otherVideo++;
      return;
    }
    const seq = head.readUInt32BE(MARKER_OFFSET + 4);
    if (this.firstKeyframeMs < 0 && head[0] >> 4 === 1) this.firstKeyframeMs = now - this.playAt;
    if (seq <= this.maxSeq) {
      this.replayed++;
      return;
    }
    if (this.maxSeq >= 0) this.gaps += seq - this.maxSeq - 1;
    else this.firstSeq = seq;
    this.maxSeq = seq;
    this.frames++;
    const sent = this.clock.sendTimes[seq];
    // Frames from a GOP cache were sent before play: they measure the cache, not the fan-out.
    if (this.clock.recording && sent > this.playAt) this.clock.latencies.push(now - sent);
  }

  onAudio(): void {
    this.audio++;
  }

  /** Stops reading: the server sees a player whose socket never drains. */
  stall(): void {
    this.stalled = true;
    this.conn.socket.pause();
  }

  /** Frames lost up to `lastSeq` (the publisher's last frame): gaps plus the missing tail. */
  lost(lastSeq: number): number {
    if (this.maxSeq < 0) return 0; // counted apart as a player without media
    return this.gaps + Math.max(0, lastSeq - this.maxSeq);
  }

  expected(lastSeq: number): number {
    return this.firstSeq < 0 ? 0 : lastSeq - this.firstSeq + 1;
  }

  close(): void {
    this.conn.destroy();
  }
}
