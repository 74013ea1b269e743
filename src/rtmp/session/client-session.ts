// The client end of an RTMP connection, sans-IO: what our Node client (NetConnection/NetStream) and the tests
// drive. It speaks like Flash Player: digest handshake, connect with a command object, transaction ids from 1.
import type { AmfValue } from '../../amf/index.js';
import { AMF0_FORMAT, AMF3_FORMAT, type Command, decodeCommand } from '../commands/command.js';
import { LocalProtocolError, RemoteProtocolError, RtmpErrorCode } from '../errors.js';
import { ClientHandshake } from '../handshake/client-handshake.js';
import { MessageType, type RtmpMessage } from '../messages/message.js';
import { UserControlEvent, userControlMessage } from '../messages/user-control.js';
import type { ClientEvent, ClientOutput } from './client-events.js';
import { type ClientSessionConfig, DEFAULT_CLIENT_SESSION_CONFIG } from './config.js';
import { checkClientSessionConfig } from './config-checks.js';
import type { AmfRecord, PublishMode } from './events.js';
import { SessionBase } from './session-base.js';
import type { SessionState } from './states.js';

function isRecord(v: AmfValue): v is AmfRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}

type CallKind = 'connect' | 'createStream' | 'call';

export class ClientSession extends SessionBase {
  private readonly config: ClientSessionConfig;
  /** Dropped once done: an idle connection keeps no handshake buffers. */
  private handshake: ClientHandshake | undefined;
  private started = false;
  private nextTxn = 1;
  private readonly calls = new Map<number, CallKind>();
  private nextRequestId = 1;
  private readonly requests = new Map<number, { transactionId: number; streamId: number; amf3: boolean }>();

  /** Defaults fill what config leaves out; a value of the wrong type or range throws LocalProtocolError
   * RTMP_ERR_BAD_CONFIG. */
  static create(config: Partial<ClientSessionConfig> = {}): ClientSession {
    const full = { ...DEFAULT_CLIENT_SESSION_CONFIG, ...config };
    checkClientSessionConfig(full);
    return new ClientSession(full);
  }

  private constructor(config: ClientSessionConfig) {
    super(config);
    this.config = config;
    this.handshake = new ClientHandshake({ mode: config.handshake, now: config.now, randomBytes: config.randomBytes });
  }

  /** C0 + C1. Call once, first. */
  start(): ClientOutput[] {
    if (this.started) throw new LocalProtocolError('start() called twice', { code: RtmpErrorCode.BadState });
    this.started = true;
    const out: ClientOutput[] = [];
    this.sendRaw((this.handshake as ClientHandshake).start(), out);
    return out;
  }

  receive(bytes: Buffer): ClientOutput[] {
    const out: ClientOutput[] = [];
    if (this.currentState === 'closed') return out;
    if (!this.started) throw new LocalProtocolError('receive() before start()', { code: RtmpErrorCode.BadState });
    try {
      this.channel.count(bytes.length, out);
      if (this.currentState === 'handshake' && this.handshake !== undefined) {
        const step = this.handshake.receive(bytes);
        if (step.reply !== undefined) this.sendRaw(step.reply, out);
        if (!step.done) return out;
        this.handshake = undefined;
        this.currentState = 'awaitingConnect';
        out.push({ kind: 'event', event: { type: 'handshakeCompleted', digest: step.digest } });
        bytes = step.leftover;
        if (bytes.length === 0) return out;
      }
      this.channel.reader.read(bytes, (message) => this.onMessage(message, out));
    } catch (err) {
      if (!(err instanceof RemoteProtocolError)) throw err;
      this.currentState = 'closed';
      out.push({ kind: 'event', event: { type: 'protocolError', code: err.code, message: err.message } });
    }
    return out;
  }

  private emit(event: ClientEvent, out: ClientOutput[]): void {
    out.push({ kind: 'event', event });
  }

  private onMessage(message: RtmpMessage, out: ClientOutput[]): void {
    if (this.currentState === 'closed') return;
    const t = message.typeId;
    if (t <= MessageType.SetPeerBandwidth) {
      const uc = this.channel.control(message, out, this.config.now);
      if (uc === undefined || uc.event === UserControlEvent.PingRequest) return;
      if (uc.event === UserControlEvent.PingResponse) this.emit({ type: 'pingAnswered', timestamp: uc.value }, out);
      else this.emit({ type: 'userControl', event: uc.event, value: uc.value, extra: uc.extra }, out);
      return;
    }
    switch (t) {
      case MessageType.CommandAmf0:
      case MessageType.CommandAmf3:
        this.onCommand(decodeCommand(message, this.config.amf), message, out);
        return;
      case MessageType.Audio:
      case MessageType.Video:
      case MessageType.DataAmf0:
      case MessageType.DataAmf3:
      case MessageType.Aggregate:
        this.emit({ type: 'mediaReceived', message }, out);
        return;
      case MessageType.SharedObjectAmf0:
      case MessageType.SharedObjectAmf3:
        this.emit({ type: 'sharedObjectReceived', message }, out);
        return;
      default:
    }
  }

