// Timing harness. Every (case, format, codec, op) is a cell; cells are warmed, calibrated to a batch size that
// takes about sampleMs, then sampled in R interleaved rounds (each round visits every cell in a fresh seeded
// order), so a burst of noise from the shared machine lands on different cells each round. We report the median.

import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A full GC before each sample (outside the timed region), so garbage one codec leaves behind is not collected
 * on another codec's clock. `npm run bench` runs node without --expose-gc, so the flag is set at run time.
 */
function gcFunction(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = vm.runInNewContext('gc');
  return typeof gc === 'function' ? (gc as () => void) : () => undefined;
}
const collect = gcFunction();

export interface Cell {
  readonly label: string;
  readonly fn: () => unknown;
  batch: number;
  readonly opsPerSec: number[];
}

let sink: unknown;
/** Keeps results alive so the JIT cannot drop the work; read once at the end. */
export function consumeSink(): unknown {
  return sink;
}

export type Clock = 'cpu' | 'wall';
let clock: Clock = 'cpu';
/**
 * 'cpu' (the default) times a batch by the process's CPU time (user + system, all its threads, so GC helper
 * threads count): on a shared machine a descheduled process does not look slow. 'wall' uses the monotonic clock.
 */
export function useClock(c: Clock): void {
  clock = c;
}

function timeBatch(fn: () => unknown, n: number): number {
  if (clock === 'cpu') {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) sink = fn();
    const c1 = process.cpuUsage(c0);
    return Math.max(1, c1.user + c1.system) / 1e6;
  }
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink = fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Warm the cell for about sampleMs and pick a batch size that takes about sampleMs. */
export function calibrate(cell: Cell, sampleMs: number): void {
  const target = sampleMs / 1000;
  let n = 1;
  let spent = 0;
  // Bounded: n doubles until a batch reaches the target or the warm-up budget (4 samples) is gone.
  for (let i = 0; i < 40; i++) {
    const t = timeBatch(cell.fn, n);
    spent += t;
    if (t >= target || spent >= target * 4) {
      cell.batch = Math.max(1, Math.round((n * target) / Math.max(t, 1e-9)));
      return;
    }
    n *= 2;
  }
  cell.batch = n;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function runRounds(cells: readonly Cell[], rounds: number, onRound?: (r: number) => void): void {
  for (let r = 0; r < rounds; r++) {
    for (const cell of shuffled(cells, 0x9e3779b9 + r * 7919)) {
      collect();
      const t = timeBatch(cell.fn, cell.batch);
      cell.opsPerSec.push(cell.batch / t);
    }
    onRound?.(r + 1);
  }
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Relative spread of the samples, (p75 - p25) / median: how much to trust a median on a noisy machine. */
export function spread(xs: readonly number[]): number {
  if (xs.length < 2) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.round(p * (s.length - 1)))];
  return (q(0.75) - q(0.25)) / median(xs);
}
