// One RTMP connection, driven by bytes: feeds the sans-IO ServerSession, writes what it returns, and routes its
// events — connect to the application (onConnect), calls to the application's method table, stream events
// through onPublish/onPlay to the StreamEventHandler. Events of one connection are handled in order; an
// asynchronous hook holds back the events behind it (bounded), never the other connections.
import type { AmfValue } from '../amf/index.js';
import type { ServerEvent, ServerSession, SessionOutput } from '../rtmp/index.js';
import type { AppInstance, ConnectInfo, StreamInfo } from './application.js';
import { connectOutcome, streamOutcome } from './app/decisions.js';
import { ServerClient, type ClientTransport } from './app/client.js';
import type { ServerInstance } from './app/instance.js';
import type { ApplicationRegistry } from './app/registry.js';
import { parseAppPath } from './app-path.js';
import type { ClientConnection } from './connection.js';
import type { ServerLimits } from './limits.js';
import type { Logger } from './logger.js';
import { lazyChild } from './lazy-logger.js';
import { PendingCalls } from './rpc/pending-calls.js';
import { CallDispatcher } from './rpc/call-dispatch.js';
import type { StreamEvent, StreamEventHandler, StreamHandlerResult } from './stream-handler.js';
import { resolveStreamName, type StreamName } from './stream-name.js';
import { ServerError, StreamNameError } from './errors.js';
import type { ByteTransport } from './transport.js';

export interface ConnectionContext {
  readonly registry: ApplicationRegistry;
  readonly handler: StreamEventHandler;
  readonly limits: ServerLimits;
  readonly logger: Logger;
  readonly now: () => number;
  /** Called once when the connection is gone (for the server's bookkeeping). */
  readonly onClosed: (conn: RtmpConnection) => void;
}

type Phase = 'handshake' | 'connecting' | 'connected' | 'closed';

export class RtmpConnection implements ClientConnection, ClientTransport {
  readonly id: string;
  readonly remoteAddress: string;
  private phase: Phase = 'handshake';
  private serverClient: ServerClient | undefined;
  private serverInstance: ServerInstance | undefined;
  /** Allocated on first use, like the other per-connection tables: most connections never need them. */
  private pendingCalls: PendingCalls | undefined;
  private queue: ServerEvent[] | undefined;
  private busy = false;
  private calls: CallDispatcher | undefined;
  private streamTable: Map<number, StreamInfo> | undefined;
  private drainListeners: Array<() => void> | undefined;
  private log: Logger;
  private readonly openedAt: number;
  private lastInput: number;
  private lastActivity: number;
  private lastPing = 0;
  private cleanedUp = false;

  constructor(
    id: string,
    readonly session: ServerSession,
    private readonly transport: ByteTransport,
    private readonly ctx: ConnectionContext,
  ) {
    this.id = id;
    this.remoteAddress = transport.remoteAddress;
    this.log = lazyChild(ctx.logger, { conn: id, ip: this.remoteAddress });
    this.openedAt = this.lastInput = this.lastActivity = ctx.now();
  }

  // ---- ClientConnection -------------------------------------------------------------------------------------

  get client(): ServerClient {
    if (this.serverClient === undefined) throw new Error('connection not accepted yet');
    return this.serverClient;
  }

  get instance(): AppInstance {
    if (this.serverInstance === undefined) throw new Error('connection not accepted yet');
    return this.serverInstance;
  }

  get closed(): boolean {
    return this.phase === 'closed';
  }

  /** Re-reads the phase (TypeScript would keep a narrowing across awaits). */
  private isClosed(): boolean {
    return this.phase === 'closed';
  }

  get writableLength(): number {
    return this.transport.writableLength;
  }

  get highWaterMark(): number {
    return this.ctx.limits.writeHighWaterMark;
  }

  push(outputs: readonly SessionOutput[]): void {
    // Consecutive 'send' outputs go to the socket as one batch; events are handled in between, in order.
    let batch: Buffer[] | undefined;
    for (const out of outputs) {
      if (this.phase === 'closed') return;
      if (out.kind === 'send') {
        if (out.droppable && this.transport.writableLength >= this.ctx.limits.writeHighWaterMark) continue;
        (batch ??= []).push(out.bytes);
      } else {
        if (batch !== undefined) {
          this.transport.writeBatch(batch);
          batch = undefined;
        }
        this.enqueue(out.event);
      }
    }
    if (batch !== undefined && this.phase !== 'closed') this.transport.writeBatch(batch);
    if (this.transport.writableLength > this.ctx.limits.maxWriteQueueBytes) this.abort('write queue over limit');
  }

