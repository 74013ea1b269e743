// The publishing side of the load client: one connection that publishes synthetic H.264/AAC in real
// time and records, per video sequence number, when the frame was handed to the socket.
import { performance } from 'node:perf_hooks';
import { LoadConnection, type RtmpTarget } from './load-connection.js';
import { control, encodeMessage } from './chunk-writer.js';
import {
  AAC_SEQUENCE_HEADER,
  AVC_SEQUENCE_HEADER,
  VideoFrameMaker,
  audioFrame,
  frameSizes,
  metadataBody,
  type StreamShape,
} from './synthetic-media.js';

const CHUNK_SIZE = 4096;
const AUDIO_CSID = 4;
const VIDEO_CSID = 6;
const DATA_CSID = 5;

export class Publisher {
  /** performance.now() at which video frame `seq` was written; NaN before. */
  readonly sendTimes: number[] = [];
  /** Sequence number of the last video frame sent, -1 before the first. */
  lastSeq = -1;
  bytesOut = 0;
  private timer: NodeJS.Timeout | null = null;
  private t0 = 0;
  private videoSeq = 0;
  private audioSeq = 0;
  private readonly video: VideoFrameMaker;
  private readonly audio: Buffer;

  private constructor(
    private readonly conn: LoadConnection,
    private readonly streamId: number,
    private readonly shape: StreamShape,
  ) {
    this.video = new VideoFrameMaker(frameSizes(shape));
    this.audio = audioFrame(shape.audioFrameBytes);
  }

  static async start(target: RtmpTarget, name: string, shape: StreamShape): Promise<Publisher> {
    const conn = await LoadConnection.open(target);
    try {
      await conn.connect();
      conn.write(control.setChunkSize(CHUNK_SIZE));
      conn.announcePublish(name);
      const sid = await conn.createStream();
      await conn.publish(sid, name);
      const p = new Publisher(conn, sid, shape);
      p.begin();
      return p;
    } catch (e) {
      conn.destroy();
      throw e;
    }
  }

  get error(): Error | null {
    return this.conn.error;
  }

  private send(csid: number, type: number, ts: number, body: Buffer): void {
    const bytes = encodeMessage(csid, type, this.streamId, ts, body, CHUNK_SIZE);
    this.bytesOut += bytes.length;
    this.conn.write(bytes);
  }

  private begin(): void {
    this.send(DATA_CSID, 18, 0, metadataBody(this.shape, 1280, 720));
    this.send(VIDEO_CSID, 9, 0, AVC_SEQUENCE_HEADER);
    this.send(AUDIO_CSID, 8, 0, AAC_SEQUENCE_HEADER);
    this.t0 = performance.now();
    this.tick();
  }

  /** Sends every frame that is due, then sleeps until the next one. */
  private tick(): void {
    const vStep = 1000 / this.shape.fps;
    const aStep = 1000 / this.shape.audioFramesPerSecond;
    const elapsed = performance.now() - this.t0;
    for (;;) {
      const vDue = this.videoSeq * vStep;
      const aDue = this.audioSeq * aStep;
      const due = Math.min(vDue, aDue);
      if (due > elapsed) {
        this.timer = setTimeout(() => this.tick(), Math.max(1, due - elapsed));
        return;
      }
      if (aDue < vDue) {
        this.send(AUDIO_CSID, 8, Math.floor(aDue), this.audio);
        this.audioSeq++;
      } else {
        const seq = this.videoSeq++;
        const { body } = this.video.frame(seq);
        this.send(VIDEO_CSID, 9, Math.floor(vDue), body);
        this.sendTimes[seq] = performance.now();
        this.lastSeq = seq;
      }
    }
  }

  /** Stops sending; the connection stays open (so servers do not send UnpublishNotify yet). */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  close(): void {
    this.stop();
    this.conn.destroy();
  }
}
