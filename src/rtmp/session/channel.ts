// The part both session ends share: chunk reader and writer, byte counting and acknowledgements, and the
// protocol control messages every RTMP peer must obey.
import { ChunkReader } from '../chunk/reader.js';
import { ChunkWriter } from '../chunk/writer.js';
import { MessageType, type RtmpMessage } from '../messages/message.js';
import {
  acknowledgementMessage,
  readAcknowledgement,
  readSetPeerBandwidth,
  readWindowAckSize,
  setChunkSizeMessage,
  windowAckSizeMessage,
} from '../messages/protocol-control.js';
import { readUserControl, type UserControl, UserControlEvent, userControlMessage } from '../messages/user-control.js';
import { chunkStreamFor } from './chunk-streams.js';

/** Output the channel appends to; the session's SessionOutput is a superset. */
export type SendOutput = { readonly kind: 'send'; readonly bytes: Buffer; readonly droppable: boolean };
/** Where the channel appends its outputs (a SessionOutput[] or a ClientOutput[]). */
export interface OutputSink {
  push(item: SendOutput): number;
}

export class Channel {
  readonly reader: ChunkReader;
  readonly writer = new ChunkWriter();
  /** Bytes received, handshake included (a plain number: exact far past 4 GiB). */
  bytesReceived = 0;
  /** Bytes handed out for sending. */
  bytesSent = 0;
  /** The peer's Window Acknowledgement Size: we ack every this many bytes (0 until the peer announces one). */
  ackWindow = 0;
  /** bytesReceived when we last acknowledged. */
  private ackedAt = 0;
  /** The last sequence number the peer acknowledged. */
  peerAcknowledged = 0;
  /** The last Set Peer Bandwidth from the peer. */
  peerBandwidth: { size: number; limitType: number } | undefined;
  /** The Window Acknowledgement Size we announced. */
  announcedWindow = 0;

  constructor(limits: { maxMessageBytes: number; maxChunkStreams: number; maxBufferedBytes?: number }) {
    this.reader = new ChunkReader(limits);
  }

  /** Counts received bytes and, when a window is full, appends an Acknowledgement with the total mod 2^32. */
  count(n: number, out: OutputSink): void {
    this.bytesReceived += n;
    if (this.ackWindow > 0 && this.bytesReceived - this.ackedAt >= this.ackWindow) {
      this.ackedAt = this.bytesReceived;
      this.send(acknowledgementMessage(this.bytesReceived), out);
    }
  }

  /** Chunks a message on the chunk stream that fits it and appends the bytes. */
  send(message: RtmpMessage, out: OutputSink, droppable = false, csid = chunkStreamFor(message)): void {
    const bytes = this.writer.write(message, csid);
    this.bytesSent += bytes.length;
    out.push({ kind: 'send', bytes, droppable });
  }

  /** Sends Set Chunk Size and switches our writer to it (messages after it are chunked with the new size). */
  setOutgoingChunkSize(size: number, out: OutputSink): void {
    this.send(setChunkSizeMessage(size), out);
    this.writer.setChunkSize(size);
  }

  announceWindow(size: number, out: OutputSink): void {
    this.announcedWindow = size;
    this.send(windowAckSizeMessage(size), out);
  }

  /**
   * Handles protocol control messages (1–6) and the ping of user control. Returns the user control message for
   * the session to report, or undefined. Set Chunk Size and Abort were already applied by the reader.
   */
  control(message: RtmpMessage, out: OutputSink, now: () => number): UserControl | undefined {
    switch (message.typeId) {
      case MessageType.Acknowledgement:
        this.peerAcknowledged = readAcknowledgement(message);
        return undefined;
      case MessageType.WindowAckSize:
        this.ackWindow = readWindowAckSize(message);
        return undefined;
      case MessageType.SetPeerBandwidth: {
        const bw = readSetPeerBandwidth(message);
        this.peerBandwidth = bw;
        // Specification 5.4.5: answer with our Window Acknowledgement Size when it differs from the last one sent.
        if (bw.size !== this.announcedWindow && bw.limitType !== 2) this.announceWindow(bw.size, out);
        return undefined;
      }
      case MessageType.UserControl: {
        const uc = readUserControl(message);
        if (uc.event === UserControlEvent.PingRequest) {
          this.send(userControlMessage(UserControlEvent.PingResponse, uc.value, undefined, now() >>> 0), out);
        }
        return uc;
      }
      default:
        return undefined;
    }
  }
}
