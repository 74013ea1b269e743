// Test doubles for the connection core: a session whose outputs describe themselves as JSON, and a transport
// that records them, so tests read the conversation as data without the protocol layer.
import type { ServerEvent, ServerSession, SessionOutput } from '../../src/rtmp/index.js';
import type { ByteTransport } from '../../src/server/transport.js';
import { ApplicationRegistry } from '../../src/server/app/registry.js';
import { RtmpConnection } from '../../src/server/rtmp-connection.js';
import { resolveLimits, type ServerLimits } from '../../src/server/limits.js';
import { silentLogger } from '../../src/server/logger.js';
import type { ApplicationDefinition, StreamEventHandler } from '../../src/server/index.js';
import type { StreamEvent } from '../../src/server/stream-handler.js';

export type Sent = Record<string, unknown> & { op: string };

const out = (v: Sent): SessionOutput => ({ kind: 'send', bytes: Buffer.from(JSON.stringify(v)), droppable: false });

export function fakeSession(): ServerSession {
  let callId = 0;
  const s = {
    receive: () => [],
    accept: (requestId: number, info?: unknown) => [out({ op: 'accept', requestId, info })],
    reject: (requestId: number, code: string, description: string, extra?: unknown) => [out({ op: 'reject', requestId, code, description, extra })],
    reply: (requestId: number, result: unknown) => [out({ op: 'reply', requestId, result })],
    replyError: (requestId: number, info: unknown) => [out({ op: 'replyError', requestId, info })],
    call: (method: string, args: unknown[], expectAnswer = true) => {
      const id = expectAnswer ? ++callId : 0;
      return { callId: id, outputs: [out({ op: 'call', method, args, callId: id })] };
    },
    sendStatus: (streamId: number, info: Record<string, unknown>) => [out({ op: 'status', streamId, code: info.code, description: info.description })],
    ping: () => [out({ op: 'ping' })],
    cancelCall: () => {},
  };
  return s as unknown as ServerSession;
}

export class RecordingTransport implements ByteTransport {
  readonly remoteAddress = '10.0.0.1';
  readonly sent: Sent[] = [];
  writableLength = 0;
  ended = false;
  destroyed = false;
  write(bytes: Buffer): void {
    this.sent.push(JSON.parse(bytes.toString()) as Sent);
  }
  writeBatch(chunks: readonly Buffer[]): void {
    for (const c of chunks) this.write(c);
  }
  onDrain(): void {}
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  ops(): string[] {
    return this.sent.map((s) => s.op);
  }
}

export class RecordingHandler implements StreamEventHandler {
  readonly events: StreamEvent[] = [];
  disconnects = 0;
  result: boolean | undefined = undefined;
  handle(_conn: unknown, event: StreamEvent): boolean | undefined {
    this.events.push(event);
    return this.result;
  }
  disconnected(): void {
    this.disconnects++;
  }
}

export interface Rig {
  conn: RtmpConnection;
  transport: RecordingTransport;
  handler: RecordingHandler;
  registry: ApplicationRegistry;
  clock: { now: number };
  closed: RtmpConnection[];
  /** Delivers session events as if receive() had produced them. */
  emit(...events: ServerEvent[]): void;
}

export function rig(apps: readonly ApplicationDefinition[], limits: Partial<ServerLimits> = {}): Rig {
  const registry = new ApplicationRegistry('/media', silentLogger);
  for (const a of apps) registry.register(a);
  const transport = new RecordingTransport();
  const handler = new RecordingHandler();
  const clock = { now: 1_000 };
  const closed: RtmpConnection[] = [];
  const conn = new RtmpConnection('7', fakeSession(), transport, {
    registry,
    handler,
    limits: resolveLimits(limits),
    logger: silentLogger,
    now: () => clock.now,
    onClosed: (c) => closed.push(c),
  });
  return {
    conn,
    transport,
    handler,
    registry,
    clock,
    closed,
    emit: (...events) => conn.push(events.map((event) => ({ kind: 'event' as const, event }))),
  };
}

export function connectEvent(app: string, args: unknown[] = [], tcUrl = `rtmp://h/${app}`): ServerEvent {
  return {
    type: 'connectRequested',
    requestId: 1,
    request: { transactionId: 1, commandObject: { app, tcUrl, flashVer: 'LNX 9,0,124,2' }, app, tcUrl, objectEncoding: 0, args: args as never[] },
  };
}

/** Lets pending promise callbacks run. */
export const settle = (): Promise<void> => new Promise((r) => setImmediate(r));
