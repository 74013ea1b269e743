// The server end of an RTMP connection as a sans-IO state machine: bytes in, SessionOutput[] out (bytes to write
// and events for the application). No sockets, no timers: the driver (TCP server, RTMPT tunnel, tests) owns both.
import type { AmfValue } from '../../amf/index.js';
import { AMF0_FORMAT, AMF3_FORMAT, type BodyFormat, type Command, decodeCommand } from '../commands/command.js';
import { connectProperties, connectSuccessInfo, errorInfo, parseConnect } from '../commands/connect.js';
import { parsePause, parsePlay, parsePublish, parseReceive, parseSeek } from '../commands/stream-commands.js';
import { LocalProtocolError, RemoteProtocolError, RtmpErrorCode } from '../errors.js';
import { ServerHandshake } from '../handshake/server-handshake.js';
import { MessageType, type RtmpMessage } from '../messages/message.js';
import { setPeerBandwidthMessage } from '../messages/protocol-control.js';
import { UserControlEvent, userControlMessage } from '../messages/user-control.js';
import { DEFAULT_SERVER_SESSION_CONFIG, type ServerSessionConfig } from './config.js';
import { checkServerSessionConfig } from './config-checks.js';
import type { AmfRecord, ServerEvent, SessionOutput } from './events.js';
import { SessionBase } from './session-base.js';
import { nextState, type SessionMove } from './states.js';

interface PendingRequest {
  readonly kind: 'connect' | 'call';
  readonly transactionId: number;
  /** The message stream the request came on: the answer goes back on it. */
  readonly streamId: number;
  /** The request came as type 17: answer as type 17 with AMF3 objects. */
  readonly amf3: boolean;
}

/** Whether the session may drop a message under backpressure: video inter frames only. */
function isDroppable(message: RtmpMessage): boolean {
  if (message.typeId !== MessageType.Video || message.payload.length === 0) return false;
  const frameType = (message.payload[0] >> 4) & 0x07;
  return frameType === 2 || frameType === 3;
}

export class ServerSession extends SessionBase {
  private readonly config: ServerSessionConfig;
  /** Dropped once done: an idle connection keeps no handshake buffers. */
  private handshake: ServerHandshake | undefined;
  private nextRequestId = 1;
  private readonly requests = new Map<number, PendingRequest>();
  private nextCallId = 1;
  private readonly calls = new Set<number>();
  private readonly streams = new Set<number>();
  private usedDigest = false;
  /** Messages received while the connect is pending (bounded by maxHeldMessages / maxHeldBytes). */
  private held: RtmpMessage[] = [];
  private heldBytes = 0;

  /** Defaults fill what config leaves out; a value of the wrong type or range throws LocalProtocolError
   * RTMP_ERR_BAD_CONFIG. */
  static create(config: Partial<ServerSessionConfig> = {}): ServerSession {
    const full = { ...DEFAULT_SERVER_SESSION_CONFIG, ...config };
    checkServerSessionConfig(full);
    return new ServerSession(full);
  }

  private constructor(config: ServerSessionConfig) {
    super(config);
    this.config = config;
    this.handshake = new ServerHandshake({ mode: config.handshake, now: config.now, randomBytes: config.randomBytes });
  }

  /** Whether the handshake used the Flash Player 9 digest form. */
  get digestHandshake(): boolean {
    return this.usedDigest;
  }
  /** Message stream ids created by createStream and not deleted. */
  get openStreams(): ReadonlySet<number> {
    return this.streams;
  }

  // ---- input ---------------------------------------------------------------------------------------------------

  /** Feeds bytes from the peer. A protocol error ends in a 'protocolError' event; later input is ignored. */
  receive(bytes: Buffer): SessionOutput[] {
    const out: SessionOutput[] = [];
    if (this.currentState === 'closed') return out;
    try {
      this.channel.count(bytes.length, out);
      if (this.currentState === 'handshake' && this.handshake !== undefined) {
        const step = this.handshake.receive(bytes);
        if (step.reply !== undefined) this.sendRaw(step.reply, out);
        if (!step.done) return out;
        this.usedDigest = step.digest;
        this.handshake = undefined;
        this.move('handshakeDone');
        out.push({ kind: 'event', event: { type: 'handshakeCompleted', digest: step.digest } });
        bytes = step.leftover;
        if (bytes.length === 0) return out;
      }
      this.channel.reader.read(bytes, (message) => this.onMessage(message, out));
    } catch (err) {
      this.fail(err, out);
    }
    return out;
  }