  writeShared(bytes: Buffer | readonly Buffer[]): boolean {
    if (this.phase === 'closed') return false;
    if (Buffer.isBuffer(bytes)) this.transport.write(bytes);
    else this.transport.writeBatch(bytes);
    const len = this.transport.writableLength;
    if (len > this.ctx.limits.maxWriteQueueBytes) {
      this.abort('write queue over limit');
      return false;
    }
    return len < this.ctx.limits.writeHighWaterMark;
  }

  onDrain(listener: () => void): void {
    if (this.drainListeners === undefined) {
      const listeners: Array<() => void> = (this.drainListeners = []);
      this.transport.onDrain(() => {
        for (const l of listeners) l();
      });
    }
    this.drainListeners.push(listener);
  }

  close(reason: string): void {
    if (this.phase === 'closed') return;
    this.log.info({ reason }, 'closing connection');
    this.cleanup(reason);
    this.transport.end();
  }

  // ---- ClientTransport (for the Client object) ----------------------------------------------------------------

  call(method: string, args: readonly AmfValue[], timeoutMs: number | undefined): Promise<AmfValue> {
    if (this.phase !== 'connected') return Promise.reject(new ServerError('SERVER_ERR_CLOSED', 'client is not connected'));
    if ((this.pendingCalls?.size ?? 0) >= this.ctx.limits.maxPendingCalls) {
      return Promise.reject(new ServerError('SERVER_ERR_LIMIT', `more than ${this.ctx.limits.maxPendingCalls} unanswered calls`));
    }
    let call: { callId: number; outputs: SessionOutput[] };
    try {
      call = this.session.call(method, args, true);
    } catch (err) {
      return Promise.reject(new ServerError('SERVER_ERR_LIMIT', `cannot call '${method}': ${(err as Error).message}`, { cause: err }));
    }
    const { callId, outputs } = call;
    const promise = (this.pendingCalls ??= new PendingCalls()).add(callId, method, timeoutMs ?? this.ctx.limits.rpcTimeoutMs, () =>
      this.session.cancelCall(callId),
    );
    this.push(outputs);
    return promise;
  }

  notify(method: string, args: readonly AmfValue[]): void {
    if (this.phase !== 'connected') return;
    this.push(this.session.call(method, args, false).outputs);
  }

  // ---- input from the transport and the server's sweep --------------------------------------------------------

  /** Bytes from the peer. */
  receive(bytes: Buffer): void {
    if (this.phase === 'closed') return;
    this.lastInput = this.ctx.now();
    let outputs: SessionOutput[];
    try {
      outputs = this.session.receive(bytes);
    } catch (err) {
      // The session reports peer errors as events; a throw is a bug on our side, but only this client pays.
      this.log.error({ err }, 'session failed');
      this.abort('internal error');
      return;
    }
    this.push(outputs);
  }

  /** The transport closed (peer hung up, or after our end()). */
  transportClosed(): void {
    if (this.phase !== 'closed') this.log.info({ reason: 'peer closed' }, 'connection closed');
    this.cleanup('peer closed');
  }

  /** Timers, from the server's periodic sweep: handshake/connect timeouts, keepalive, idle. */
  tick(now: number): void {
    if (this.phase === 'closed') return;
    const l = this.ctx.limits;
    if (this.phase === 'handshake' && now - this.openedAt > l.handshakeTimeoutMs) return this.abort('handshake timeout');
    if (this.phase !== 'connected') {
      if (now - this.openedAt > l.connectTimeoutMs) this.abort('connect timeout');
      return;
    }
    const silent = now - this.lastInput;
    if (l.deadPeerTimeoutMs > 0 && silent > l.deadPeerTimeoutMs) return this.abort('dead peer (no input)');
    if (l.pingIntervalMs > 0 && silent >= l.pingIntervalMs && now - this.lastPing >= l.pingIntervalMs) {
      this.lastPing = now;
      this.push(this.session.ping());
    }
    if (l.idleTimeoutMs > 0 && (this.streamTable?.size ?? 0) === 0 && now - this.lastActivity > l.idleTimeoutMs) this.close('idle timeout');
  }

