// `npm run bench -- rtmp [options]`: the RTMP core benchmark (not a test). Servers run as child processes on
// loopback; the clients run here. Prints one table with ratios against the references:
//  - RPC round trips/s on 1 and on 100 connections (each waits for its answer before the next call), against a
//    raw Node TCP echo of the same request bytes (target >= 50% of it);
//  - connections per server CPU-second: handshake + connect + createStream + close, 32 in parallel
//    (target >= 3,000; nginx-rtmp measured beside it);
//  - server memory per idle connection after handshake + connect, 2,000 connections (target <= 16 KiB).
// CPU and memory come from /proc/PID (bench/common/proc-stat.ts). See docs/server.md.
import { parseArgs } from 'node:util';
import { connect as netConnect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import * as sourceClient from '../../src/rtmp/client/index.js';

/** The client used by the load: the built one next to the built server (same code as the sources). */
let client: typeof sourceClient = sourceClient;
type NetConnection = sourceClient.NetConnection;
const newConnection = (options?: ConstructorParameters<typeof sourceClient.NetConnection>[0]): NetConnection => new client.NetConnection(options);
import { processRssBytes, treeCpuSeconds } from '../common/proc-stat.js';
import { formatTable } from '../common/stats.js';
import { buildFlashback, nginxUnavailable, startEcho, startFlashback, startNginx, type BenchServer } from './servers.js';

const USAGE = `usage: npm run bench -- rtmp [options]
  --duration S     seconds per RPC / connection-rate window (default 5)
  --idle N         idle connections for the memory figure (default 2000)
  --payload N      bytes of the string echoed by each RPC (default 64)
  --quick          2 s windows, 500 idle connections
  --no-nginx       skip the nginx-rtmp reference runs
  --tsx            run the server from the TypeScript sources through tsx instead of a build`;

interface Row {
  readonly metric: string;
  readonly server: string;
  readonly value: string;
  readonly reference: string;
  readonly ratio: string;
  readonly target: string;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-');

/** Sequential RPCs on `connections` connections for `seconds`; returns calls/s and the bytes of one call each way. */
async function rpcRate(server: BenchServer, connections: number, seconds: number, payload: string): Promise<{ rate: number; reqBytes: number; resBytes: number; serverUs: number }> {
  const port = server.port;
  const ncs = await Promise.all(
    Array.from({ length: connections }, async () => {
      const nc = newConnection({ callTimeoutMs: 30_000 });
      await nc.connect(`rtmp://127.0.0.1:${port}/echo`);
      return nc;
    }),
  );
  // Warm up, and measure the bytes of one round trip on the first connection.
  for (let i = 0; i < 200; i++) await ncs[0].call('echo', payload);
  const s = ncs[0].rtmpSession!;
  const sent0 = s.bytesSent;
  const recv0 = s.bytesReceived;
  for (let i = 0; i < 100; i++) await ncs[0].call('echo', payload);
  const reqBytes = Math.round((s.bytesSent - sent0) / 100);
  const resBytes = Math.round((s.bytesReceived - recv0) / 100);
  let calls = 0;
  const deadline = performance.now() + seconds * 1000;
  const cpu0 = treeCpuSeconds(server.pid);
  const t0 = performance.now();
  await Promise.all(
    ncs.map(async (nc) => {
      while (performance.now() < deadline) {
        await nc.call('echo', payload);
        calls++;
      }
    }),
  );
  const rate = calls / ((performance.now() - t0) / 1000);
  const serverUs = ((treeCpuSeconds(server.pid) - cpu0) * 1e6) / calls;
  await Promise.all(ncs.map((nc) => nc.close()));
  return { rate, reqBytes, resBytes, serverUs };
}

/** The same exchange over raw TCP: write `bytes`, wait for them to come back, repeat. */
async function echoRate(server: BenchServer, connections: number, seconds: number, bytes: number): Promise<{ rate: number; serverUs: number }> {
  const port = server.port;
  const request = Buffer.alloc(bytes, 0x61);
  const sockets = await Promise.all(
    Array.from({ length: connections }, () => new Promise<Socket>((resolve, reject) => {
      const s = netConnect({ port, host: '127.0.0.1', noDelay: true }, () => resolve(s));
      s.once('error', reject);
    })),
  );
  let calls = 0;
  const deadline = performance.now() + seconds * 1000;
  const cpu0 = treeCpuSeconds(server.pid);
  const t0 = performance.now();
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((resolve) => {
          let got = 0;
          s.on('data', (d: Buffer) => {
            got += d.length;
            if (got < bytes) return;
            got -= bytes;
            calls++;
            if (performance.now() < deadline) s.write(request);
            else resolve();
          });
          s.write(request);
        }),
    ),
  );
  const rate = calls / ((performance.now() - t0) / 1000);
  const serverUs = ((treeCpuSeconds(server.pid) - cpu0) * 1e6) / calls;
  for (const s of sockets) s.destroy();
  return { rate, serverUs };
}

