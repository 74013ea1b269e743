// Prints results as a fixed-width text table: ops/s per codec (✗ = output not equal to the input, — = not
// supported), our MB/s, and the three ratios the issue asks for.

export interface Result {
  opsPerSec: number;
  ok: boolean;
  mark: 'ok' | 'wrong' | 'slow';
  /** (p75 - p25) / median of the samples. */
  spread: number;
}

export interface Row {
  caseName: string;
  format: string;
  op: 'encode' | 'decode';
  /** Size of our encoding, for MB/s. */
  bytes: number;
  results: ReadonlyMap<string, Result>;
}

export function formatRate(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  if (x >= 10) return x.toFixed(0);
  return x.toFixed(2);
}

function ratio(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '—';
  return `${(a / b).toFixed(2)}x`;
}

function cell(r: Result | undefined): string {
  if (r === undefined) return '—';
  if (r.mark === 'slow') return '⏱';
  return `${formatRate(r.opsPerSec)}${r.mark === 'ok' ? '' : ' ✗'}`;
}

export function renderTable(rows: readonly Row[], ours: string, peers: readonly string[], baselines: readonly string[]): string {
  const header = ['case', 'fmt', 'op', 'size', `${ours} ops/s`, '±', 'MB/s', ...baselines, ...peers.map(abbreviate), `/${baselines[0]}`, `/${baselines[1]}`, '/best peer'];
  const lines: string[][] = [header];
  for (const row of rows) {
    const o = row.results.get(ours);
    const oursRate = o?.opsPerSec ?? Number.NaN;
    let best = Number.NaN;
    let bestName = '';
    for (const p of peers) {
      const r = row.results.get(p);
      if (r?.ok && !(r.opsPerSec <= best)) {
        best = r.opsPerSec;
        bestName = p;
      }
    }
    lines.push([
      row.caseName,
      row.format,
      row.op,
      row.bytes >= 1024 ? `${(row.bytes / 1024).toFixed(1)}K` : `${row.bytes}B`,
      cell(o),
      o && Number.isFinite(o.spread) ? `${Math.round(o.spread * 100)}%` : '',
      ((oursRate * row.bytes) / 1e6).toFixed(1),
      ...baselines.map((b) => cell(row.results.get(b))),
      ...peers.map((p) => cell(row.results.get(p))),
      ratio(oursRate, row.results.get(baselines[0])?.opsPerSec ?? Number.NaN),
      ratio(oursRate, row.results.get(baselines[1])?.opsPerSec ?? Number.NaN),
      bestName ? `${ratio(oursRate, best)} ${abbreviate(bestName)}` : '— (none correct)',
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => [...l[i]].length)));
  return lines
    .map((l, li) => {
      const text = l.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
      return li === 0 ? `${text}\n${'-'.repeat([...text].length)}` : text;
    })
    .join('\n');
}

export function abbreviate(name: string): string {
  return name === 'node-media-server' ? 'nms' : name === 'bytearray-node' ? 'bytearray' : name;
}
