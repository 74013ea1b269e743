// Timing harness. Every (case, format, codec, op) is a cell; cells are warmed, calibrated to a batch size that
// takes about sampleMs, then sampled in R interleaved rounds (each round visits every cell in a fresh seeded
// order), so a burst of noise from the shared machine lands on different cells each round. We report the median.

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

function timeBatch(fn: () => unknown, n: number): number {
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