/** handshake + connect + createStream + close, `parallel` at a time, for `seconds`; per server CPU-second. */
async function connectionRate(server: BenchServer, app: string, parallel: number, seconds: number): Promise<{ perCpuSecond: number; perSecond: number; failures: number }> {
  const once = async (): Promise<boolean> => {
    const nc = newConnection({ connectTimeoutMs: 10_000 });
    try {
      await nc.connect(`rtmp://127.0.0.1:${server.port}/${app}`);
      await nc.createStream();
      await nc.close();
      return true;
    } catch {
      await nc.close().catch(() => {});
      return false;
    }
  };
  for (let i = 0; i < 50; i++) await once();
  let done = 0;
  let failures = 0;
  const cpu0 = treeCpuSeconds(server.pid);
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < deadline) {
        if (await once()) done++;
        else failures++;
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  await sleep(200); // let the server finish the last closes inside the CPU window
  const cpu = treeCpuSeconds(server.pid) - cpu0;
  return { perCpuSecond: done / cpu, perSecond: done / wall, failures };
}

/** Server RSS growth per idle connection (handshake + connect done), over `count` connections. */
async function idleMemory(server: BenchServer, app: string, count: number, gcHook: boolean): Promise<{ bytesPerConnection: number; connected: number }> {
  const collect = async (): Promise<void> => {
    if (gcHook) process.kill(server.pid, 'SIGUSR2');
    await sleep(gcHook ? 1000 : 2000);
  };
  const warm = newConnection();
  await warm.connect(`rtmp://127.0.0.1:${server.port}/${app}`);
  await collect();
  const before = processRssBytes(server.pid) ?? Number.NaN;
  const ncs: NetConnection[] = [];
  for (let i = 0; i < count; i += 100) {
    const batch = await Promise.allSettled(
      Array.from({ length: Math.min(100, count - i) }, async () => {
        const nc = newConnection({ connectTimeoutMs: 20_000 });
        await nc.connect(`rtmp://127.0.0.1:${server.port}/${app}`);
        return nc;
      }),
    );
    for (const b of batch) if (b.status === 'fulfilled') ncs.push(b.value);
  }
  await collect();
  const after = processRssBytes(server.pid) ?? Number.NaN;
  await Promise.all([warm, ...ncs].map((nc) => nc.close()));
  return { bytesPerConnection: (after - before) / ncs.length, connected: ncs.length };
}