  /** A peer's protocol error closes the session and becomes a 'protocolError' event; anything else is a bug. */
  private fail(err: unknown, out: SessionOutput[]): void {
    if (!(err instanceof RemoteProtocolError)) throw err;
    this.currentState = 'closed';
    out.push({ kind: 'event', event: { type: 'protocolError', code: err.code, message: err.message } });
  }

  private emit(event: ServerEvent, out: SessionOutput[]): void {
    out.push({ kind: 'event', event });
  }

  private move(move: SessionMove): void {
    const next = nextState(this.currentState, move);
    if (next === undefined) {
      throw new RemoteProtocolError(`${move} is not allowed in state ${this.currentState}`, {
        code: this.currentState === 'awaitingConnect' ? RtmpErrorCode.NotConnected : RtmpErrorCode.BadState,
      });
    }
    this.currentState = next;
  }

  private onMessage(message: RtmpMessage, out: SessionOutput[]): void {
    if (this.currentState === 'closed') return;
    const t = message.typeId;
    if (t <= MessageType.SetPeerBandwidth && t !== MessageType.UserControl) {
      this.channel.control(message, out, this.config.now);
      return;
    }
    if (this.currentState === 'connectPending') {
      // Nothing a client sends before its connect is answered takes effect before it: replayed by accept().
      // Only flow control (chunk size, acks, windows) applies at once.
      this.hold(message);
      return;
    }
    if (t === MessageType.UserControl) {
      const uc = this.channel.control(message, out, this.config.now);
      if (uc?.event === UserControlEvent.SetBufferLength) {
        this.emit({ type: 'bufferLengthSet', streamId: uc.value, milliseconds: uc.extra ?? 0 }, out);
      } else if (uc?.event === UserControlEvent.PingResponse) {
        this.emit({ type: 'pingAnswered', timestamp: uc.value }, out);
      }
      return;
    }
    if (t === MessageType.CommandAmf0 || t === MessageType.CommandAmf3) {
      this.onCommand(decodeCommand(message, this.config.amf), message, out);
      return;
    }
    if (this.currentState === 'awaitingConnect') {
      throw new RemoteProtocolError(`message type ${t} before connect`, { code: RtmpErrorCode.NotConnected });
    }
    switch (t) {
      case MessageType.Audio:
      case MessageType.Video:
      case MessageType.DataAmf0:
      case MessageType.DataAmf3:
      case MessageType.Aggregate:
        // Media and data belong to a NetStream the client created; anything else is dropped, as FMS does.
        if (this.streams.has(message.streamId)) this.emit({ type: 'mediaReceived', message }, out);
        return;
      case MessageType.SharedObjectAmf0:
      case MessageType.SharedObjectAmf3:
        this.emit({ type: 'sharedObjectReceived', message }, out);
        return;
      default:
        return; // unknown types are ignored (specification 5.4: receivers ignore what they do not understand)
    }
  }

  private hold(message: RtmpMessage): void {
    this.heldBytes += message.payload.length;
    if (this.held.length >= this.config.maxHeldMessages || this.heldBytes > this.config.maxHeldBytes) {
      throw new RemoteProtocolError('too many messages before the connect was answered', {
        code: RtmpErrorCode.TooManyPendingRequests,
      });
    }
    this.held.push(message);
  }

  /** Processes what arrived while the connect was pending, after the connect _result. */
  private replayHeld(out: SessionOutput[]): void {
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    try {
      for (const m of held) this.onMessage(m, out);
    } catch (err) {
      this.fail(err, out);
    }
  }

  private onCommand(command: Command, message: RtmpMessage, out: SessionOutput[]): void {
    const amf3 = message.typeId === MessageType.CommandAmf3;
    if (command.name === 'connect' && message.streamId === 0) {
      if (this.currentState !== 'awaitingConnect') {
        throw new RemoteProtocolError('second connect on one connection', { code: RtmpErrorCode.AlreadyConnected });
      }
      const request = parseConnect(command);
      this.move('connect');
      this.encoding = request.objectEncoding;
      const requestId = this.addRequest({ kind: 'connect', transactionId: command.transactionId, streamId: 0, amf3 });
      this.emit({ type: 'connectRequested', requestId, request }, out);
      return;
    }
    if (this.currentState === 'awaitingConnect') {
      throw new RemoteProtocolError(`${command.name.slice(0, 64)} before connect`, { code: RtmpErrorCode.NotConnected });
    }
    if (command.name === '_result' || command.name === '_error') {
      if (this.calls.delete(command.transactionId)) {
        this.emit({ type: 'callAnswered', callId: command.transactionId, ok: command.name === '_result', args: command.args }, out);
      }
      return;
    }
    if (message.streamId === 0) this.onConnectionCommand(command, amf3, out);
    else this.onStreamCommand(command, message.streamId, amf3, out);
  }

