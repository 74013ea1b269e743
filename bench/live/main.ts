// `npm run bench -- live [options]`: the live fan-out benchmark. Starts each server on loopback, runs
// one ~2 Mbit/s publisher and N players against it, then a slow-player case, and prints one table
// with ratios against nginx-rtmp. See docs/bench-live.md.
import { parseArgs } from 'node:util';
import { writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { summarise } from './profile-summary.js';
import { availableParallelism } from 'node:os';
import { runLoad, DEFAULT_LOAD, type LoadResult } from './load-client.js';
import { FANOUT_ONLY, SERVER_NAMES, startServer, unavailable, type ServerName } from './servers.js';
import { formatTable } from '../common/stats.js';

interface Row {
  readonly server: ServerName;
  /** Run under node --cpu-prof: its CPU figures include the profiler's cost. */
  readonly profiled?: boolean;
  readonly kind: 'fanout' | 'slow';
  /** The repeat with the lowest CPU-s/GB (other work on the machine only ever adds CPU time). */
  readonly result?: LoadResult;
  /** Every repeat, in run order. */
  readonly results?: readonly LoadResult[];
  readonly error?: string;
}

function bestByCpu(results: readonly LoadResult[]): LoadResult {
  return [...results].sort((a, b) => a.cpuSecondsPerGB - b.cpuSecondsPerGB)[0];
}

/**
 * Seconds of play before the fan-out window. A Node server's CPU per frame falls for tens of seconds while V8
 * optimises its hot path; see docs/bench-live.md for the measurement behind this default.
 */
const DEFAULT_WARMUP_S = 20;
const QUICK_WARMUP_S = 5;

const USAGE = `usage: npm run bench -- live [options]
  --servers a,b,c     servers to run (default ${SERVER_NAMES.join(',')})
  --players 50,200,500  player counts (default 50,200,500)
  --duration S        measurement window per run, seconds (default 20)
  --warmup S          all players playing this long before the window, seconds (default ${DEFAULT_WARMUP_S}; lets V8's JIT settle)
  --stalled N         stalled players in the slow-player case (default 10; 0 skips the case)
  --healthy N         healthy players in the slow-player case (default 50)
  --repeat N          run every case N times, interleaved; the table shows the run with the lowest CPU-s/GB
  --quick             players 50,500, 5 s warm-up, 5 s windows: ~4 min (~2 min with --stalled 0)
  --profile DIR       write a V8 CPU profile of the Flashback server into DIR (node --cpu-prof)
  --node-flags="F"    extra node flags for the Flashback server (e.g. --node-flags="--max-semi-space-size=2")
  --json FILE         also write every raw result as JSON
  --keep              keep the servers' temp folders (configs and logs)`;

const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '-');
const f2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '-');
const ratio = (a: number, b: number | undefined): string =>
  b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : '-';

function fanoutTable(rows: readonly Row[]): string {
  const nginx = new Map<number, LoadResult>();
  const bare = new Map<number, LoadResult>();
  for (const r of rows) {
    if (r.kind !== 'fanout' || r.result === undefined) continue;
    if (r.server === 'nginx-rtmp') nginx.set(r.result.players, r.result);
    if (r.server === 'bare-node') bare.set(r.result.players, r.result);
  }
  const header = [
    'server', 'players', 'GB', 'CPU-s/GB', 'vs nginx', 'vs bare', 'kernel', 'reads/s', 'lost/expected frames', 'lat p50', 'lat p99', 'vs nginx',
    '1st key p50', '1st key max', 'KiB/player', 'client CPU', 'client lag p99', 'load avg',
  ];
  const body = rows
    .filter((r) => r.kind === 'fanout')
    .sort((a, b) => a.server.localeCompare(b.server))
    .map((r) => {
      const x = r.result;
      if (x === undefined) return [r.server, '', `error: ${r.error ?? '?'}`];
      const n = nginx.get(x.players);
      const name = r.profiled === true ? `${r.server} (profiled*)` : r.server;
      const all = r.results ?? [x];
      const lostAll = all.reduce((s, y) => s + y.frames.lost, 0);
      const expectedAll = all.reduce((s, y) => s + y.frames.expected, 0);
      const hit = Math.max(...all.map((y) => y.playersWithLoss));
      const noMedia = Math.max(...all.map((y) => y.playersWithoutMedia));
      const told = Math.max(...all.map((y) => y.playersToldInsufficientBw));
      const lossNote =
        (hit > 0 ? ` (${hit} pl.)` : '') + (told > 0 ? ` (${told} InsufficientBW)` : '') + (noMedia > 0 ? ` (${noMedia} got none)` : '');
      const cpus = all.map((y) => y.cpuSecondsPerGB);
      const range = all.length > 1 ? ` [${f2(Math.min(...cpus))}-${f2(Math.max(...cpus))}]` : '';
      return [
        name,
        x.joined === x.players ? String(x.players) : `${x.joined}/${x.players}`,
        f2(x.bytes / 1e9),
        `${f2(x.cpuSecondsPerGB)}${range}`,
        ratio(x.cpuSecondsPerGB, n?.cpuSecondsPerGB),
        ratio(x.cpuSecondsPerGB, bare.get(x.players)?.cpuSecondsPerGB),
        `${Math.round(100 * x.serverSystemShare)}%`,
        f1(x.readsPerPlayerSecond),
        `${lostAll}/${expectedAll}${lossNote}`,
        `${f1(x.latencyMs.p50)} ms`,
        `${f1(x.latencyMs.p99)} ms`,
        ratio(x.latencyMs.p99, n?.latencyMs.p99),
        `${Math.round(x.firstKeyframeMs.p50)} ms`,
        `${Math.round(x.firstKeyframeMs.max)} ms`,
        f1(x.rssPerPlayerBytes / 1024),
        `${Math.round((100 * x.clientCpuSeconds) / x.windowSeconds)}%`,
        `${f1(x.clientLoopDelayP99Ms)} ms`,
        f1(x.loadAverage),
      ];
    });
  return formatTable(header, body);
}