export async function run(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      duration: { type: 'string' },
      idle: { type: 'string' },
      payload: { type: 'string' },
      quick: { type: 'boolean' },
      'no-nginx': { type: 'boolean' },
      tsx: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const seconds = Number(values.duration ?? (values.quick ? 2 : 5));
  const idle = Number(values.idle ?? (values.quick ? 500 : 2000));
  const payload = 'x'.repeat(Number(values.payload ?? 64));
  const rounds = values.quick ? 1 : 3;
  const rows: Row[] = [];

  const entry = values.tsx ? undefined : buildFlashback();
  if (entry !== undefined) client = (await import(pathToFileURL(join(dirname(entry), '../rtmp/client/index.js')).href)) as typeof sourceClient;
  const fb = await startFlashback(entry);
  const echo = await startEcho();
  try {
    for (const n of [1, 100]) {
      // Alternate RPC and echo windows and keep the medians: the machine's load drifts between windows.
      const rpcs: Array<Awaited<ReturnType<typeof rpcRate>>> = [];
      const raws: Array<Awaited<ReturnType<typeof echoRate>>> = [];
      for (let round = 0; round < rounds; round++) {
        const rpc = await rpcRate(fb, n, seconds / rounds, payload);
        rpcs.push(rpc);
        raws.push(await echoRate(echo, n, seconds / rounds, rpc.reqBytes));
      }
      const rate = median(rpcs.map((r) => r.rate));
      const raw = median(raws.map((r) => r.rate));
      const { reqBytes, resBytes } = rpcs[0];
      rows.push({
        metric: `RPC round trips/s, ${n} conn (${reqBytes} B out / ${resBytes} B back)`,
        server: 'flashback',
        value: fmt(rate),
        reference: `${fmt(raw)} (node TCP echo)`,
        ratio: `${fmt((100 * rate) / raw, 0)}%`,
        target: '>= 50%',
      });
      const us = median(rpcs.map((r) => r.serverUs));
      const rawUs = median(raws.map((r) => r.serverUs));
      rows.push({
        metric: `  server CPU per round trip, ${n} conn`,
        server: 'flashback',
        value: `${fmt(us, 1)} µs`,
        reference: `${fmt(rawUs, 1)} µs (node TCP echo)`,
        ratio: `${fmt(us / rawUs, 2)}x`,
        target: '',
      });
    }
  } finally {
    await echo.stop();
  }

  const nginx = values['no-nginx'] ? undefined : nginxUnavailable() === undefined ? await startNginx() : undefined;
  try {
    const fbConn = await connectionRate(fb, 'echo', 32, seconds);
    const ngConn = nginx ? await connectionRate(nginx, 'live', 32, seconds) : undefined;
    rows.push({
      metric: 'connections per server CPU-second (32 parallel)',
      server: 'flashback',
      value: `${fmt(fbConn.perCpuSecond)}${fbConn.failures ? ` (${fbConn.failures} failed)` : ''}`,
      reference: ngConn ? `${fmt(ngConn.perCpuSecond)} (nginx-rtmp)` : '6,700 (nginx-rtmp, issue)',
      ratio: ngConn ? `${fmt(fbConn.perCpuSecond / ngConn.perCpuSecond, 2)}x` : '-',
      target: '>= 3,000',
    });
    // Fresh processes: after the churn above the heap has room to spare and RSS would not grow.
    await fb.stop();
    const fresh = await startFlashback(entry, true);
    const fbMem = await idleMemory(fresh, 'echo', idle, entry !== undefined).finally(() => fresh.stop());
    await nginx?.stop();
    const freshNginx = nginx ? await startNginx() : undefined;
    const ngMem = freshNginx ? await idleMemory(freshNginx, 'live', idle, false).finally(() => freshNginx.stop()) : undefined;
    // V8 keeps the young generation it grew during the connect burst; a smaller semi-space shows the live cost.
    const tuned = await startFlashback(entry, true, ['--max-semi-space-size=2']);
    const fbTuned = await idleMemory(tuned, 'echo', idle, entry !== undefined).finally(() => tuned.stop());
    for (const [label, m] of [['', fbMem], [', node --max-semi-space-size=2', fbTuned]] as const) {
      rows.push({
        metric: `server RSS per idle connection (${m.connected} conns${label})`,
        server: 'flashback',
        value: `${fmt(m.bytesPerConnection / 1024, 1)} KiB`,
        reference: ngMem ? `${fmt(ngMem.bytesPerConnection / 1024, 1)} KiB (nginx-rtmp)` : '12 KiB (nginx-rtmp, issue)',
        ratio: ngMem ? `${fmt(m.bytesPerConnection / ngMem.bytesPerConnection, 2)}x` : '-',
        target: '<= 16 KiB',
      });
    }
  } finally {
    await nginx?.stop();
    await fb.stop();
  }
  console.log(formatTable(['metric', 'server', 'value', 'reference', 'ratio', 'target'], rows.map((r) => [r.metric, r.server, r.value, r.reference, r.ratio, r.target])));
}