  private onConnectionCommand(command: Command, amf3: boolean, out: SessionOutput[]): void {
    const format = amf3 ? AMF3_FORMAT : AMF0_FORMAT;
    switch (command.name) {
      case 'createStream': {
        const id = this.allocateStream();
        if (id === undefined) {
          this.answer(0, command.transactionId, '_error', [errorInfo('NetConnection.Call.Failed', 'Too many streams.')], format, out);
          return;
        }
        this.answer(0, command.transactionId, '_result', [id], format, out);
        this.emit({ type: 'streamCreated', streamId: id }, out);
        return;
      }
      case 'deleteStream': {
        const id = command.args[0];
        if (typeof id === 'number') this.deleteStream(id, out);
        return;
      }
      case 'closeStream': {
        const id = command.args[0];
        if (typeof id === 'number' && this.streams.has(id)) this.emit({ type: 'closeStreamRequested', streamId: id }, out);
        return;
      }
      case 'releaseStream':
      case 'FCPublish':
      case 'FCUnpublish':
        this.onPublishHelper(command, 0, format, out);
        return;
      default:
        this.onCall(command, 0, amf3, out);
    }
  }

  /** releaseStream / FCPublish / FCUnpublish: reported, answered _result, and FMS's onFCPublish/onFCUnpublish. */
  private onPublishHelper(command: Command, streamId: number, format: BodyFormat, out: SessionOutput[]): void {
    const name = typeof command.args[0] === 'string' ? command.args[0] : '';
    if (command.name === 'releaseStream') this.emit({ type: 'releaseStreamRequested', name }, out);
    else if (command.name === 'FCPublish') this.emit({ type: 'fcPublishRequested', name }, out);
    else this.emit({ type: 'fcUnpublishRequested', name }, out);
    if (command.transactionId !== 0) this.answer(streamId, command.transactionId, '_result', [undefined], format, out);
    if (this.config.fcPublishReplies && command.name !== 'releaseStream') {
      const code = command.name === 'FCPublish' ? 'NetStream.Publish.Start' : 'NetStream.Unpublish.Success';
      const reply = command.name === 'FCPublish' ? 'onFCPublish' : 'onFCUnpublish';
      this.sendCommand(0, reply, 0, null, [{ code, description: name }], AMF0_FORMAT, out);
    }
  }

  private onStreamCommand(command: Command, streamId: number, amf3: boolean, out: SessionOutput[]): void {
    if (command.name === 'deleteStream') {
      const id = typeof command.args[0] === 'number' ? command.args[0] : streamId;
      this.deleteStream(id, out);
      return;
    }
    if (!this.streams.has(streamId)) {
      // A command on a stream that was never created: FMS ignores it.
      return;
    }
    switch (command.name) {
      case 'publish': {
        const p = parsePublish(command);
        if (p === undefined) this.emit({ type: 'closeStreamRequested', streamId }, out);
        else this.emit({ type: 'publishRequested', requestId: this.nextRequestId++, streamId, name: p.name, mode: p.mode }, out);
        return;
      }
      case 'play': {
        const p = parsePlay(command);
        if (p === undefined) this.emit({ type: 'closeStreamRequested', streamId }, out);
        else this.emit({ type: 'playRequested', requestId: this.nextRequestId++, streamId, ...p }, out);
        return;
      }
      case 'closeStream':
        this.emit({ type: 'closeStreamRequested', streamId }, out);
        return;
      case 'pause':
      case 'pauseRaw':
        this.emit({ type: 'pauseRequested', streamId, ...parsePause(command) }, out);
        return;
      case 'seek':
        this.emit({ type: 'seekRequested', streamId, ...parseSeek(command) }, out);
        return;
      case 'receiveAudio':
        this.emit({ type: 'receiveAudioChanged', streamId, enabled: parseReceive(command) }, out);
        return;
      case 'receiveVideo':
        this.emit({ type: 'receiveVideoChanged', streamId, enabled: parseReceive(command) }, out);
        return;
      case 'releaseStream':
      case 'FCPublish':
      case 'FCUnpublish':
        this.onPublishHelper(command, streamId, amf3 ? AMF3_FORMAT : AMF0_FORMAT, out);
        return;
      default:
        this.onCall(command, streamId, amf3, out);
    }
  }

