// Summarises a V8 .cpuprofile (from `node --cpu-prof`) as self time per function, hottest first, so profiling
// the codec on the corpus gives a short list instead of a flame graph:
//   node --cpu-prof --cpu-prof-dir=/tmp/amf-prof --import tsx bench/run.ts amf --only ours --rounds 3
//   node --import tsx bench/amf/cpuprofile-summary.ts /tmp/amf-prof/*.cpuprofile [--filter src/amf] [--top 25] [--lines]
// --lines ranks source lines (V8 position ticks) instead of functions. Code run through tsx reports useless line
// numbers; for line-level work profile the codec compiled by tsc (see docs/bench.md).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  positionTicks?: { line: number; ticks: number }[];
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: { filter: { type: 'string' }, top: { type: 'string', default: '25' }, lines: { type: 'boolean', default: false } },
});

const self = new Map<string, number>();
let total = 0;
function shortUrl(url: string): string {
  return url.replace(/^file:\/\/.*?\/(src|bench|node_modules|amf-js)\//, '$1/');
}
for (const file of positionals) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  if (opt.lines) {
    // Ticks, not microseconds: position ticks carry no durations. Shown as a share of all line ticks.
    for (const n of p.nodes) {
      for (const t of n.positionTicks ?? []) {
        const name = `${shortUrl(n.callFrame.url)}:${t.line} ${n.callFrame.functionName || '(anonymous)'}`;
        self.set(name, (self.get(name) ?? 0) + t.ticks);
        total += t.ticks;
      }
    }
    continue;
  }
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  // Self time from samples and their time deltas (hitCount alone ignores sampling-interval jitter).
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]);
    if (!node) continue;
    const us = deltas[i + 1] ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'} ${where}`.trim();
    self.set(name, (self.get(name) ?? 0) + us);
    total += us;
  }
}
const rows = [...self.entries()]
  .filter(([name]) => !opt.filter || name.includes(opt.filter))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(opt.top));
if (opt.lines) {
  console.log(`total ${total} line ticks`);
  for (const [name, ticks] of rows) console.log(`${((100 * ticks) / total).toFixed(1).padStart(5)}%  ${String(ticks).padStart(6)}  ${name}`);
} else {
  console.log(`total sampled ${(total / 1000).toFixed(0)} ms`);
  for (const [name, us] of rows) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`);
  }
}
