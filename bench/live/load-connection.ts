// One RTMP client connection of the load client: simple handshake, the commands a player or publisher
// sends, the protocol control replies a server expects (acknowledgements, ping responses), and media
// handed to a sink as header-only events. All connections share one read buffer (net's `onread`), so
// reading costs no allocation per packet.
import { connect as netConnect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ChunkCounter, type ChunkCounterSink } from './chunk-counter.js';
import { control, encodeMessage } from './chunk-writer.js';
import { decodeAmf0Values, encodeAmf0Values, type Amf0Lite, type Amf0LiteObject } from './amf0-lite.js';

const HANDSHAKE_SIZE = 1536;
const SHARED_READ_BUFFER = Buffer.allocUnsafe(256 * 1024);
const COMMAND_CSID = 3;

export interface MediaSink {
  /** `now` is performance.now() at the read that completed the message. */
  onVideo(head: Buffer, headLength: number, size: number, now: number): void;
  onAudio(size: number): void;
}

export interface RtmpTarget {
  readonly host: string;
  readonly port: number;
  readonly app: string;
}

export class LoadConnectionError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new LoadConnectionError(`${what}: no answer in ${ms} ms`, 'LOAD_ERR_TIMEOUT')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

interface Waiter<T> {
  resolve(v: T): void;
  reject(e: Error): void;
}

export class LoadConnection implements ChunkCounterSink {
  readonly socket: Socket;
  bytesIn = 0;
  /** Socket reads; on loopback with a client that keeps up, close to the number of server writes. */
  reads = 0;
  /** performance.now() of the latest read. */
  now = 0;
  media: MediaSink | null = null;
  /** onStatus codes received, in order. */
  readonly statuses: string[] = [];
  error: Error | null = null;
  closed = false;

  private readonly counter = new ChunkCounter(this);
  private handshake: Buffer[] | null = [];
  private handshakeLen = 0;
  private handshakeDone!: Waiter<void>;
  private readonly handshakePromise: Promise<void>;
  private ackWindow = 0;
  private lastAck = 0;
  private nextTx = 1;
  private readonly pending = new Map<number, Waiter<Amf0Lite[]>>();
  private readonly statusWaiters: { prefix: string; w: Waiter<string> }[] = [];

  private constructor(readonly target: RtmpTarget) {
    this.handshakePromise = new Promise<void>((resolve, reject) => {
      this.handshakeDone = { resolve, reject };
    });
    this.socket = netConnect({
      host: target.host,
      port: target.port,
      noDelay: true,
      onread: {
        buffer: SHARED_READ_BUFFER,
        callback: (n: number, buf: Uint8Array): boolean => {
          this.onBytes(buf as Buffer, n);
          return true;
        },
      },
    });
    this.socket.on('error', (e) => this.fail(e));
    this.socket.on('close', () => {
      this.closed = true;
      this.fail(new LoadConnectionError('connection closed', 'LOAD_ERR_CLOSED'));
    });
    this.socket.once('connect', () => {
      const c0c1 = Buffer.alloc(1 + HANDSHAKE_SIZE);
      c0c1[0] = 3;
      c0c1.writeUInt32BE(Math.floor(performance.now()) >>> 0, 1);
      randomBytes(HANDSHAKE_SIZE - 8).copy(c0c1, 9);
      this.socket.write(c0c1);
    });
  }

  /** Opens a TCP connection and completes the simple handshake. */
  static async open(target: RtmpTarget, timeoutMs = 10_000): Promise<LoadConnection> {
    const c = new LoadConnection(target);
    try {
      await withTimeout(c.handshakePromise, timeoutMs, 'handshake');
    } catch (e) {
      c.destroy();
      throw e;
    }
    return c;
  }

  private fail(e: Error): void {
    if (this.error === null) this.error = e;
    this.handshakeDone.reject(e);
    for (const w of this.pending.values()) w.reject(e);
    this.pending.clear();
    for (const s of this.statusWaiters.splice(0)) s.w.reject(e);
  }

  private onBytes(buf: Buffer, n: number): void {
    this.now = performance.now();
    this.bytesIn += n;
    this.reads++;
    let start = 0;
    if (this.handshake !== null) {
      const want = 1 + 2 * HANDSHAKE_SIZE - this.handshakeLen;
      const take = Math.min(want, n);
      this.handshake.push(Buffer.from(buf.subarray(0, take)));
      this.handshakeLen += take;
      start = take;
      if (this.handshakeLen < 1 + 2 * HANDSHAKE_SIZE) return;
      const all = Buffer.concat(this.handshake);
      this.handshake = null;
      this.socket.write(all.subarray(1, 1 + HANDSHAKE_SIZE)); // C2 echoes S1
      this.handshakeDone.resolve();
    }
    try {
      this.counter.push(buf, start, n);
    } catch (e) {
      this.fail(e as Error);
      this.socket.destroy();
      return;
    }
    if (this.ackWindow > 0 && this.bytesIn - this.lastAck >= this.ackWindow) {
      this.lastAck = this.bytesIn;
      this.socket.write(control.acknowledgement(this.bytesIn));
    }
  }

