// Test doubles for the live handler: a connection that records what reaches its "socket" in order, a session
// whose outputs say what they are, and an encoder whose bytes name the message they carry.
import type { AppInstance, Client, ClientConnection } from '../../../src/server/index.js';
import type { RtmpMessage, ServerSession, SessionOutput } from '../../../src/rtmp/index.js';
import { LiveStreamHandler, type LiveOptions } from '../../../src/server/live/index.js';
import { resolveStreamName, type StreamName } from '../../../src/server/stream-name.js';

export type Wire =
  | { status: string; sid: number; level: string; details: string }
  | { uc: number; sid: number }
  | { data: string; sid: number; values: unknown[] }
  | { call: string; args: unknown[] }
  | { media: number; sid: number; ts: number; csid: number; tag: string };

const wireOutput = (v: object): SessionOutput => ({ kind: 'send', bytes: Buffer.from(JSON.stringify(v)), droppable: false });

function fakeSession(chunkSize: number): ServerSession {
  const s = {
    outgoingChunkSize: chunkSize,
    sendStatus: (sid: number, info: Record<string, unknown>) => [wireOutput({ status: info.code, sid, level: info.level, details: info.details })],
    sendUserControl: (uc: number, sid: number) => [wireOutput({ uc, sid })],
    sendData: (sid: number, data: string, values: unknown[]) => [wireOutput({ data, sid, values })],
    call: (call: string, args: unknown[]) => ({ callId: 0, outputs: [wireOutput({ call, args })] }),
  };
  return s as unknown as ServerSession;
}

export class FakeConn implements ClientConnection {
  readonly remoteAddress = '127.0.0.1';
  readonly client = {} as Client;
  readonly session: ServerSession;
  readonly highWaterMark = 1 << 20;
  readonly wire: Wire[] = [];
  writableLength = 0;
  /** When true, nothing written ever leaves the socket queue. */
  stalled = false;
  closed = false;
  closeReason: string | undefined;
  sharedWrites = 0;

  constructor(readonly id: string, readonly instance: AppInstance, chunkSize = 4096) {
    this.session = fakeSession(chunkSize);
  }

  push(outputs: readonly SessionOutput[]): void {
    for (const o of outputs) if (o.kind === 'send') this.wire.push(JSON.parse(o.bytes.toString()) as Wire);
  }

  writeShared(data: Buffer | readonly Buffer[]): boolean {
    this.sharedWrites++; // several buffers are one writev
    const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data);
    if (this.stalled) this.writableLength += bytes.length;
    // One write may carry a whole batch: the fake encoder ends each message with a newline.
    for (const line of bytes.toString().split('\n')) if (line !== '') this.wire.push(JSON.parse(line) as Wire);
    return !this.stalled;
  }

  onDrain(): void {}

  close(reason: string): void {
    this.closed = true;
    this.closeReason = reason;
  }

  media(): Array<Extract<Wire, { media: number }>> {
    return this.wire.filter((w): w is Extract<Wire, { media: number }> => 'media' in w);
  }

  statuses(): string[] {
    return this.wire.flatMap((w) => ('status' in w ? [w.status] : []));
  }

  /** The wire as short strings: 'uc0@1', 'NetStream.Play.Start@1', 'data:onMetaData@1', 'video:K@1', … */
  summary(): string[] {
    return this.wire.map((w) => {
      if ('status' in w) return `${w.status}@${w.sid}`;
      if ('uc' in w) return `uc${w.uc}@${w.sid}`;
      if ('data' in w) return `${w.data}@${w.sid}`;
      if ('call' in w) return `call:${w.call}`;
      return `${w.tag}@${w.sid}`;
    });
  }
}

export function fakeInstance(name = '_definst_', mediaDir = '/nonexistent'): AppInstance {
  return { name, mediaDir, clients: new Map(), state: new Map(), application: { name: 'live' }, broadcast: () => {} } as unknown as AppInstance;
}

/** A payload's short name for the wire log. */
export function tagOf(m: RtmpMessage): string {
  const p = m.payload;
  if (m.typeId === 9) return p[1] === 0 ? 'vseq' : (p[0] >> 4) === 1 ? `K${m.timestamp}` : `v${m.timestamp}`;
  if (m.typeId === 8) return p[1] === 0 ? 'aseq' : `a${m.timestamp}`;
  return p.length >= 3 ? `d:${p.toString('latin1', 3, 3 + p.readUInt16BE(1))}` : 'd:?';
}

