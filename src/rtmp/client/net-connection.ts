// NetConnection for Node: the Flash API over a TCP socket, driven by the sans-IO ClientSession. Typed RPC:
// `new NetConnection<ServerMethods, ClientMethods>()` checks call() against the server's declared methods and
// the `client` handlers against what the server calls on us.
import { EventEmitter } from 'node:events';
import { connect as netConnect, type Socket } from 'node:net';
import type { AmfValue } from '../../amf/index.js';
import { ClientSession } from '../session/client-session.js';
import type { ClientEvent, ClientOutput } from '../session/client-events.js';
import type { ClientSessionConfig } from '../session/config.js';
import type { AmfRecord } from '../session/events.js';
import { RtmpClientError, infoCode } from './errors.js';
import { lookupMethod } from './method-table.js';
import { NetStream } from './net-stream.js';
import type { MethodArgs, MethodName, MethodResult, RpcMethods, UntypedMethods } from './rpc-types.js';
import { parseRtmpUrl } from './rtmp-url.js';

/** Handlers for methods the server calls on this client (Flash's NetConnection.client object). */
export type ClientHandlers<ClientMethods> = {
  [K in keyof ClientMethods]?: {
    handler(...args: MethodArgs<ClientMethods, K>): MethodResult<ClientMethods, K> | Promise<MethodResult<ClientMethods, K>>;
  }['handler'];
};

export interface NetConnectionOptions<ClientMethods> {
  /** 0 (AMF0, default) or 3 (AMF3 commands, as Flash Player 9+ with the default objectEncoding). */
  readonly objectEncoding?: 0 | 3;
  /** flashVer of the connect command. Defaults to 'LNX 32,0,0,465' (a Flash Player). */
  readonly flashVer?: string;
  readonly swfUrl?: string;
  readonly pageUrl?: string;
  /** Extra properties of the connect command object. */
  readonly connectProperties?: AmfRecord;
  /** Default timeout of call(), ms. Defaults to 10,000. */
  readonly callTimeoutMs?: number;
  /** Timeout of the TCP connect + handshake + connect command, ms. Defaults to 10,000. */
  readonly connectTimeoutMs?: number;
  /** ClientSession settings (handshake 'digest' | 'simple', chunk size, limits). */
  readonly session?: Partial<ClientSessionConfig>;
  /** Handlers for server→client calls. Also settable later through `nc.client`. */
  readonly client?: ClientHandlers<ClientMethods>;
}

export interface ConnectResult {
  /** The _result's properties object (fmsVer, capabilities, mode). */
  readonly properties: AmfValue;
  /** The _result's information object (level, code, description, clientid, objectEncoding, …). */
  readonly information: AmfValue;
}

interface PendingCall {
  readonly resolve: (value: AmfValue) => void;
  readonly reject: (err: Error) => void;
  /** performance.now() deadline; Infinity for no timeout. */
  readonly deadline: number;
  readonly method: string;
}

/**
 * Where every connection's socket reads into (`onread`): the bytes are copied out in the same callback, so one
 * buffer serves all connections of the process.
 */
const READ_BUFFER = Buffer.allocUnsafe(65_536);

/** resolve/reject of the promise just created with `new Promise(capture)` (read right after, never kept). */
const captured: { resolve: (value: AmfValue) => void; reject: (err: Error) => void } = { resolve: () => {}, reject: () => {} };
function capture(resolve: (value: AmfValue) => void, reject: (err: Error) => void): void {
  captured.resolve = resolve;
  captured.reject = reject;
}

export interface NetConnectionEvents {
  /** The connection ended; `error` is set when it ended on an error. */
  close: [error: Error | undefined];
  /** onStatus on stream 0 (NetConnection level). */
  status: [info: AmfRecord];
  /** A server→client call without a handler (answered with _error when an answer was expected). */
  unhandledCall: [name: string, args: readonly AmfValue[]];
}

export class NetConnection<
  ServerMethods extends RpcMethods<ServerMethods> = UntypedMethods,
  ClientMethods extends RpcMethods<ClientMethods> = UntypedMethods,