  private onCommand(command: Command, message: RtmpMessage, out: ClientOutput[]): void {
    if (command.name === '_result' || command.name === '_error') {
      const kind = this.calls.get(command.transactionId);
      if (kind === undefined) return;
      this.calls.delete(command.transactionId);
      const ok = command.name === '_result';
      if (kind === 'connect') {
        if (ok) {
          this.currentState = 'connected';
          this.emit({ type: 'connected', properties: command.commandObject, information: command.args[0] ?? null }, out);
        } else {
          this.currentState = 'closed';
          this.emit({ type: 'connectRejected', information: command.args[0] ?? null }, out);
        }
        return;
      }
      const id = command.args[0];
      if (kind === 'createStream' && ok && typeof id === 'number' && Number.isInteger(id) && id > 0) {
        this.emit({ type: 'streamCreated', callId: command.transactionId, streamId: id }, out);
        return;
      }
      this.emit({ type: 'callAnswered', callId: command.transactionId, ok, commandObject: command.commandObject, args: command.args }, out);
      return;
    }
    if (command.name === 'onStatus') {
      const info = command.args[0];
      this.emit({ type: 'status', streamId: message.streamId, info: isRecord(info) ? info : {} }, out);
      return;
    }
    const requestId = this.nextRequestId++;
    if (command.transactionId !== 0) {
      if (this.requests.size >= this.config.maxPendingCalls) {
        throw new RemoteProtocolError('too many unanswered calls from the server', { code: RtmpErrorCode.TooManyPendingRequests });
      }
      this.requests.set(requestId, {
        transactionId: command.transactionId,
        streamId: message.streamId,
        amf3: message.typeId === MessageType.CommandAmf3,
      });
    }
    this.emit(
      {
        type: 'callReceived',
        requestId,
        name: command.name,
        transactionId: command.transactionId,
        streamId: message.streamId,
        commandObject: command.commandObject,
        args: command.args,
      },
      out,
    );
  }

  // ---- commands ------------------------------------------------------------------------------------------------

  private requireState(what: string, ...states: SessionState[]): void {
    if (!states.includes(this.currentState)) {
      throw new LocalProtocolError(`${what} in state ${this.currentState}`, { code: RtmpErrorCode.BadState });
    }
  }

  /** Runs an encode for tracked call `txn`; if it throws, the call is forgotten (it never went out). */
  private encodeTracked(txn: number, encode: () => Buffer): Buffer {
    try {
      return encode();
    } catch (err) {
      this.calls.delete(txn);
      throw err;
    }
  }

  private track(kind: CallKind): number {
    if (this.calls.size >= this.config.maxPendingCalls) {
      throw new LocalProtocolError('too many calls waiting for an answer', { code: RtmpErrorCode.TooManyPendingRequests });
    }
    const txn = this.nextTxn++;
    this.calls.set(txn, kind);
    return txn;
  }

  /**
   * Set Chunk Size (ours), Window Acknowledgement Size, then connect(1, commandObject, ...args) as type 20.
   * `objectEncoding: 3` in the command object makes later calls go as type 17 with AMF3 values, as Flash does.
   */
  connect(commandObject: AmfRecord, ...args: AmfValue[]): ClientOutput[] {
    this.requireState('connect', 'awaitingConnect');
    const out: ClientOutput[] = [];
    // Encoded before any other state changes: a value the encoder refuses leaves the session as it was.
    const txn = this.track('connect');
    const payload = this.encodeTracked(txn, () => this.encoder.command('connect', txn, commandObject, args, AMF0_FORMAT));
    this.encoding = commandObject.objectEncoding === 3 ? 3 : 0;
    if (this.config.chunkSize !== this.channel.writer.chunkSize) this.channel.setOutgoingChunkSize(this.config.chunkSize, out);
    this.channel.announceWindow(this.config.windowAckSize, out);
    this.sendEncodedCommand(0, payload, AMF0_FORMAT, out);
    this.currentState = 'connectPending';
    return out;
  }

  /** NetConnection.call: with expectAnswer the answer comes as 'callAnswered' with this callId. */
  call(name: string, args: readonly AmfValue[], expectAnswer = true, streamId = 0): { callId: number; outputs: ClientOutput[] } {
    this.requireState('call', 'connected');
    const out: ClientOutput[] = [];
    const callId = expectAnswer ? this.track('call') : 0;
    const payload = this.encodeTracked(callId, () => this.encoder.command(name, callId, null, args, this.callFormat));
    this.sendEncodedCommand(streamId, payload, this.callFormat, out);
    return { callId, outputs: out };
  }