export interface Harness {
  handler: LiveStreamHandler;
  /** Timers scheduled by the handler, run by advance(). */
  timers: Array<{ at: number; fn: () => void }>;
  /** Moves the clock and runs the timers that are due. */
  advance(ms: number): void;
  encodes: number;
  clock: { now: number };
  /** Runs the deferred flushes (one event-loop turn). */
  tick(): void;
}

export function harness(options: Partial<LiveOptions> = {}): Harness {
  const deferred: Array<() => void> = [];
  const h: Harness = {
    encodes: 0,
    clock: { now: 0 },
    timers: [],
    advance: (ms) => {
      h.clock.now += ms;
      const due = h.timers.filter((t) => t.at <= h.clock.now);
      h.timers = h.timers.filter((t) => t.at > h.clock.now);
      for (const t of due) t.fn();
    },
    tick: () => {
      for (const fn of deferred.splice(0)) fn();
    },
    handler: undefined as unknown as LiveStreamHandler,
  };
  h.handler = new LiveStreamHandler({
    encode: (m, chunkSize, csid) => {
      h.encodes++;
      return Buffer.from(`${JSON.stringify({ media: m.typeId, sid: m.streamId, ts: m.timestamp, csid, chunkSize, tag: tagOf(m) })}\n`);
    },
    defer: (fn) => deferred.push(fn),
    now: () => h.clock.now,
    schedule: (fn, ms) => h.timers.push({ at: h.clock.now + ms, fn }),
    ...options,
  });
  return h;
}

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const amfString = (s: string): Buffer => Buffer.concat([Buffer.from([2, s.length >> 8, s.length & 255]), Buffer.from(s, 'latin1')]);

export const msg = {
  videoSeq: (ts = 0): RtmpMessage => ({ typeId: 9, streamId: 1, timestamp: ts, payload: hex('17 00 000000 0164001fffe1000467640001 01000368ebe3') }),
  audioSeq: (ts = 0): RtmpMessage => ({ typeId: 8, streamId: 1, timestamp: ts, payload: hex('af 00 1210') }),
  key: (ts: number): RtmpMessage => ({ typeId: 9, streamId: 1, timestamp: ts, payload: hex('17 01 000000 00000002 6588') }),
  inter: (ts: number): RtmpMessage => ({ typeId: 9, streamId: 1, timestamp: ts, payload: hex('27 01 000000 00000002 4188') }),
  audio: (ts: number): RtmpMessage => ({ typeId: 8, streamId: 1, timestamp: ts, payload: hex('af 01 2110') }),
  mp3: (ts: number): RtmpMessage => ({ typeId: 8, streamId: 1, timestamp: ts, payload: hex('2f fffb9064') }),
  setDataFrame: (): RtmpMessage => ({
    typeId: 18, streamId: 1, timestamp: 0,
    payload: Buffer.concat([amfString('@setDataFrame'), amfString('onMetaData'), hex('03 0005 7769647468 00 4074000000000000 000009')]),
  }),
  data: (name: string, ts = 0): RtmpMessage => ({ typeId: 18, streamId: 1, timestamp: ts, payload: Buffer.concat([amfString(name), hex('05')]) }),
};

// ---- commands as the session reports them ----

/** A stream name of the live app as the server resolves it. */
export const name = (raw: string): StreamName => resolveStreamName(raw, { app: 'live' });

/** The publisher's publish command. */
export async function publish(h: Harness, conn: FakeConn, raw: string, streamId = 1, mode: 'live' | 'record' | 'append' = 'live'): Promise<unknown> {
  return h.handler.handle(conn, { type: 'publishRequested', requestId: 1, streamId, name: raw, mode, stream: name(raw) });
}

/** A player's play command, as ffmpeg sends it (start -2000, len -1000). */
export function play(h: Harness, conn: FakeConn, raw: string, streamId = 1, reset = true): unknown {
  return h.handler.handle(conn, { type: 'playRequested', requestId: 2, streamId, name: raw, start: -2000, duration: -1000, reset, stream: name(raw) });
}

/** A media or data message from `conn` on `streamId`. */
export function send(h: Harness, conn: FakeConn, m: RtmpMessage, streamId = 1): void {
  void h.handler.handle(conn, { type: 'mediaReceived', message: { ...m, streamId } });
}
