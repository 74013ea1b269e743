// Summarises a V8 .cpuprofile (from `npm run bench -- live --profile DIR`): self time per function,
// heaviest first, idle excluded from the percentages.
// Usage: node --import tsx bench/live/profile-summary.ts FILE.cpuprofile [--top 25]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { formatTable } from '../common/stats.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
export interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface HotSpot {
  readonly name: string;
  readonly location: string;
  readonly selfMs: number;
  readonly share: number;
}

function where(cf: CallFrame): string {
  if (cf.url === '') return '';
  const path = cf.url.startsWith('file://') ? relative(repoRoot, fileURLToPath(cf.url)) : cf.url;
  return `${path}:${cf.lineNumber + 1}`;
}

/** Self time per function; with `range` (CLOCK_MONOTONIC µs, as in the profile) only samples inside it. */
export function hotSpots(profile: CpuProfile, range?: readonly [number, number]): { spots: HotSpot[]; busyMs: number; idleMs: number } {
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) byId.set(n.id, n);
  const self = new Map<string, { name: string; location: string; us: number }>();
  let idle = 0, busy = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (range !== undefined && (t < range[0] || t > range[1])) continue;
    const node = byId.get(profile.samples[i]);
    // timeDeltas[i] is the time before sample i; attribute the next delta to this sample.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (node === undefined) continue;
    const cf = node.callFrame;
    if (cf.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    busy += dt;
    const location = where(cf);
    const key = `${cf.functionName}@${location}`;
    const e = self.get(key) ?? { name: cf.functionName || '(anonymous)', location, us: 0 };
    e.us += dt;
    self.set(key, e);
  }
  const spots = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .map((e) => ({ name: e.name, location: e.location, selfMs: e.us / 1000, share: busy > 0 ? e.us / busy : 0 }));
  return { spots, busyMs: busy / 1000, idleMs: idle / 1000 };
}

/** The hot-spot table of a profile file, optionally cut to a window. */
export function summarise(file: string, top: number, range?: readonly [number, number]): string {
  const { spots, busyMs, idleMs } = hotSpots(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, range);
  const table = formatTable(
    ['self %', 'self ms', 'function', 'where'],
    spots.slice(0, top).map((s) => [`${(100 * s.share).toFixed(1)}%`, s.selfMs.toFixed(0), s.name, s.location]),
  );
  return `busy ${busyMs.toFixed(0)} ms, idle ${idleMs.toFixed(0)} ms\n${table}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' }, from: { type: 'string' }, to: { type: 'string' } },
  });
  const file = positionals[0];
  if (file === undefined) throw new Error('usage: profile-summary.ts FILE.cpuprofile [--top N] [--from US --to US]');
  const range: [number, number] | undefined =
    values.from !== undefined && values.to !== undefined ? [Number(values.from), Number(values.to)] : undefined;
  console.log(summarise(file, Number(values.top), range));
}