  /** Forgets a call given up on (timeout): a late answer is then ignored. */
  cancelCall(callId: number): void {
    this.calls.delete(callId);
  }

  createStream(): { callId: number; outputs: ClientOutput[] } {
    this.requireState('createStream', 'connected');
    const out: ClientOutput[] = [];
    const callId = this.track('createStream');
    this.sendCommand(0, 'createStream', callId, null, [], this.callFormat, out);
    return { callId, outputs: out };
  }

  /** Commands a NetStream sends on its own stream id, with transaction id 0 (as Flash Player). */
  private streamCommand(streamId: number, name: string, args: readonly AmfValue[]): ClientOutput[] {
    this.requireState(name, 'connected');
    const out: ClientOutput[] = [];
    this.sendCommand(streamId, name, 0, null, args, this.callFormat, out);
    return out;
  }

  publish(streamId: number, name: string, mode: PublishMode = 'live'): ClientOutput[] {
    return this.streamCommand(streamId, 'publish', [name, mode]);
  }

  play(streamId: number, name: string, start = -2, duration = -1, reset = true): ClientOutput[] {
    return this.streamCommand(streamId, 'play', [name, start, duration, reset]);
  }

  pause(streamId: number, paused: boolean, position: number): ClientOutput[] {
    return this.streamCommand(streamId, 'pause', [paused, position]);
  }

  seek(streamId: number, position: number): ClientOutput[] {
    return this.streamCommand(streamId, 'seek', [position]);
  }

  receiveAudio(streamId: number, enabled: boolean): ClientOutput[] {
    return this.streamCommand(streamId, 'receiveAudio', [enabled]);
  }

  receiveVideo(streamId: number, enabled: boolean): ClientOutput[] {
    return this.streamCommand(streamId, 'receiveVideo', [enabled]);
  }

  closeStream(streamId: number): ClientOutput[] {
    return this.streamCommand(streamId, 'closeStream', []);
  }

  /** deleteStream(streamId) on stream 0, as Flash Player and ffmpeg send it. */
  deleteStream(streamId: number): ClientOutput[] {
    this.requireState('deleteStream', 'connected');
    const out: ClientOutput[] = [];
    this.sendCommand(0, 'deleteStream', 0, null, [streamId], this.callFormat, out);
    return out;
  }

  /** SetBufferLength user control (what a player sends before and after play). */
  setBufferLength(streamId: number, milliseconds: number): ClientOutput[] {
    this.requireState('setBufferLength', 'awaitingConnect', 'connectPending', 'connected');
    const out: ClientOutput[] = [];
    this.channel.send(userControlMessage(UserControlEvent.SetBufferLength, streamId, milliseconds), out);
    return out;
  }

  /** A data message (type 18) on a stream, e.g. @setDataFrame/onMetaData when publishing. */
  sendData(streamId: number, values: readonly AmfValue[], timestamp = 0): ClientOutput[] {
    this.requireState('sendData', 'connected');
    const out: ClientOutput[] = [];
    this.channel.send({ typeId: MessageType.DataAmf0, streamId, timestamp, payload: this.encoder.data(values) }, out);
    return out;
  }

  /** Any message (media when publishing), chunked on this session's chunk streams. */
  sendMessage(message: RtmpMessage): ClientOutput[] {
    this.requireState('sendMessage', 'connected', 'connectPending');
    const out: ClientOutput[] = [];
    this.channel.send(message, out);
    return out;
  }

  /** Answers a server→client call with _result. [] for an unknown id or a call without answer. */
  reply(requestId: number, result: AmfValue): ClientOutput[] {
    return this.answer(requestId, '_result', result);
  }

  /** Answers a server→client call with _error. */
  replyError(requestId: number, info: AmfRecord): ClientOutput[] {
    return this.answer(requestId, '_error', info);
  }

  private answer(requestId: number, name: '_result' | '_error', value: AmfValue): ClientOutput[] {
    const out: ClientOutput[] = [];
    const r = this.requests.get(requestId);
    if (r === undefined || this.currentState === 'closed') return out;
    // Forget the request only once the answer is encoded: an unencodable result can still be answered with _error.
    this.sendCommand(r.streamId, name, r.transactionId, null, [value], r.amf3 ? AMF3_FORMAT : AMF0_FORMAT, out);
    this.requests.delete(requestId);
    return out;
  }

  /** A PingRequest; the answer comes as 'pingAnswered'. */
  ping(): ClientOutput[] {
    this.requireState('ping', 'awaitingConnect', 'connectPending', 'connected');
    const out: ClientOutput[] = [];
    this.sendPing(out);
    return out;
  }
}