function slowTable(rows: readonly Row[]): string {
  const header = [
    'server', 'healthy', 'stalled', 'healthy lost/expected', 'queues full after', 'kernel queue/stalled', 'RSS growth',
    'per stalled player', 'stalled cut off', 'lat p99',
  ];
  const body = rows
    .filter((r) => r.kind === 'slow')
    .map((r) => {
      const x = r.result;
      if (x === undefined) return [r.server, '', `error: ${r.error ?? '?'}`];
      const g = x.rssGrowthBytesPerSecond / 1024;
      const all = r.results ?? [x];
      return [
        r.server,
        String(x.players),
        String(x.stalled),
        `${all.reduce((s, y) => s + y.frames.lost, 0)}/${all.reduce((s, y) => s + y.frames.expected, 0)}`,
        `${f1(x.stallFillSeconds)} s`,
        `${f1(x.kernelQueuedPerStalled / 1048576)} MiB`,
        `${f1(g)} KiB/s`,
        `${f1(g / Math.max(1, x.stalled))} KiB/s`,
        `${x.stalledDisconnected}/${x.stalled}`,
        `${f1(x.latencyMs.p99)} ms`,
      ];
    });
  return formatTable(header, body);
}

/** Flashback against the issue's targets, one line per target. */
function verdicts(rows: readonly Row[]): string[] {
  const of = (server: ServerName, players: number): LoadResult | undefined =>
    rows.find((r) => r.kind === 'fanout' && r.server === server && r.result?.players === players)?.result;
  const out: string[] = [];
  const mark = (ok: boolean, text: string): void => void out.push(`${ok ? 'PASS' : 'FAIL'}  ${text}`);
  for (const r of rows) {
    if (r.server !== 'flashback' || r.kind !== 'fanout' || r.result === undefined) continue;
    const x = r.result;
    const n = of('nginx-rtmp', x.players);
    const limit = x.players >= 200 ? 0.6 : 1;
    if (n !== undefined) {
      mark(x.cpuSecondsPerGB <= limit * n.cpuSecondsPerGB, `${x.players} players: CPU-s/GB ${f2(x.cpuSecondsPerGB)} <= ${limit} x nginx-rtmp ${f2(n.cpuSecondsPerGB)}`);
      mark(x.latencyMs.p99 <= n.latencyMs.p99, `${x.players} players: latency p99 ${f1(x.latencyMs.p99)} ms <= nginx-rtmp ${f1(n.latencyMs.p99)} ms`);
    }
    const all = r.results ?? [x];
    const lostAll = all.reduce((s, y) => s + y.frames.lost, 0);
    const noMedia = all.reduce((s, y) => s + y.playersWithoutMedia, 0);
    mark(lostAll === 0 && noMedia === 0, `${x.players} players: no frame lost (${lostAll} of ${all.reduce((s, y) => s + y.frames.expected, 0)})`);
    mark(x.firstKeyframeMs.max < 100, `${x.players} players: first keyframe < 100 ms (max ${Math.round(x.firstKeyframeMs.max)} ms)`);
    mark(x.rssPerPlayerBytes <= 32 * 1024, `${x.players} players: memory per player ${f1(x.rssPerPlayerBytes / 1024)} KiB <= 32 KiB`);
  }
  // How far Flashback is from what Node can do at all here, and how far that floor is from nginx-rtmp.
  for (const r of rows) {
    if (r.server !== 'flashback' || r.kind !== 'fanout' || r.result === undefined) continue;
    const x = r.result;
    const bare = of('bare-node', x.players);
    if (bare === undefined) continue;
    const n = of('nginx-rtmp', x.players);
    const floorVsNginx = n === undefined ? '' : `; bare-node / nginx-rtmp ${f2(bare.cpuSecondsPerGB)} / ${f2(n.cpuSecondsPerGB)} = ${ratio(bare.cpuSecondsPerGB, n.cpuSecondsPerGB)}`;
    out.push(
      `INFO  ${x.players} players: overhead over the bare Node floor: flashback / bare-node ${f2(x.cpuSecondsPerGB)} / ` +
        `${f2(bare.cpuSecondsPerGB)} CPU-s/GB = ${ratio(x.cpuSecondsPerGB, bare.cpuSecondsPerGB)}${floorVsNginx}`,
    );
  }
  const slow = rows.find((r) => r.kind === 'slow' && r.server === 'flashback')?.result;
  if (slow !== undefined) {
    mark(slow.frames.lost === 0, `slow players: healthy players lost ${slow.frames.lost} frames`);
    // Flat: the server keeps less than a quarter of the stream's rate (~250 KB/s) in all, once the kernel
    // queues are full; a server that buffers for stalled players grows at least at the stream's rate.
    // A server that closed every stalled connection keeps nothing for them, whatever its heap does meanwhile.
    const g = slow.rssGrowthBytesPerSecond;
    const cut = slow.stalledDisconnected === slow.stalled;
    mark(
      cut || g < 64 * 1024,
      `slow players: ${cut ? 'all stalled players cut off' : 'RSS growth'} (${f1(g / 1024)} KiB/s with ${slow.stalled} stalled; < 64 KiB/s counts as flat)`,
    );
  }
  return out;
}

