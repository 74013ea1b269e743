// Measures how a server's CPU per second falls after players join (V8 JIT warm-up): one run with no warm-up
// and a long window, the server's CPU sampled every few seconds. Used to pick main.ts's default --warmup.
//   node --import tsx bench/live/warmup-curve.ts [--servers flashback,bare-node] [--players 50] [--seconds 60] [--step 5]
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadavg } from 'node:os';
import { runLoad, DEFAULT_LOAD } from './load-client.js';
import { startServer, type ServerName } from './servers.js';
import { treeCpuSeconds } from '../common/proc-stat.js';

const { values } = parseArgs({
  options: {
    servers: { type: 'string', default: 'flashback,bare-node' },
    players: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    step: { type: 'string', default: '5' },
  },
});
const seconds = Number(values.seconds);
const step = Number(values.step);
for (const name of values.servers.split(',') as ServerName[]) {
  const server = await startServer(name);
  let done = false;
  const samples: { t: number; cpu: number }[] = [];
  const sampler = (async () => {
    // Players join after the load client's idle period; sampling starts with the window (warm-up 0).
    await sleep(DEFAULT_LOAD.idleMs + 1500);
    const t0 = performance.now();
    samples.push({ t: 0, cpu: treeCpuSeconds(server.pid) });
    while (!done) {
      await sleep(step * 1000);
      samples.push({ t: (performance.now() - t0) / 1000, cpu: treeCpuSeconds(server.pid) });
    }
  })();
  try {
    const r = await runLoad({
      ...DEFAULT_LOAD,
      target: { host: '127.0.0.1', port: server.port, app: server.app },
      players: Number(values.players),
      warmupMs: 0,
      durationMs: seconds * 1000,
      serverPid: server.pid,
    });
    done = true;
    await sampler;
    const rate = r.bytes / r.windowSeconds / 1e9; // GB/s delivered
    const line = [];
    for (let i = 1; i < samples.length && samples[i].t <= seconds; i++) {
      const cps = (samples[i].cpu - samples[i - 1].cpu) / (samples[i].t - samples[i - 1].t);
      line.push(`${Math.round(samples[i].t)}s:${(cps / rate).toFixed(2)}`);
    }
    console.log(`${name} ${values.players} players, CPU-s/GB per ${step} s: ${line.join(' ')}  (whole window ${r.cpuSecondsPerGB.toFixed(2)}, load ${loadavg()[0].toFixed(1)})`);
  } finally {
    done = true;
    await server.stop();
  }
}