  // ---- event routing -----------------------------------------------------------------------------------------

  private enqueue(event: ServerEvent): void {
    if (this.busy && event.type !== 'protocolError') {
      // A broken peer is dropped at once, even behind a slow hook; everything else keeps its order.
      const queue = (this.queue ??= []);
      if (queue.length >= this.ctx.limits.maxQueuedEvents) return this.abort('too many queued events');
      queue.push(event);
      return;
    }
    this.run(event);
  }

  private run(event: ServerEvent): void {
    let result: void | Promise<void>;
    try {
      result = this.dispatch(event);
    } catch (err) {
      this.failed(event, err);
      return;
    }
    if (result instanceof Promise) {
      this.busy = true;
      result.then(
        () => this.resume(),
        (err: unknown) => {
          this.failed(event, err);
          this.resume();
        },
      );
    }
  }

  private resume(): void {
    this.busy = false;
    const queue = this.queue;
    while (!this.busy && queue !== undefined && queue.length > 0 && this.phase !== 'closed') this.run(queue.shift() as ServerEvent);
    if (this.phase === 'closed' && queue !== undefined) queue.length = 0;
  }

  private failed(event: ServerEvent, err: unknown): void {
    this.log.error({ err, event: event.type }, 'event handling failed');
    this.abort(`failed handling ${event.type}`);
  }

  private dispatch(event: ServerEvent): void | Promise<void> {
    if (this.phase === 'closed') return;
    switch (event.type) {
      case 'mediaReceived':
      case 'releaseStreamRequested':
      case 'fcPublishRequested':
      case 'fcUnpublishRequested':
      case 'closeStreamRequested':
      case 'streamDeleted':
      case 'pauseRequested':
      case 'seekRequested':
      case 'receiveAudioChanged':
      case 'receiveVideoChanged':
      case 'bufferLengthSet':
        return this.onStreamEvent(event);
      case 'handshakeCompleted':
        this.phase = 'connecting';
        this.log.debug({ digest: event.digest }, 'handshake completed');
        return;
      case 'connectRequested':
        return this.onConnect(event);
      case 'callReceived':
        this.lastActivity = this.ctx.now();
        this.onCall(event);
        return;
      case 'callAnswered':
        if (!this.pendingCalls?.answer(event.callId, event.ok, event.args)) this.log.debug({ callId: event.callId }, 'unexpected answer');
        return;
      case 'publishRequested':
        this.lastActivity = this.ctx.now();
        return this.onStreamRequest(event, 'publish');
      case 'playRequested':
        this.lastActivity = this.ctx.now();
        return this.onStreamRequest(event, 'play');
      case 'streamCreated':
      case 'pingAnswered':
        return;
      case 'sharedObjectReceived':
        this.log.debug('shared object message ignored (not supported yet)');
        return;
      case 'protocolError':
        this.log.warn({ code: event.code, detail: event.message }, 'protocol error');
        this.close(`protocol error ${event.code}`);
        return;
      default:
        // Events the session may add later are ignored until routed here.
        this.log.debug({ event: (event as { type: string }).type }, 'event ignored');
    }
  }

  // ---- connect -----------------------------------------------------------------------------------------------