  private onCall(command: Command, streamId: number, amf3: boolean, out: SessionOutput[]): void {
    // Calls with transaction id 0 expect no answer: they get an id for the event but are not remembered.
    const requestId =
      command.transactionId !== 0
        ? this.addRequest({ kind: 'call', transactionId: command.transactionId, streamId, amf3 })
        : this.nextRequestId++;
    this.emit(
      {
        type: 'callReceived',
        requestId,
        name: command.name,
        transactionId: command.transactionId,
        commandObject: command.commandObject,
        args: command.args,
      },
      out,
    );
  }

  private addRequest(request: PendingRequest): number {
    if (this.requests.size >= this.config.maxPendingRequests) {
      throw new RemoteProtocolError(`more than ${this.config.maxPendingRequests} unanswered requests`, {
        code: RtmpErrorCode.TooManyPendingRequests,
      });
    }
    const id = this.nextRequestId++;
    this.requests.set(id, request);
    return id;
  }

  private allocateStream(): number | undefined {
    if (this.streams.size >= this.config.maxStreams) return undefined;
    let id = 1;
    while (this.streams.has(id)) id++;
    this.streams.add(id);
    return id;
  }

  private deleteStream(id: number, out: SessionOutput[]): void {
    if (!this.streams.delete(id)) return;
    this.emit({ type: 'streamDeleted', streamId: id }, out);
  }

  // ---- output helpers -----------------------------------------------------------------------------------------

  private answer(streamId: number, txn: number, name: '_result' | '_error', args: readonly AmfValue[], format: BodyFormat, out: SessionOutput[]): void {
    this.sendCommand(streamId, name, txn, null, args, format, out);
  }

  /**
   * Whether output can be produced: false once closed (the connection is going away; late answers from async
   * application code are dropped quietly). Sending before the handshake is API misuse and throws.
   */
  private canSend(what: string): boolean {
    if (this.currentState === 'handshake') {
      throw new LocalProtocolError(`${what} before the handshake completed`, { code: RtmpErrorCode.BadState });
    }
    return this.currentState !== 'closed';
  }

  /**
   * Answers a pending call. The request is forgotten only after the answer is encoded, so a result AMF cannot
   * carry (the encoder throws) leaves it pending and the application can still answer with _error.
   */
  private answerCall(requestId: number, name: '_result' | '_error', value: AmfValue): SessionOutput[] {
    const out: SessionOutput[] = [];
    const r = this.requests.get(requestId);
    if (r === undefined || r.kind !== 'call' || this.currentState === 'closed') return out;
    this.answer(r.streamId, r.transactionId, name, [value], r.amf3 ? AMF3_FORMAT : AMF0_FORMAT, out);
    this.requests.delete(requestId);
    return out;
  }

  // ---- the application's answers -------------------------------------------------------------------------------

  /**
   * Accepts a connect: Window Acknowledgement Size, Set Peer Bandwidth, Set Chunk Size, then _result with
   * {fmsVer, capabilities, mode, …properties} and {level, code: NetConnection.Connect.Success, description,
   * data: {version}, clientid, objectEncoding, …information}, as FMS sends them. Returns [] for an unknown id.
   */
  accept(requestId: number, info: { properties?: AmfRecord; information?: AmfRecord } = {}): SessionOutput[] {
    const out: SessionOutput[] = [];
    const r = this.requests.get(requestId);
    if (r === undefined || r.kind !== 'connect' || this.currentState !== 'connectPending') return out;
    this.requests.delete(requestId);
    const c = this.config;
    this.channel.announceWindow(c.windowAckSize, out);
    this.channel.send(setPeerBandwidthMessage(c.peerBandwidth, c.peerBandwidthLimitType), out);
    if (c.streamBeginOnConnect) this.channel.send(userControlMessage(UserControlEvent.StreamBegin, 0), out);
    this.channel.setOutgoingChunkSize(c.chunkSize, out);
    const properties = connectProperties(c.fmsVersion, c.capabilities, c.mode, info.properties);
    const information = connectSuccessInfo(c.fmsVersion, this.encoding, info.information);
    // Info objects stay AMF0 objects even for objectEncoding 3 (FMS does so; Flash reads both).
    // The properties object is the command object of the _result.
    this.sendCommand(0, '_result', r.transactionId, properties, [information], { amf3Type: r.amf3, amf3Values: false }, out);
    this.currentState = 'connected';
    if (this.held.length > 0) this.replayHeld(out);
    return out;
  }