> extends EventEmitter<NetConnectionEvents> {
  /** Handlers for server→client calls; only own properties are ever called, never names starting with '_'. */
  client: ClientHandlers<ClientMethods>;
  private socket: Socket | undefined;
  private session: ClientSession | undefined;
  private readonly calls = new Map<number, PendingCall>();
  private readonly streams = new Map<number, NetStream>();
  private readonly pendingStreams = new Map<number, PendingCall>();
  private deadlineTimer: NodeJS.Timeout | undefined;
  private deadlineEvery = Number.POSITIVE_INFINITY;
  private readonly pingWaiters = new Set<{ resolve: () => void; reject: (err: Error) => void }>();
  private connectWaiter: { resolve: (r: ConnectResult) => void; reject: (e: Error) => void } | undefined;
  private isConnected = false;
  private closedWith: Error | null | undefined;
  private readonly options: NetConnectionOptions<ClientMethods>;

  constructor(options: NetConnectionOptions<ClientMethods> = {}) {
    super();
    this.options = options;
    this.client = options.client ?? {};
  }

  get connected(): boolean {
    return this.isConnected;
  }

  /** The underlying session (bytes counters, chunk sizes, objectEncoding). */
  get rtmpSession(): ClientSession | undefined {
    return this.session;
  }

  /** Opens the socket, handshakes and sends connect(url, ...args). Rejects with RTMP_CLIENT_ERR_CONNECT_REJECTED (info set). */
  connect(url: string, ...args: AmfValue[]): Promise<ConnectResult> {
    if (this.socket !== undefined) return Promise.reject(new RtmpClientError('RTMP_CLIENT_ERR_PROTOCOL', 'connect() called twice'));
    let target;
    try {
      target = parseRtmpUrl(url);
    } catch (err) {
      return Promise.reject(err);
    }
    const session = ClientSession.create(this.options.session);
    this.session = session;
    const timeoutMs = this.options.connectTimeoutMs ?? 10_000;
    return new Promise<ConnectResult>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new RtmpClientError('RTMP_CLIENT_ERR_CONNECT_TIMEOUT', `no connect answer in ${timeoutMs} ms`)), timeoutMs);
      this.connectWaiter = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      // onread: the socket reads into one shared buffer and calls us directly, without a Buffer per read and the
      // Readable stream machinery ('data' events) around it.
      const socket = netConnect({ host: target.host, port: target.port, noDelay: true, onread: { buffer: READ_BUFFER, callback: (n) => this.received(n) } });
      this.socket = socket;
      socket.on('connect', () => {
        this.push(session.start());
        const commandObject: AmfRecord = {
          app: target.app,
          flashVer: this.options.flashVer ?? 'LNX 32,0,0,465',
          ...(this.options.swfUrl !== undefined && { swfUrl: this.options.swfUrl }),
          tcUrl: target.tcUrl,
          fpad: false,
          capabilities: 239,
          audioCodecs: 3575,
          videoCodecs: 252,
          videoFunction: 1,
          ...(this.options.pageUrl !== undefined && { pageUrl: this.options.pageUrl }),
          objectEncoding: this.options.objectEncoding ?? 0,
          ...this.options.connectProperties,
        };
        this.pendingConnect = () => this.push(session.connect(commandObject, ...args));
      });
      socket.on('error', (err) => this.fail(new RtmpClientError('RTMP_CLIENT_ERR_CLOSED', `socket error: ${err.message}`, undefined, { cause: err })));
      socket.on('close', () => this.fail(undefined));
    });
  }

  /**
   * `n` bytes arrived in READ_BUFFER. The session keeps slices of its input (a message in one chunk is not
   * copied), so it gets a copy: a small one comes from Node's buffer pool.
   */
  private received(n: number): boolean {
    const session = this.session;
    if (session === undefined || n <= 0) return true;
    const bytes = Buffer.allocUnsafe(n);
    READ_BUFFER.copy(bytes, 0, 0, n);
    this.push(session.receive(bytes));
    return true;
  }

  /** Sent once the handshake completes (the session refuses commands before). */
  private pendingConnect: (() => void) | undefined;

  /** Calls a server method; resolves with the _result value, rejects with RTMP_CLIENT_ERR_CALL_FAILED (info = _error object). */
  call<K extends MethodName<ServerMethods>>(method: K, ...args: MethodArgs<ServerMethods, K>): Promise<MethodResult<ServerMethods, K>> {
    return this.invoke(this.options.callTimeoutMs ?? 10_000, method, args as unknown as AmfValue[]) as Promise<MethodResult<ServerMethods, K>>;
  }

  /** call() with its own timeout (ms; 0 waits forever). */
  callWithTimeout<K extends MethodName<ServerMethods>>(
    timeoutMs: number,
    method: K,
    ...args: MethodArgs<ServerMethods, K>
  ): Promise<MethodResult<ServerMethods, K>> {
    return this.invoke(timeoutMs, method, args as unknown as AmfValue[]) as Promise<MethodResult<ServerMethods, K>>;
  }

  /** The shared body of call() and callWithTimeout(): the rest array of the caller is the command's argument list. */
  private invoke(timeoutMs: number, method: string, args: AmfValue[]): Promise<AmfValue> {
    const session = this.requireConnected();
    const sent = this.sendCall(session, method, args);
    if (sent !== undefined) return Promise.reject(sent);
    return this.track(this.calls, this.lastCallId, method, timeoutMs);
  }

  private lastCallId = 0;

  /**
   * session.call() and the write of its bytes; returns the error when the session refused the call (unencodable
   * value, too many calls waiting). Kept apart so the try/catch stays out of invoke(), which V8 then inlines.
   */
  private sendCall(session: ClientSession, method: string, args: AmfValue[]): Error | undefined {
    let r;
    try {
      r = session.call(method, args, true);
    } catch (err) {
      return err as Error;
    }
    this.lastCallId = r.callId;
    this.push(r.outputs);
    return undefined;
  }

  /** Calls a server method without waiting for an answer (transaction id 0). */
  notify<K extends MethodName<ServerMethods>>(method: K, ...args: MethodArgs<ServerMethods, K>): void {
    this.push(this.requireConnected().call(method, args as unknown as AmfValue[], false).outputs);
  }

  /** createStream; resolves with a NetStream bound to the new stream id. */
  createStream(): Promise<NetStream> {
    const session = this.requireConnected();
    const { callId, outputs } = session.createStream();
    const promise = this.track(this.pendingStreams, callId, 'createStream', this.options.callTimeoutMs ?? 10_000);
    this.push(outputs);
    return promise.then((id) => {
      const stream = new NetStream(this.streamLink(), id as number);
      this.streams.set(id as number, stream);
      return stream;
    });
  }

  /**
   * Round-trip time to the server in ms, from a PingRequest and its PingResponse (for monitoring). Rejects
   * after `timeoutMs` (default 5,000) or when the connection closes.
   */
  ping(timeoutMs = 5_000): Promise<number> {
    const session = this.requireConnected();
    return new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      const timer = setTimeout(() => {
        this.pingWaiters.delete(waiter);
        reject(new RtmpClientError('RTMP_CLIENT_ERR_CALL_TIMEOUT', `no ping response in ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve(performance.now() - t0);
        },
        reject: (err: Error) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.pingWaiters.add(waiter);
      this.push(session.ping());
    });
  }

  /** Closes the connection (the socket is ended after pending output). */
  close(): Promise<void> {
    const socket = this.socket;
    if (socket === undefined || socket.destroyed) {
      this.fail(undefined);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 2_000).unref();
    });
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  private requireConnected(): ClientSession {
    if (!this.isConnected || this.session === undefined) throw new RtmpClientError('RTMP_CLIENT_ERR_NOT_CONNECTED', 'not connected');
    return this.session;
  }

  private track(table: Map<number, PendingCall>, callId: number, method: string, timeoutMs: number): Promise<AmfValue> {
    // One module-level executor instead of a closure per call: it hands resolve/reject out through `captured`.
    const promise = new Promise<AmfValue>(capture);
    const deadline = timeoutMs > 0 ? performance.now() + timeoutMs : Number.POSITIVE_INFINITY;
    table.set(callId, { resolve: captured.resolve, reject: captured.reject, deadline, method });
    if (timeoutMs > 0 && (this.deadlineTimer === undefined || timeoutMs < this.deadlineEvery * 4)) this.watchDeadlines(timeoutMs);
    return promise;
  }

  /**
   * One timer per connection while calls are waiting, instead of one per call: a call costs no timer
   * bookkeeping, and a timeout fires within a quarter of its length (at most 250 ms) after its deadline.
   */
  private watchDeadlines(timeoutMs: number): void {
    const every = Math.max(5, Math.min(250, Math.floor(timeoutMs / 4)));
    if (this.deadlineTimer !== undefined && every >= this.deadlineEvery) return;
    if (this.deadlineTimer !== undefined) clearInterval(this.deadlineTimer);
    this.deadlineEvery = every;
    this.deadlineTimer = setInterval(() => this.expireCalls(), every);
  }

  private expireCalls(): void {
    const now = performance.now();
    for (const table of [this.calls, this.pendingStreams]) {
      for (const [callId, p] of table) {
        if (p.deadline > now) continue;
        table.delete(callId);
        this.session?.cancelCall(callId);
        p.reject(new RtmpClientError('RTMP_CLIENT_ERR_CALL_TIMEOUT', `'${p.method}' got no answer in time`));
      }
    }
    if (this.calls.size === 0 && this.pendingStreams.size === 0) this.stopDeadlines();
  }

  private stopDeadlines(): void {
    if (this.deadlineTimer !== undefined) clearInterval(this.deadlineTimer);
    this.deadlineTimer = undefined;
    this.deadlineEvery = Number.POSITIVE_INFINITY;
  }

  private settle(table: Map<number, PendingCall>, callId: number, ok: boolean, value: AmfValue): void {
    const p = table.get(callId);
    if (p === undefined) return;
    table.delete(callId);
    if (ok) p.resolve(value);
    else p.reject(new RtmpClientError('RTMP_CLIENT_ERR_CALL_FAILED', `'${p.method}' failed: ${infoCode(value) ?? 'error'}`, value));
  }

  /** Writes 'send' outputs and handles events, in order. */
  private push(outputs: readonly ClientOutput[]): void {
    for (let i = 0; i < outputs.length; i++) {
      const out = outputs[i];
      if (out.kind === 'send') this.write(out.bytes);
      else this.onEvent(out.event);
    }
  }

  /**
   * The first write of a tick goes out at once (a lone call or answer waits for nothing); when more follow in the
   * same tick the socket is corked and they leave together in one writev at the end of the tick, so calls fired
   * together cost two syscalls, not one each.
   */
  private write(bytes: Buffer): void {
    const socket = this.socket;
    if (socket === undefined || socket.destroyed || socket.writableEnded) return;
    if (this.tickWrites === 0) {
      this.tickWrites = 1;
      process.nextTick(this.endTick);
    } else if (this.tickWrites === 1) {
      this.tickWrites = 2;
      socket.cork();
    }
    socket.write(bytes);
  }

  /** Writes in the current tick: 0, 1 (went out directly) or 2 (more; the socket is corked). */
  private tickWrites = 0;

  /** The end of a tick that wrote (one closure per connection, made once). */
  private readonly endTick = (): void => {
    const corked = this.tickWrites === 2;
    this.tickWrites = 0;
    if (corked) this.socket?.uncork();
  };

  private onEvent(event: ClientEvent): void {
    switch (event.type) {
      case 'handshakeCompleted': {
        const send = this.pendingConnect;
        this.pendingConnect = undefined;
        send?.();
        return;
      }
      case 'connected':
        this.isConnected = true;
        this.connectWaiter?.resolve({ properties: event.properties, information: event.information });
        this.connectWaiter = undefined;
        return;
      case 'connectRejected': {
        const err = new RtmpClientError('RTMP_CLIENT_ERR_CONNECT_REJECTED', `connect refused: ${infoCode(event.information) ?? 'rejected'}`, event.information);
        this.connectWaiter?.reject(err);
        this.connectWaiter = undefined;
        this.socket?.end();
        return;
      }
      case 'callAnswered': {
        const value = event.args[0];
        if (this.calls.has(event.callId)) this.settle(this.calls, event.callId, event.ok, value);
        else this.settle(this.pendingStreams, event.callId, false, value);
        return;
      }
      case 'streamCreated':
        this.settle(this.pendingStreams, event.callId, true, event.streamId);
        return;
      case 'callReceived':
        this.onServerCall(event);
        return;
      case 'status':
        if (event.streamId === 0) this.emit('status', event.info);
        else this.streams.get(event.streamId)?.deliverStatus(event.info);
        return;
      case 'mediaReceived':
        this.streams.get(event.message.streamId)?.deliverMedia(event.message);
        return;
      case 'userControl':
        this.streams.get(event.value)?.deliverUserControl(event.event, event.extra);
        return;
      case 'protocolError':
        this.fail(new RtmpClientError('RTMP_CLIENT_ERR_PROTOCOL', `${event.code}: ${event.message}`));
        return;
      case 'pingAnswered': {
        // Pings are answered in order: the oldest waiter gets this response.
        const first = this.pingWaiters.values().next();
        if (!first.done) {
          this.pingWaiters.delete(first.value);
          first.value.resolve();
        }
        return;
      }
      case 'sharedObjectReceived':
        return;
      default: {
        const never: never = event;
        void never;
      }
    }
  }

  private onServerCall(event: Extract<ClientEvent, { type: 'callReceived' }>): void {
    const session = this.session;
    if (session === undefined) return;
    const expectsAnswer = event.transactionId !== 0;
    const handlers = this.client as { readonly [name: string]: (...args: never) => unknown };
    const name = event.name;
    const found = lookupMethod(handlers, name);
    if (!found.ok) {
      this.emit('unhandledCall', name, event.args);
      if (expectsAnswer) {
        this.push(session.replyError(event.requestId, { level: 'error', code: 'NetConnection.Call.Failed', description: `Method not found (${name.slice(0, 64)}).` }));
      }
      return;
    }
    const done = (ok: boolean, value: unknown): void => {
      if (!expectsAnswer || this.closedWith !== undefined) return;
      const failed = (err: unknown): ClientOutput[] => {
        const description = err instanceof Error ? err.message : 'Method failed.';
        return session.replyError(event.requestId, { level: 'error', code: 'NetConnection.Call.Failed', description });
      };
      let outputs: ClientOutput[];
      try {
        outputs = ok ? session.reply(event.requestId, (value ?? null) as AmfValue) : failed(value);
      } catch (err) {
        // A result AMF cannot encode fails this call; from a promise callback a throw would be an unhandled rejection.
        outputs = failed(err);
      }
      this.push(outputs);
    };
    try {
      const result: unknown = (found.fn as (...a: readonly AmfValue[]) => unknown).apply(handlers, event.args as AmfValue[]);
      if (result instanceof Promise) result.then((v) => done(true, v), (e: unknown) => done(false, e));
      else done(true, result);
    } catch (err) {
      done(false, err);
    }
  }

  /** Ends everything once: pending calls and streams fail, 'close' is emitted. */
  private fail(error: Error | undefined): void {
    if (this.closedWith !== undefined) return;
    this.closedWith = error ?? null;
    this.isConnected = false;
    const reason = error ?? new RtmpClientError('RTMP_CLIENT_ERR_CLOSED', 'connection closed');
    this.connectWaiter?.reject(reason);
    this.connectWaiter = undefined;
    for (const table of [this.calls, this.pendingStreams]) {
      for (const p of table.values()) p.reject(reason);
      table.clear();
    }
    this.stopDeadlines();
    for (const w of this.pingWaiters) w.reject(reason);
    this.pingWaiters.clear();
    for (const s of this.streams.values()) s.deliverClose(reason);
    this.streams.clear();
    this.socket?.destroy();
    this.emit('close', error);
  }

  private streamLink(): StreamLink {
    return {
      session: () => this.requireConnected(),
      push: (o) => this.push(o),
      writableLength: () => this.socket?.writableLength ?? 0,
      forget: (id) => this.streams.delete(id),
    };
  }
}

/** What a NetStream needs from its connection. */
export interface StreamLink {
  session(): ClientSession;
  push(outputs: readonly ClientOutput[]): void;
  writableLength(): number;
  forget(streamId: number): void;
}
