// The live fan-out load client: one process, one publisher, many players on one stream. It measures
// what players receive (bytes, frames, loss, latency, time to first keyframe) and, when given the
// server's PID, the server's CPU time and memory over a steady measurement window.
//
// Standalone: node --import tsx bench/live/load-client.ts rtmp://127.0.0.1:1935/live/bench \
//               [--players 50] [--duration 20] [--stalled 0] [--pid <server pid>]
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { Publisher } from './publisher.js';
import { Player, type PlayClock } from './player.js';
import type { RtmpTarget } from './load-connection.js';
import { DEFAULT_SHAPE, type StreamShape } from './synthetic-media.js';
import { treeCpuSeconds, treeCpuSplit, treeRssBytes } from '../common/proc-stat.js';
import { quantileSorted, slope } from '../common/stats.js';
import { queuesTowards } from '../common/socket-queues.js';

export interface LoadOptions {
  readonly target: RtmpTarget;
  readonly stream: string;
  readonly players: number;
  /** Players that stop reading when the window starts (in addition to `players`). */
  readonly stalled: number;
  /** Publisher alone before players join (lets a GOP cache fill), ms. */
  readonly idleMs: number;
  /** All players playing before the window starts, ms. */
  readonly warmupMs: number;
  readonly durationMs: number;
  /** After the publisher stops, time for the last frames to arrive, ms. */
  readonly drainMs: number;
  readonly joinConcurrency: number;
  readonly shape: StreamShape;
  /** Server process to measure (CPU of it and its children, RSS); omit to measure players only. */
  readonly serverPid?: number;
  readonly rssSampleMs: number;
  /** Stalled players: longest wait for the kernel buffers towards them to fill before the window, ms. */
  readonly stallFillMaxMs: number;
}

export const DEFAULT_LOAD: Omit<LoadOptions, 'target' | 'serverPid'> = {
  stream: 'bench',
  players: 50,
  stalled: 0,
  idleMs: 2500,
  warmupMs: 2000,
  durationMs: 20_000,
  drainMs: 1500,
  joinConcurrency: 25,
  shape: DEFAULT_SHAPE,
  rssSampleMs: 500,
  stallFillMaxMs: 45_000,
};

export interface Distribution {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface LoadResult {
  readonly players: number;
  readonly stalled: number;
  readonly joined: number;
  readonly joinErrors: string[];
  readonly windowSeconds: number;
  /** The window on CLOCK_MONOTONIC in microseconds (the clock of V8 CPU profiles), to cut a profile. */
  readonly windowMonotonicUs: readonly [number, number];
  /** Bytes received by healthy players during the window. */
  readonly bytes: number;
  /** Socket reads per healthy player per second in the window (≈ server writes per player per second). */
  readonly readsPerPlayerSecond: number;
  readonly publishedBytes: number;
  readonly serverCpuSeconds: number;
  /** Share of the server's CPU time spent in the kernel (stime / (utime + stime)). */
  readonly serverSystemShare: number;
  readonly cpuSecondsPerGB: number;
  readonly clientCpuSeconds: number;
  /** Event-loop delay of the load client during the window (p99, ms): a busy client would delay frames. */
  readonly clientLoopDelayP99Ms: number;
  /** 1-minute load average of the machine at the end of the window. */
  readonly loadAverage: number;
  readonly frames: { readonly delivered: number; readonly expected: number; readonly lost: number };
  readonly playersWithoutMedia: number;
  /** Healthy players that lost at least one frame. */
  readonly playersWithLoss: number;
  /** Healthy players told NetStream.Play.InsufficientBW (the server judged them too slow). */
  readonly playersToldInsufficientBw: number;
  readonly playersDisconnected: number;
  readonly latencyMs: Distribution;
  readonly firstKeyframeMs: Distribution;
  readonly rssIdleBytes: number;
  readonly rssLoadedBytes: number;
  readonly rssPerPlayerBytes: number;
  /** Server RSS samples over the window: seconds since its start, bytes. */
  readonly rssSamples: readonly { readonly t: number; readonly rss: number }[];
  /** Server RSS growth over the window, bytes per second: slope of the lowest sample of each 2 s bin. */
  readonly rssGrowthBytesPerSecond: number;
  readonly stalledDisconnected: number;
  /** Seconds from the stall until the server's kernel send queues towards stalled players stopped growing. */
  readonly stallFillSeconds: number;
  /** Bytes in the server's kernel send queues per stalled player when the window started. */
  readonly kernelQueuedPerStalled: number;
}

function distribution(values: number[]): Distribution {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: quantileSorted(sorted, 0.5),
    p99: quantileSorted(sorted, 0.99),
    max: sorted.length > 0 ? sorted[sorted.length - 1] : Number.NaN,
  };
}