  private async onConnect(event: Extract<ServerEvent, { type: 'connectRequested' }>): Promise<void> {
    const { requestId, request } = event;
    this.phase = 'connecting';
    let path;
    try {
      path = parseAppPath(request.app, request.tcUrl);
    } catch (err) {
      return this.refuse(requestId, 'NetConnection.Connect.Rejected', 'Bad application path.', `bad app path: ${(err as Error).message}`);
    }
    const app = this.ctx.registry.get(path.application);
    if (app === undefined) {
      return this.refuse(requestId, 'NetConnection.Connect.InvalidApp', `Application '${path.application}' not found.`, 'unknown application');
    }
    let instance: ServerInstance;
    try {
      instance = await this.ctx.registry.acquire(app, path.instance);
    } catch (err) {
      this.log.error({ err, app: app.name }, 'onAppStart failed');
      return this.refuse(requestId, 'NetConnection.Connect.Rejected', 'Application failed to start.', 'onAppStart failed');
    }
    if (this.isClosed()) return this.ctx.registry.release(instance);
    this.serverInstance = instance;
    const info = connectInfo(request, path.query);
    const client = new ServerClient(this.id, this.remoteAddress, instance, info, request.args, this, app.options?.callTimeoutMs);
    this.serverClient = client;
    this.log = this.log.child({ app: app.name, instance: instance.name });

    let decision;
    try {
      decision = connectOutcome(app.onConnect ? await app.onConnect(client, ...request.args) : undefined);
    } catch (err) {
      this.log.error({ err }, 'onConnect failed');
      decision = connectOutcome(false);
    }
    if (this.isClosed()) return;
    if (decision.kind === 'accept') {
      this.phase = 'connected';
      this.lastActivity = this.ctx.now();
      instance.add(client);
      this.push(
        this.session.accept(requestId, {
          properties: decision.properties,
          information: { clientid: this.id, ...decision.information },
        }),
      );
      this.log.info({ flashVer: info.flashVer, objectEncoding: info.objectEncoding }, 'client connected');
      if (app.options?.callOnBWDone) this.push(this.session.call('onBWDone', [], false).outputs);
      return;
    }
    if (decision.kind === 'redirect') {
      return this.refuse(requestId, 'NetConnection.Connect.Rejected', decision.description, 'redirected', {
        ex: { code: 302, redirect: decision.url },
      });
    }
    return this.refuse(requestId, 'NetConnection.Connect.Rejected', decision.description, 'rejected by application', decision.extra);
  }

  /** Answers the connect with _error and closes once it is written (as FMS does). */
  private refuse(requestId: number, code: string, description: string, reason: string, extra?: Record<string, AmfValue>): void {
    this.push(this.session.reject(requestId, code, description, extra));
    this.log.info({ code, reason }, 'connect refused');
    this.close(reason);
  }

  // ---- client → server calls (rpc/call-dispatch.ts) -------------------------------------------------------

  private onCall(event: Extract<ServerEvent, { type: 'callReceived' }>): void {
    const app = this.serverInstance?.application;
    this.calls ??= new CallDispatcher(this, app?.methods as { readonly [name: string]: (...a: never) => unknown } | undefined, this.ctx.limits.maxConcurrentCalls, this.log);
    this.calls.dispatch(event);
  }

  // ---- streams -----------------------------------------------------------------------------------------------

  private async onStreamRequest(
    event: Extract<ServerEvent, { type: 'publishRequested' | 'playRequested' }>,
    direction: 'publish' | 'play',
  ): Promise<void> {
    if (this.phase !== 'connected') return;
    const app = this.instance.application;
    const failCode = direction === 'publish' ? 'NetStream.Publish.BadName' : 'NetStream.Play.StreamNotFound';
    let stream: StreamName;
    try {
      stream = resolveStreamName(event.name, { app: app.name });
    } catch (err) {
      if (!(err instanceof StreamNameError)) throw err;
      this.log.info({ name: event.name.slice(0, 128), code: err.code }, `${direction} refused: bad stream name`);
      return this.streamStatus(event.streamId, failCode, 'Invalid stream name.');
    }
    this.endStream(event.streamId);
    let outcome;
    try {
      outcome = streamOutcome(
        event.type === 'publishRequested'
          ? await app.onPublish?.(this.client, { streamId: event.streamId, stream, mode: event.mode })
          : await app.onPlay?.(this.client, playRequest(event, stream)),
      );
    } catch (err) {
      // A failing hook refuses this stream; the connection and its other streams carry on.
      this.log.error({ err, stream: stream.name }, `on${direction === 'publish' ? 'Publish' : 'Play'} failed`);
      outcome = streamOutcome(false);
    }
    if (this.isClosed()) return;
    if (outcome.kind === 'reject') {
      this.log.info({ stream: stream.name, reason: outcome.description }, `${direction} refused by application`);
      const code = outcome.code ?? (direction === 'publish' ? 'NetStream.Publish.BadName' : 'NetStream.Play.Failed');
      return this.streamStatus(event.streamId, code, outcome.description);
    }
    if (outcome.rename !== undefined) {
      try {
        stream = { ...resolveStreamName(outcome.rename, { app: app.name }), raw: event.name };
      } catch (err) {
        this.log.error({ err, rename: outcome.rename }, 'application renamed to a bad stream name');
        return this.streamStatus(event.streamId, failCode, 'Invalid stream name.');
      }
    }
    const routed = { ...event, stream } as StreamEvent;
    const started: StreamHandlerResult = await this.handler().handle(this, routed);
    if (started !== false && !this.isClosed()) {
      (this.streamTable ??= new Map()).set(event.streamId, { streamId: event.streamId, stream, direction });
      this.log.info({ stream: stream.name, streamId: event.streamId }, direction === 'publish' ? 'publishing' : 'playing');
    }
  }