export async function run(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      servers: { type: 'string' },
      players: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      stalled: { type: 'string' },
      healthy: { type: 'string' },
      quick: { type: 'boolean', default: false },
      repeat: { type: 'string', default: '1' },
      profile: { type: 'string' },
      'node-flags': { type: 'string' },
      json: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const quick = values.quick === true;
  const servers = (values.servers ?? SERVER_NAMES.join(',')).split(',') as ServerName[];
  for (const s of servers) if (!SERVER_NAMES.includes(s)) throw new Error(`unknown server ${s}; known: ${SERVER_NAMES.join(', ')}`);
  // --players 0 runs only the slow-player case.
  const counts = (values.players ?? (quick ? '50,500' : '50,200,500')).split(',').map(Number).filter((n) => n > 0);
  const durationMs = Number(values.duration ?? (quick ? 5 : 20)) * 1000;
  const stalled = Number(values.stalled ?? 10);
  const healthy = Number(values.healthy ?? 50);
  const warmupMs = Number(values.warmup ?? (quick ? QUICK_WARMUP_S : DEFAULT_WARMUP_S)) * 1000;
  if (!Number.isFinite(warmupMs) || warmupMs < 0) throw new Error(`bad --warmup ${values.warmup}`);
  const base = quick ? { ...DEFAULT_LOAD, idleMs: 2200, drainMs: 1000 } : DEFAULT_LOAD;
  if (values.profile !== undefined) mkdirSync(values.profile, { recursive: true });

  console.log(
    `live fan-out: ${servers.join(', ')}; players ${counts.join(', ')}; ${warmupMs / 1000} s warm-up, ${durationMs / 1000} s windows; ` +
      `slow case ${healthy} healthy + ${stalled} stalled; ${availableParallelism()} CPUs`,
  );
  const rows: Row[] = [];
  const profiles: { label: string; dir: string; pid: number; window: readonly [number, number] }[] = [];
  const runs: { server: ServerName; kind: Row['kind']; players: number; stalled: number }[] = [];
  // Servers take turns at each player count, so each comparison runs under similar machine load.
  for (const n of counts) for (const server of servers) runs.push({ server, kind: 'fanout', players: n, stalled: 0 });
  if (stalled > 0) for (const server of servers) if (!FANOUT_ONLY.has(server)) runs.push({ server, kind: 'slow', players: healthy, stalled });
  const repeat = Math.max(1, Number(values.repeat));
  const collected = new Map<string, { run: (typeof runs)[number]; results: LoadResult[]; error?: string; profiled: boolean }>();
  for (let round = 0; round < repeat; round++) {
    for (const r of runs) {
      const key = `${r.server}/${r.kind}/${r.players}`;
      const slot = collected.get(key) ?? { run: r, results: [], profiled: false };
      collected.set(key, slot);
      const why = unavailable(r.server);
      if (why !== undefined) {
        slot.error = `skipped: ${why}`;
        if (round === 0) console.log(`${r.server}: skipped (${why})`);
        continue;
      }
      const label = `${r.server} ${r.kind} ${r.players}${r.stalled > 0 ? `+${r.stalled} stalled` : ''}${repeat > 1 ? ` #${round + 1}` : ''}`;
      process.stdout.write(`${label} … `);
      const profile = r.server === 'flashback' && values.profile !== undefined ? values.profile : undefined;
      let server;
      try {
        server = await startServer(r.server, {
          cpuProfileDir: profile,
          keepDir: values.keep,
          nodeFlags: values['node-flags']?.split(' ').filter((f) => f !== ''),
        });
      } catch (e) {
        slot.error = (e as Error).message;
        console.log((e as Error).message);
        continue;
      }
      try {
        const result = await runLoad({
          ...base,
          target: { host: '127.0.0.1', port: server.port, app: server.app },
          players: r.players,
          stalled: r.stalled,
          durationMs,
          // The slow case's window waits for the stalled players' kernel queues to fill (~20 s of play) anyway.
          warmupMs: r.kind === 'fanout' ? warmupMs : base.warmupMs,
          serverPid: server.pid,
        });
        slot.results.push(result);
        slot.profiled ||= profile !== undefined;
        if (profile !== undefined) profiles.push({ label, dir: profile, pid: server.pid, window: result.windowMonotonicUs });
        console.log(
          `${f2(result.cpuSecondsPerGB)} CPU-s/GB, lost ${result.frames.lost}, p99 ${f1(result.latencyMs.p99)} ms` +
            (result.joinErrors.length > 0 ? `, join errors: ${result.joinErrors.join('; ')}` : ''),
        );
      } catch (e) {
        slot.error = (e as Error).message;
        console.log(`error: ${(e as Error).message}`);
      } finally {
        await server.stop();
      }
    }
  }
  for (const { run: r, results, error, profiled } of collected.values()) {
    if (results.length === 0) rows.push({ server: r.server, kind: r.kind, error: error ?? 'no result' });
    else rows.push({ server: r.server, kind: r.kind, result: bestByCpu(results), results, profiled });
  }
  console.log(
    '\nFan-out: one publisher (~2 Mbit/s, 25 fps H.264 + AAC), N players; ratios vs nginx-rtmp and vs bare-node (the bare Node fan-out floor) at the same N',
  );
  console.log(fanoutTable(rows));
  if (stalled > 0) {
    console.log(
      `\nSlow players: ${stalled} players stop reading while ${healthy} keep playing; the window starts once the kernel ` +
        'send queues towards the stalled players are full',
    );
    console.log(slowTable(rows));
  }
  if (profiles.length > 0) {
    console.log('\n* profiled: node --cpu-prof costs the server CPU and latency; run without --profile for the comparison.');
  }
  const v = verdicts(rows.filter((r) => r.profiled !== true));
  if (v.length > 0) console.log(`\nFlashback against the issue's targets:\n${v.join('\n')}`);
  console.log(
    '\nCPU-s/GB: server utime+stime (process and children, /proc) per GB received by healthy players; kernel: the share of it in system time. ' +
      'vs bare: ratio to bare-node, a bare Node fan-out (bench/live/bare-fanout.mjs), the floor for a Node server here. ' +
      'Repeats: each row is the run with the lowest CPU-s/GB, [range] over all runs. lost/expected: over all repeats; (N pl.) players with a loss in the worst repeat. reads/s: socket reads per player per second (≈ server writes). lat: publish-to-arrival of frames sent after play. 1st key: play sent to first complete keyframe. ' +
      'KiB/player: (lowest RSS loaded − lowest RSS with publisher only) / players. client CPU: the load client itself, % of one core; client lag: its event-loop delay p99. load avg: the machine\'s 1-min load average at the end of the window (other work on the machine makes latencies noisy).',
  );
  for (const p of profiles) {
    // node --cpu-prof names files CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main one.
    const file = readdirSync(p.dir).find((f) => f.includes(`.${p.pid}.0.`) && f.endsWith('.cpuprofile'));
    if (file === undefined) continue;
    console.log(`\nFlashback hot spots, ${p.label}, main thread during the window (${join(p.dir, file)}):`);
    console.log(summarise(join(p.dir, file), 15, p.window));
  }
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(rows, null, 2));
}
