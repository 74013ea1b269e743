// What the server and client sessions share: the channel (chunk reader and writer, byte counts, control messages),
// the command encoder, the state and object encoding, the read-only views of them, and how commands and pings go
// out. Each end adds its handshake, its input dispatch and its API on top.
import type { AmfEncodeOptions, AmfValue } from '../../amf/index.js';
import { AMF0_FORMAT, AMF3_FORMAT, type BodyFormat, CommandEncoder, sharedCommandEncoder } from '../commands/command.js';
import { MessageType } from '../messages/message.js';
import { UserControlEvent, userControlMessage } from '../messages/user-control.js';
import { Channel, type OutputSink } from './channel.js';
import type { SessionState } from './states.js';

export interface SessionBaseConfig {
  readonly maxMessageBytes: number;
  readonly maxChunkStreams: number;
  readonly maxBufferedBytes?: number;
  readonly amfEncode: Omit<AmfEncodeOptions, 'amf3'> | undefined;
  readonly now: () => number;
}

export abstract class SessionBase {
  protected readonly channel: Channel;
  protected readonly encoder: CommandEncoder;
  protected currentState: SessionState = 'handshake';
  protected encoding: 0 | 3 = 0;
  private readonly clock: () => number;

  protected constructor(config: SessionBaseConfig) {
    this.clock = config.now;
    this.encoder = config.amfEncode === undefined ? sharedCommandEncoder : new CommandEncoder(config.amfEncode);
    this.channel = new Channel({
      maxMessageBytes: config.maxMessageBytes,
      maxChunkStreams: config.maxChunkStreams,
      maxBufferedBytes: config.maxBufferedBytes,
    });
  }

  /** handshake → awaitingConnect → connectPending → connected; closed after a reject or a protocol error. */
  get state(): SessionState {
    return this.currentState;
  }
  /** 0 (AMF0) or 3 (AMF3), from the connect command object. */
  get objectEncoding(): 0 | 3 {
    return this.encoding;
  }
  /** The chunk size of what this session writes (shared media must be chunked with it too). */
  get outgoingChunkSize(): number {
    return this.channel.writer.chunkSize;
  }
  /** The chunk size the peer writes with. */
  get incomingChunkSize(): number {
    return this.channel.reader.chunkSize;
  }
  /** Bytes received so far, handshake included (exact past 4 GiB; acks carry it mod 2^32). */
  get bytesReceived(): number {
    return this.channel.bytesReceived;
  }
  /** Bytes this session produced for sending (not counting shared media the driver wrote itself). */
  get bytesSent(): number {
    return this.channel.bytesSent;
  }
  /** The last Acknowledgement sequence number from the peer. */
  get peerAcknowledged(): number {
    return this.channel.peerAcknowledged;
  }

  /** The body format of calls on this connection: AMF3 (type 17) after a connect with objectEncoding 3. */
  protected get callFormat(): BodyFormat {
    return this.encoding === 3 ? AMF3_FORMAT : AMF0_FORMAT;
  }

  /** Encodes a command (type 20, or 17 when the format says so) and chunks it on the channel. */
  protected sendCommand(
    streamId: number,
    name: string,
    transactionId: number,
    commandObject: AmfValue,
    args: readonly AmfValue[],
    format: BodyFormat,
    out: OutputSink,
  ): void {
    this.sendEncodedCommand(streamId, this.encoder.command(name, transactionId, commandObject, args, format), format, out);
  }

  /** Sends a command body made with `this.encoder.command`: callers encode first when state changes must wait for it. */
  protected sendEncodedCommand(streamId: number, payload: Buffer, format: BodyFormat, out: OutputSink): void {
    const typeId = format.amf3Type ? MessageType.CommandAmf3 : MessageType.CommandAmf0;
    this.channel.send({ typeId, streamId, timestamp: 0, payload }, out);
  }

  /** Bytes made outside the chunk stream (handshake packets), counted in bytesSent. */
  protected sendRaw(bytes: Buffer, out: OutputSink): void {
    this.channel.bytesSent += bytes.length;
    out.push({ kind: 'send', bytes, droppable: false });
  }

  /** A PingRequest carrying now(); the peer's PingResponse is reported as 'pingAnswered'. */
  protected sendPing(out: OutputSink): void {
    const now = this.clock() >>> 0;
    this.channel.send(userControlMessage(UserControlEvent.PingRequest, now, undefined, now), out);
  }
}