  onVideo(head: Buffer, headLength: number, size: number): void {
    this.media?.onVideo(head, headLength, size, this.now);
  }

  onAudio(size: number): void {
    this.media?.onAudio(size);
  }

  onControl(type: number, _streamId: number, payload: Buffer): void {
    if (type === 5 && payload.length >= 4) this.ackWindow = payload.readUInt32BE(0);
    else if (type === 4 && payload.length >= 6 && payload.readUInt16BE(0) === 6) {
      this.socket.write(control.pingResponse(payload.subarray(2, 6)));
    } else if (type === 20 || type === 17) this.onCommand(type === 17 ? payload.subarray(1) : payload);
  }

  private onCommand(body: Buffer): void {
    let values: Amf0Lite[];
    try {
      values = decodeAmf0Values(body);
    } catch {
      return; // a command we cannot read is not ours to judge here
    }
    const [name, tx] = values;
    if ((name === '_result' || name === '_error') && typeof tx === 'number') {
      const w = this.pending.get(tx);
      if (w === undefined) return;
      this.pending.delete(tx);
      if (name === '_result') w.resolve(values);
      else w.reject(new LoadConnectionError(`_error: ${JSON.stringify(values[3])}`, 'LOAD_ERR_REJECTED'));
    } else if (name === 'onStatus') {
      const info = values[3];
      const code = typeof info === 'object' && info !== null && !Array.isArray(info) ? (info as Amf0LiteObject).code : undefined;
      if (typeof code !== 'string') return;
      this.statuses.push(code);
      for (let i = 0; i < this.statusWaiters.length; i++) {
        const s = this.statusWaiters[i];
        if (code.startsWith(s.prefix)) {
          this.statusWaiters.splice(i--, 1);
          if (code.endsWith('.Start') || code.endsWith('.Reset') || code.endsWith('.Success')) s.w.resolve(code);
          else s.w.reject(new LoadConnectionError(`onStatus ${code}`, 'LOAD_ERR_REJECTED'));
        }
      }
    }
  }

  write(bytes: Buffer): boolean {
    return this.socket.write(bytes);
  }

  private command(name: string, streamId: number, args: readonly Amf0Lite[], expectResult: boolean): Promise<Amf0Lite[]> {
    const tx = expectResult ? this.nextTx++ : 0;
    const body = encodeAmf0Values([name, tx, ...args]);
    this.socket.write(encodeMessage(COMMAND_CSID, 20, streamId, 0, body, 128));
    if (!expectResult) return Promise.resolve([]);
    if (this.error !== null) return Promise.reject(this.error);
    return new Promise((resolve, reject) => this.pending.set(tx, { resolve, reject }));
  }

  /** Resolves on the first onStatus code starting with `prefix` (rejects on an error-level one). */
  waitStatus(prefix: string, timeoutMs: number): Promise<string> {
    if (this.error !== null) return Promise.reject(this.error);
    const p = new Promise<string>((resolve, reject) => this.statusWaiters.push({ prefix, w: { resolve, reject } }));
    return withTimeout(p, timeoutMs, `onStatus ${prefix}`);
  }

  async connect(timeoutMs = 10_000): Promise<void> {
    const { host, port, app } = this.target;
    const cmd: Amf0LiteObject = {
      app,
      flashVer: 'LNX 9,0,124,2',
      tcUrl: `rtmp://${host}:${port}/${app}`,
      fpad: false,
      capabilities: 15,
      audioCodecs: 4071,
      videoCodecs: 252,
      videoFunction: 1,
    };
    await withTimeout(this.command('connect', 0, [cmd], true), timeoutMs, 'connect');
    this.socket.write(control.windowAckSize(5_000_000));
  }

  async createStream(timeoutMs = 10_000): Promise<number> {
    const r = await withTimeout(this.command('createStream', 0, [null], true), timeoutMs, 'createStream');
    const id = r[3];
    if (typeof id !== 'number') throw new LoadConnectionError('createStream without a stream id', 'LOAD_ERR_PROTOCOL');
    return id;
  }

  /** Sends play like ffmpeg does (start -2000: live, else recorded) after a SetBufferLength. */
  play(streamId: number, name: string): void {
    this.socket.write(control.setBufferLength(streamId, 1000));
    void this.command('play', streamId, [null, name, -2000], false);
  }

  async publish(streamId: number, name: string, timeoutMs = 10_000): Promise<void> {
    const started = this.waitStatus('NetStream.Publish.', timeoutMs);
    void this.command('publish', streamId, [null, name, 'live'], false);
    await started;
  }

  /** releaseStream and FCPublish as OBS and ffmpeg send them; answers are not awaited (nginx sends none). */
  announcePublish(name: string): void {
    void this.command('releaseStream', 0, [null, name], false);
    void this.command('FCPublish', 0, [null, name], false);
  }

  destroy(): void {
    this.socket.destroy();
  }
}