  private onStreamEvent(event: StreamEvent): void | Promise<void> {
    if (this.phase !== 'connected') return;
    if (event.type !== 'mediaReceived' && event.type !== 'bufferLengthSet') this.lastActivity = this.ctx.now();
    const result = this.handler().handle(this, event);
    if (event.type === 'closeStreamRequested' || event.type === 'streamDeleted') {
      if (result instanceof Promise) return result.then(() => this.endStream(event.streamId));
      return this.endStream(event.streamId);
    }
    if (result instanceof Promise) return result.then(() => undefined);
  }

  /** Reports the end of a publish/play to the application (onUnpublish/onStop). */
  private endStream(streamId: number): void {
    const info = this.streamTable?.get(streamId);
    if (info === undefined) return;
    this.streamTable?.delete(streamId);
    this.safeHook(() =>
      info.direction === 'publish'
        ? this.instance.application.onUnpublish?.(this.client, info)
        : this.instance.application.onStop?.(this.client, info),
    );
  }

  /** The application's own stream handler, or the server's. */
  private handler(): StreamEventHandler {
    return this.serverInstance?.application.streams ?? this.ctx.handler;
  }

  private streamStatus(streamId: number, code: string, description: string): void {
    this.push(this.session.sendStatus(streamId, { level: 'error', code, description }));
  }

  // ---- teardown ----------------------------------------------------------------------------------------------

  /** Closes without flushing (the peer is misbehaving or gone). */
  private abort(reason: string): void {
    if (this.phase === 'closed') return;
    this.log.warn({ reason }, 'dropping connection');
    this.cleanup(reason);
    this.transport.destroy();
  }

  private cleanup(reason: string): void {
    const wasAccepted = this.phase === 'connected';
    this.phase = 'closed';
    if (this.cleanedUp) return;
    this.cleanedUp = true;
    if (this.queue !== undefined) this.queue.length = 0;
    this.pendingCalls?.closeAll(reason);
    const inst = this.serverInstance;
    const client = this.serverClient;
    if (wasAccepted && client !== undefined && inst !== undefined) {
      this.safeHook(() => this.handler().disconnected(this));
      for (const id of [...(this.streamTable?.keys() ?? [])]) this.endStream(id);
      inst.remove(client);
      this.safeHook(() => inst.application.onDisconnect?.(client));
    }
    if (inst !== undefined) this.ctx.registry.release(inst);
    this.ctx.onClosed(this);
  }

  private safeHook(fn: () => unknown): void {
    try {
      const r = fn();
      if (r instanceof Promise) r.catch((err: unknown) => this.log.error({ err }, 'hook failed'));
    } catch (err) {
      this.log.error({ err }, 'hook failed');
    }
  }
}

function connectInfo(request: Extract<ServerEvent, { type: 'connectRequested' }>['request'], query: Readonly<Record<string, string>>): ConnectInfo {
  const o = request.commandObject;
  const str = (v: AmfValue): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    app: request.app,
    tcUrl: request.tcUrl,
    swfUrl: str(o.swfUrl),
    pageUrl: str(o.pageUrl),
    flashVer: str(o.flashVer),
    objectEncoding: request.objectEncoding,
    query,
    commandObject: o,
  };
}

function playRequest(event: Extract<ServerEvent, { type: 'playRequested' }>, stream: StreamName) {
  return { streamId: event.streamId, stream, start: event.start, duration: event.duration, reset: event.reset };
}

