// `npm run bench -- remoting [--seconds 1.5] [--rounds 3] [--concurrency 16]`
// Calls/s through the remoting gateway (AMF0 and Flex AMF3 request bytes, single calls and batches of 10)
// against a JSON echo on the same node:http server, in the same run, interleaved rounds, median of rounds.
// The server runs in a child process; besides calls/s (often limited by the load client on 2 cores) the
// table shows calls per server CPU-second, which is the gateway's own cost.
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { freePort, startChild, waitForPort } from '../common/child.js';
import { processCpuSecondsPrecise } from '../common/proc-stat.js';
import { formatTable } from '../common/stats.js';
import {
  AcknowledgeMessage,
  createRemotingClassRegistry,
  decodeEnvelope,
  encodeEnvelope,
  RemotingMessage,
  type RemotingBody,
} from '../../src/remoting/index.js';

/** A typical game/app call argument: a small record with a nested list. */
const ARG = { id: 1234, name: 'player-one', level: 17, score: 98765.5, active: true, tags: ['red', 'fast', 'pro'], pos: { x: 10, y: -3 } };
const registry = createRemotingClassRegistry();

function amfRequest(calls: number, flex: boolean): Buffer {
  const bodies: RemotingBody[] = [];
  for (let i = 1; i <= calls; i++) {
    if (flex) {
      const m = new RemotingMessage();
      Object.assign(m, { destination: 'echo', operation: 'echo', body: [ARG], messageId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`, headers: { DSId: 'BENCH' } });
      bodies.push({ target: 'null', response: `/${i}`, value: [m] });
    } else {
      bodies.push({ target: 'echo.echo', response: `/${i}`, value: [ARG] });
    }
  }
  return encodeEnvelope({ version: flex ? 3 : 0, headers: [], bodies }, { classRegistry: registry });
}

function jsonRequest(calls: number): Buffer {
  return Buffer.from(JSON.stringify(Array.from({ length: calls }, (_, i) => ({ id: `/${i + 1}`, target: 'echo.echo', args: [ARG] }))));
}

interface Case {
  readonly name: string;
  readonly path: string;
  readonly type: string;
  readonly body: Buffer;
  readonly calls: number;
  readonly check: (res: Buffer) => boolean;
}

function checkAmf(calls: number) {
  return (res: Buffer): boolean => {
    const env = decodeEnvelope(res, { classRegistry: registry });
    return env.bodies.length === calls && env.bodies.every((b) => {
      const v = b.value instanceof AcknowledgeMessage ? b.value.body : b.value;
      return b.target.endsWith('/onResult') && JSON.stringify(v) === JSON.stringify(ARG);
    });
  };
}

function checkJson(calls: number) {
  return (res: Buffer): boolean => {
    const out = JSON.parse(res.toString()) as Array<{ result: unknown }>;
    return out.length === calls && out.every((o) => JSON.stringify(o.result) === JSON.stringify(ARG));
  };
}

const CASES: Case[] = [
  { name: 'JSON echo, single', path: '/json', type: 'application/json', body: jsonRequest(1), calls: 1, check: checkJson(1) },
  { name: 'AMF0 gateway, single', path: '/gateway', type: 'application/x-amf', body: amfRequest(1, false), calls: 1, check: checkAmf(1) },
  { name: 'Flex AMF3 gateway, single', path: '/gateway', type: 'application/x-amf', body: amfRequest(1, true), calls: 1, check: checkAmf(1) },
  { name: 'JSON echo, batch of 10', path: '/json', type: 'application/json', body: jsonRequest(10), calls: 10, check: checkJson(10) },
  { name: 'AMF0 gateway, batch of 10', path: '/gateway', type: 'application/x-amf', body: amfRequest(10, false), calls: 10, check: checkAmf(10) },
  { name: 'Flex AMF3 gateway, batch of 10', path: '/gateway', type: 'application/x-amf', body: amfRequest(10, true), calls: 10, check: checkAmf(10) },
];

function post(agent: Agent, port: number, c: Case): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: c.path, method: 'POST', agent, headers: { 'content-type': c.type, 'content-length': String(c.body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

interface Sample {
  callsPerSecond: number;
  callsPerCpuSecond: number;
}

async function measure(agent: Agent, port: number, pid: number, c: Case, seconds: number, concurrency: number): Promise<Sample> {
  const cpu0 = processCpuSecondsPrecise(pid) ?? 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let requests = 0;
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await post(agent, port, c);
      requests++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = (processCpuSecondsPrecise(pid) ?? 0) - cpu0;
  const calls = requests * c.calls;
  return { callsPerSecond: calls / elapsed, callsPerCpuSecond: cpu > 0 ? calls / cpu : Number.NaN };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function arg(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export async function run(args: readonly string[]): Promise<void> {
  const seconds = arg(args, 'seconds', 1.5);
  const rounds = arg(args, 'rounds', 3);
  const concurrency = arg(args, 'concurrency', 16);
  const port = await freePort();
  const child = startChild(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./server.ts', import.meta.url)), String(port)]);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    await waitForPort(port, 15_000, child);
    for (const c of CASES) {
      if (!c.check(await post(agent, port, c))) throw new Error(`${c.name}: wrong answer`);
      await measure(agent, port, child.pid, c, 0.3, concurrency); // warm-up
    }
    const samples = new Map<string, Sample[]>(CASES.map((c) => [c.name, []]));
    for (let r = 0; r < rounds; r++) {
      for (const c of CASES) samples.get(c.name)!.push(await measure(agent, port, child.pid, c, seconds, concurrency));
    }
    const med = (name: string, key: keyof Sample): number => median(samples.get(name)!.map((s) => s[key]));
    const rows = CASES.map((c) => {
      const ref = c.calls === 1 ? 'JSON echo, single' : 'JSON echo, batch of 10';
      const cps = med(c.name, 'callsPerSecond');
      const cpu = med(c.name, 'callsPerCpuSecond');
      return [c.name, String(c.body.length), cps.toFixed(0), (cps / med(ref, 'callsPerSecond')).toFixed(2), cpu.toFixed(0), (cpu / med(ref, 'callsPerCpuSecond')).toFixed(2)];
    });
    console.log(`remoting gateway vs JSON echo on the same node:http server (${rounds} rounds × ${seconds} s, ${concurrency} in flight, median)\n`);
    console.log(formatTable(['case', 'req bytes', 'calls/s', 'vs JSON', 'calls/server-CPU-s', 'vs JSON'], rows));
  } finally {
    agent.destroy();
    await child.stop();
  }
}