  /**
   * Refuses a connect (`_error` with {level: 'error', code, description, …extra}; the session is then closed and
   * the driver should close the socket after writing) or answers a call with `_error`. [] for an unknown id.
   */
  reject(requestId: number, code: string, description: string, extra?: AmfRecord): SessionOutput[] {
    const r = this.requests.get(requestId);
    if (r === undefined) return [];
    if (r.kind === 'call') return this.replyError(requestId, errorInfo(code, description, extra));
    const out: SessionOutput[] = [];
    this.requests.delete(requestId);
    const c = this.config;
    const properties = connectProperties(c.fmsVersion, c.capabilities, c.mode, undefined);
    this.sendCommand(0, '_error', r.transactionId, properties, [errorInfo(code, description, extra)], { amf3Type: r.amf3, amf3Values: false }, out);
    this.currentState = 'closed';
    this.held = [];
    return out;
  }

  /** Answers a callReceived with `_result(txn, null, result)`. [] for an unknown id or a call without answer. */
  reply(requestId: number, result: AmfValue): SessionOutput[] {
    return this.answerCall(requestId, '_result', result);
  }

  /** Answers a callReceived with `_error(txn, null, info)`. */
  replyError(requestId: number, info: AmfRecord): SessionOutput[] {
    return this.answerCall(requestId, '_error', info);
  }

  /**
   * Calls a method on the client (NetConnection.client). With expectAnswer the transaction id is the callId and
   * the client's _result/_error comes back as 'callAnswered'; without, the transaction id is 0. Once the session is
   * closed nothing is sent and callId is 0 (no answer will come).
   */
  call(method: string, args: readonly AmfValue[], expectAnswer = true): { callId: number; outputs: SessionOutput[] } {
    const out: SessionOutput[] = [];
    if (!this.canSend('call')) return { callId: 0, outputs: out };
    let callId = 0;
    if (expectAnswer) {
      if (this.calls.size >= this.config.maxPendingCalls) {
        throw new LocalProtocolError(`more than ${this.config.maxPendingCalls} calls waiting for an answer`, {
          code: RtmpErrorCode.TooManyPendingRequests,
        });
      }
      callId = this.nextCallId++;
    }
    // Encoded before the call is tracked: a value the encoder refuses leaves no call waiting forever.
    const payload = this.encoder.command(method, callId, null, args, this.callFormat);
    if (expectAnswer) this.calls.add(callId);
    this.sendEncodedCommand(0, payload, this.callFormat, out);
    return { callId, outputs: out };
  }

  /** Forgets a call the driver gave up on (timeout), so a late answer is ignored. */
  cancelCall(callId: number): void {
    this.calls.delete(callId);
  }

  /** onStatus(0, null, info) on a stream (NetStream.Play.Start, NetStream.Publish.Start, …); AMF0. */
  sendStatus(streamId: number, info: AmfRecord): SessionOutput[] {
    const out: SessionOutput[] = [];
    if (!this.canSend('sendStatus')) return out;
    this.sendCommand(streamId, 'onStatus', 0, null, [info], AMF0_FORMAT, out);
    return out;
  }

  /** A user control event: StreamBegin/EOF/Dry/IsRecorded(streamId), SetBufferLength(streamId, ms), pings(time). */
  sendUserControl(event: UserControlEvent, streamId: number, extra?: number): SessionOutput[] {
    const out: SessionOutput[] = [];
    if (!this.canSend('sendUserControl')) return out;
    this.channel.send(userControlMessage(event, streamId, extra), out);
    return out;
  }

  /** A data message (type 18): name then values, e.g. onMetaData or |RtmpSampleAccess. */
  sendData(streamId: number, name: string, values: readonly AmfValue[], timestamp = 0): SessionOutput[] {
    const out: SessionOutput[] = [];
    if (!this.canSend('sendData')) return out;
    const payload = this.encoder.data([name, ...values]);
    this.channel.send({ typeId: MessageType.DataAmf0, streamId, timestamp, payload }, out);
    return out;
  }

  /**
   * Any message, chunked by this session on its own chunk streams (2–5, never the shared 6/7). Video inter frames
   * are marked droppable.
   */
  sendMessage(message: RtmpMessage): SessionOutput[] {
    const out: SessionOutput[] = [];
    if (!this.canSend('sendMessage')) return out;
    if (message.typeId === MessageType.SetChunkSize) {
      if (message.payload.length < 4) throw new LocalProtocolError('short Set Chunk Size', { code: RtmpErrorCode.BadArgument });
      this.channel.setOutgoingChunkSize(message.payload.readUInt32BE(0) & 0x7fffffff, out);
      return out;
    }
    this.channel.send(message, out, isDroppable(message));
    return out;
  }

  /** A PingRequest carrying now(); the answer comes back as 'pingAnswered'. */
  ping(): SessionOutput[] {
    const out: SessionOutput[] = [];
    if (!this.canSend('ping')) return out;
    this.sendPing(out);
    return out;
  }
}