/** The lowest sample of each `binSeconds` bin: RSS after garbage collections, without the sawtooth. */
function lowerEnvelope(samples: readonly { t: number; rss: number }[], binSeconds: number): { t: number; rss: number }[] {
  const bins = new Map<number, { t: number; rss: number }>();
  for (const s of samples) {
    const k = Math.floor(s.t / binSeconds);
    const b = bins.get(k);
    if (b === undefined || s.rss < b.rss) bins.set(k, s);
  }
  return [...bins.values()];
}

async function joinAll(
  count: number,
  concurrency: number,
  start: () => Promise<Player>,
  errors: string[],
): Promise<Player[]> {
  const out: Player[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      try {
        out.push(await start());
      } catch (e) {
        if (errors.length < 5) errors.push((e as Error).message);
        else errors.length++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return out;
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const pid = opts.serverPid;
  const cpu = (): number => (pid === undefined ? 0 : treeCpuSeconds(pid));
  const rss = (): number => (pid === undefined ? 0 : treeRssBytes(pid));
  const split = (): { user: number; system: number } => (pid === undefined ? { user: 0, system: 0 } : treeCpuSplit(pid));

  const publisher = await Publisher.start(opts.target, opts.stream, opts.shape);
  const clock: PlayClock = { sendTimes: publisher.sendTimes, recording: false, latencies: [] };
  const players: Player[] = [];
  const stalled: Player[] = [];
  const joinErrors: string[] = [];
  try {
    // RSS of a garbage-collected server moves with its heap: take the median of several samples.
    const idleSamples: number[] = [];
    for (let waited = 0; waited < opts.idleMs; waited += opts.idleMs / 5) {
      await sleep(opts.idleMs / 5);
      idleSamples.push(rss());
    }
    // The floor (lowest sample) follows live memory; a GC'd heap's peaks follow allocation timing.
    const rssIdle = Math.min(...idleSamples.slice(1));
    const start = (): Promise<Player> => Player.start(opts.target, opts.stream, clock);
    players.push(...(await joinAll(opts.players, opts.joinConcurrency, start, joinErrors)));
    stalled.push(...(await joinAll(opts.stalled, opts.joinConcurrency, start, joinErrors)));
    await sleep(opts.warmupMs);
    if (publisher.error !== null) throw publisher.error;

    // A stalled player's kernel buffers (its receive queue, then the server's send queue: several MB on
    // loopback) absorb ~20 s of stream before the server has to keep anything itself. Wait until the
    // server's send queues stop growing, so the window sees only what the server does.
    for (const p of stalled) p.stall();
    let stallFillSeconds = 0;
    let kernelQueued = 0;
    const stalledPorts = new Set(stalled.map((p) => p.conn.socket.localPort ?? 0));
    if (stalled.length > 0) {
      const ports = stalledPorts;
      const s0 = performance.now();
      const history: number[] = [];
      while (performance.now() - s0 < opts.stallFillMaxMs) {
        await sleep(1000);
        const seen = queuesTowards(ports);
        const q = seen?.sendQueue;
        if (seen === undefined || q === undefined) {
          await sleep(Math.max(0, 25_000 - (performance.now() - s0))); // no ss: a fixed wait
          break;
        }
        history.push(q);
        kernelQueued = q;
        const n = history.length;
        // The receive queues fill first (send queues stay empty meanwhile); done when the send queues stop
        // growing, or when the server has closed every stalled connection.
        if (seen.established === 0) break;
        // While the receive queues fill, the send queues hold only what is in flight (a frame or so, and steady):
        // that is not "full". Full is at least 256 KiB per stalled player that stopped growing.
        if (n >= 4 && q >= 256 * 1024 * ports.size && q - history[n - 3] <= 0.01 * q) break;
      }
      stallFillSeconds = (performance.now() - s0) / 1000;
    }
    const bytesNow = (): number => players.reduce((s, p) => s + p.conn.bytesIn, 0);
    const samples: { t: number; rss: number }[] = [];
    const cpu0 = cpu();
    const split0 = split();
    const client0 = process.cpuUsage();
    const readsNow = (): number => players.reduce((s, p) => s + p.conn.reads, 0);
    const bytes0 = bytesNow();
    const reads0 = readsNow();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const t0 = performance.now();
    const mono0 = Number(process.hrtime.bigint() / 1000n);
    clock.recording = true;
    while (performance.now() - t0 < opts.durationMs) {
      await sleep(Math.min(opts.rssSampleMs, opts.durationMs - (performance.now() - t0)));
      samples.push({ t: (performance.now() - t0) / 1000, rss: rss() });
    }
    clock.recording = false;
    const mono1 = Number(process.hrtime.bigint() / 1000n);
    loop.disable();
    const stalledLeft = stalled.length > 0 ? queuesTowards(stalledPorts)?.established : 0;
    const cpu1 = cpu();
    const split1 = split();
    const userS = split1.user - split0.user;
    const sysS = split1.system - split0.system;
    const clientUsage = process.cpuUsage(client0);
    const bytes = bytesNow() - bytes0;
    const reads = readsNow() - reads0;
    const windowSeconds = (performance.now() - t0) / 1000;

    publisher.stop();
    await sleep(opts.drainMs);
    const last = publisher.lastSeq;
    let delivered = 0, expected = 0, lost = 0, withoutMedia = 0, disconnected = 0, withLoss = 0, toldSlow = 0;
    for (const p of players) {
      if (p.lost(last) > 0) withLoss++;
      if (p.conn.statuses.includes('NetStream.Play.InsufficientBW')) toldSlow++;
      if (p.conn.closed) disconnected++;
      if (p.maxSeq < 0) withoutMedia++;
      delivered += p.frames;
      expected += p.expected(last);
      lost += p.lost(last);
    }
    const floor = lowerEnvelope(samples, 2);
    const rssLoaded = samples.length > 0 ? Math.min(...samples.map((s) => s.rss)) : 0;
    const serverCpu = cpu1 - cpu0;
    return {
      players: opts.players,
      stalled: opts.stalled,
      joined: players.length + stalled.length,
      joinErrors,
      windowSeconds,
      windowMonotonicUs: [mono0, mono1],
      bytes,
      readsPerPlayerSecond: players.length > 0 ? reads / players.length / windowSeconds : 0,
      publishedBytes: publisher.bytesOut,
      serverCpuSeconds: serverCpu,
      serverSystemShare: userS + sysS > 0 ? sysS / (userS + sysS) : Number.NaN,
      cpuSecondsPerGB: bytes > 0 ? serverCpu / (bytes / 1e9) : Number.NaN,
      clientCpuSeconds: (clientUsage.user + clientUsage.system) / 1e6,
      clientLoopDelayP99Ms: loop.percentile(99) / 1e6,
      loadAverage: loadavg()[0],
      frames: { delivered, expected, lost },
      playersWithoutMedia: withoutMedia,
      playersWithLoss: withLoss,
      playersToldInsufficientBw: toldSlow,
      playersDisconnected: disconnected,
      latencyMs: distribution(clock.latencies),
      firstKeyframeMs: distribution(players.filter((p) => p.firstKeyframeMs >= 0).map((p) => p.firstKeyframeMs)),
      rssIdleBytes: rssIdle,
      rssLoadedBytes: rssLoaded,
      rssPerPlayerBytes: opts.players + opts.stalled > 0 ? (rssLoaded - rssIdle) / (opts.players + opts.stalled) : 0,
      rssSamples: samples,
      rssGrowthBytesPerSecond: slope(floor.map((s) => s.t), floor.map((s) => s.rss)),
      // A paused socket never reads the server's FIN, so ask the kernel which server sockets are still open.
      stalledDisconnected: stalledLeft === undefined ? stalled.filter((p) => p.conn.closed).length : stalled.length - stalledLeft,
      stallFillSeconds,
      kernelQueuedPerStalled: stalled.length > 0 ? kernelQueued / stalled.length : 0,
    };
  } finally {
    publisher.close();
    for (const p of players) p.close();
    for (const p of stalled) p.close();
  }
}

/** Parses rtmp://host:port/app/stream. */
export function parseRtmpUrl(url: string): { target: RtmpTarget; stream: string } {
  const u = new URL(url);
  if (u.protocol !== 'rtmp:') throw new Error(`not an rtmp:// URL: ${url}`);
  const parts = u.pathname.split('/').filter((s) => s !== '');
  if (parts.length < 2) throw new Error(`URL needs /app/stream: ${url}`);
  const stream = parts.pop() as string;
  return { target: { host: u.hostname, port: Number(u.port || 1935), app: parts.join('/') }, stream };
}

async function cli(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      players: { type: 'string', default: '50' },
      stalled: { type: 'string', default: '0' },
      duration: { type: 'string', default: '20' },
      pid: { type: 'string' },
    },
  });
  const url = positionals[0];
  if (url === undefined) throw new Error('usage: load-client.ts rtmp://host:port/app/stream [--players N] [--duration S] [--stalled N] [--pid PID]');
  const { target, stream } = parseRtmpUrl(url);
  const result = await runLoad({
    ...DEFAULT_LOAD,
    target,
    stream,
    players: Number(values.players),
    stalled: Number(values.stalled),
    durationMs: Number(values.duration) * 1000,
    serverPid: values.pid === undefined ? undefined : Number(values.pid),
  });
  console.log(JSON.stringify(result, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  cli(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
