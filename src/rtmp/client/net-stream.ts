// NetStream for Node: publish FLV tags or play a stream over a NetConnection. publish()/play() resolve on the
// server's Start status and reject on an error status, so scripts can simply await them.
import { EventEmitter } from 'node:events';
import type { AmfValue } from '../../amf/index.js';
import { decodeData } from '../commands/command.js';
import { MessageType, type RtmpMessage } from '../messages/message.js';
import type { AmfRecord, PublishMode } from '../session/events.js';
import { RtmpClientError } from './errors.js';
import type { StreamLink } from './net-connection.js';

/** An FLV tag as media/flv reads it: type 8 audio, 9 video, 18 script data; data is the tag body. */
export interface MediaTag {
  readonly type: number;
  readonly timestamp: number;
  readonly data: Buffer;
}

export interface PlayOptions {
  /** -2 live or recorded (default), -1 live only, >= 0 recorded from this position (ms). */
  readonly start?: number;
  /** -1 to the end (default). */
  readonly duration?: number;
  readonly reset?: boolean;
  /** SetBufferLength sent before play, ms. Defaults to 1000 (0 sends none). */
  readonly bufferMs?: number;
}

export interface NetStreamEvents {
  status: [info: AmfRecord];
  /** Every audio, video and data message received while playing (data bodies undecoded). */
  media: [tag: MediaTag];
  /** Data messages decoded: onMetaData, |RtmpSampleAccess, onTextData, … */
  data: [name: string, values: readonly AmfValue[]];
  /** User control events for this stream: 0 StreamBegin, 1 StreamEOF, 2 StreamDry, 4 StreamIsRecorded. */
  userControl: [event: number, extra: number | undefined];
  close: [error: Error | undefined];
}

type Waiter = { resolve: (info: AmfRecord) => void; reject: (err: Error) => void; success: readonly string[] };

const PUBLISH_OK = ['NetStream.Publish.Start'];
const PLAY_OK = ['NetStream.Play.Start'];

export class NetStream extends EventEmitter<NetStreamEvents> {
  private waiter: Waiter | undefined;
  private closed = false;

  /** @internal Created by NetConnection.createStream(). */
  constructor(
    private readonly link: StreamLink,
    readonly streamId: number,
  ) {
    super();
  }

  /** Publishes under `name`; resolves on NetStream.Publish.Start, rejects (info set) on an error status. */
  publish(name: string, mode: PublishMode = 'live'): Promise<AmfRecord> {
    const session = this.link.session();
    const p = this.wait(PUBLISH_OK);
    this.link.push(session.publish(this.streamId, name, mode));
    return p;
  }

  /** Plays `name`; resolves on NetStream.Play.Start, rejects (info set) on StreamNotFound/Failed/…. */
  play(name: string, options: PlayOptions = {}): Promise<AmfRecord> {
    const session = this.link.session();
    const p = this.wait(PLAY_OK);
    const buffer = options.bufferMs ?? 1000;
    if (buffer > 0) this.link.push(session.setBufferLength(this.streamId, buffer));
    this.link.push(session.play(this.streamId, name, options.start ?? -2, options.duration ?? -1, options.reset ?? true));
    return p;
  }

  /**
   * Sends one FLV tag while publishing. Script data (18) is sent as is (use sendMetadata for onMetaData).
   * Returns false when the socket's queue is above 1 MiB: wait for the connection to drain before more.
   */
  send(tag: MediaTag): boolean {
    const typeId = tag.type === 8 ? MessageType.Audio : tag.type === 9 ? MessageType.Video : tag.type === 18 ? MessageType.DataAmf0 : -1;
    if (typeId < 0) throw new RtmpClientError('RTMP_CLIENT_ERR_PROTOCOL', `cannot send FLV tag type ${tag.type}`);
    const message: RtmpMessage = { typeId, streamId: this.streamId, timestamp: tag.timestamp >>> 0, payload: tag.data };
    this.link.push(this.link.session().sendMessage(message));
    return this.link.writableLength() < 1 << 20;
  }

  /** @setDataFrame onMetaData (what encoders send before media). */
  sendMetadata(metadata: AmfRecord): void {
    this.link.push(this.link.session().sendData(this.streamId, ['@setDataFrame', 'onMetaData', metadata]));
  }

  pause(paused: boolean, positionMs = 0): void {
    this.link.push(this.link.session().pause(this.streamId, paused, positionMs));
  }

  seek(positionMs: number): void {
    this.link.push(this.link.session().seek(this.streamId, positionMs));
  }

  receiveAudio(enabled: boolean): void {
    this.link.push(this.link.session().receiveAudio(this.streamId, enabled));
  }

  receiveVideo(enabled: boolean): void {
    this.link.push(this.link.session().receiveVideo(this.streamId, enabled));
  }

  /** closeStream + deleteStream, as Flash Player does on NetStream.close(). */
  close(): void {
    if (this.closed) return;
    try {
      const session = this.link.session();
      this.link.push(session.closeStream(this.streamId));
      this.link.push(session.deleteStream(this.streamId));
    } catch {
      // Connection already gone: nothing to tell the server.
    }
    this.deliverClose(undefined);
  }

  // ---- from the connection -----------------------------------------------------------------------------------

  /** @internal */
  deliverStatus(info: AmfRecord): void {
    this.emit('status', info);
    const w = this.waiter;
    if (w === undefined) return;
    const code = typeof info.code === 'string' ? info.code : '';
    if (w.success.includes(code)) {
      this.waiter = undefined;
      w.resolve(info);
    } else if (info.level === 'error') {
      this.waiter = undefined;
      w.reject(new RtmpClientError('RTMP_CLIENT_ERR_STREAM_FAILED', `stream failed: ${code}`, info));
    }
  }

  /** @internal */
  deliverMedia(message: RtmpMessage): void {
    const t = message.typeId;
    const type = t === MessageType.Audio ? 8 : t === MessageType.Video ? 9 : 18;
    this.emit('media', { type, timestamp: message.timestamp, data: message.payload });
    if (t === MessageType.DataAmf0 || t === MessageType.DataAmf3) {
      let values: AmfValue[];
      try {
        values = decodeData(message);
      } catch {
        return;
      }
      if (typeof values[0] === 'string') this.emit('data', values[0], values.slice(1));
    }
  }

  /** @internal */
  deliverUserControl(event: number, extra: number | undefined): void {
    this.emit('userControl', event, extra);
  }

  /** @internal */
  deliverClose(error: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.waiter?.reject(error ?? new RtmpClientError('RTMP_CLIENT_ERR_CLOSED', 'stream closed'));
    this.waiter = undefined;
    this.link.forget(this.streamId);
    this.emit('close', error);
  }

  private wait(success: readonly string[]): Promise<AmfRecord> {
    if (this.closed) return Promise.reject(new RtmpClientError('RTMP_CLIENT_ERR_CLOSED', 'stream closed'));
    this.waiter?.reject(new RtmpClientError('RTMP_CLIENT_ERR_STREAM_FAILED', 'superseded by a new publish/play'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject, success };
    });
  }
}
