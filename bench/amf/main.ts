// `npm run bench -- amf [--rounds N] [--sample-ms MS] [--case TEXT] [--only CODEC,…] [--limit-ms MS] [--clock cpu|wall] [--quick] [--json FILE]`
// Encodes and decodes the fixed corpus with our codec, the AMF peers and the JSON/v8 baselines in one process.
// First every cell is checked once in a worker thread (output must equal the input; a single op slower than
// --limit-ms is stopped and shown as too slow), then the cells are timed in interleaved rounds and the medians
// and ratios printed. A peer marked ✗ never counts as "best peer".
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { cellFn, cellKey, cellLabel, codecs, corpus, listCells, oursSize, type CellSpec, type CheckResult } from './cells.js';
import type { WorkerMessage } from './check-worker.js';
import { calibrate, consumeSink, median, runRounds, spread, useClock, type Cell } from './measure.js';
import { abbreviate, renderTable, type Result, type Row } from './table.js';

// Worker threads do not inherit the tsx loader that `npm run bench` starts with, so the worker registers it first.
const workerBoot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(
  new URL('./check-worker.ts', import.meta.url).href,
)}); });`;

type Checked = CheckResult | { status: 'slow'; note: string };

/** Checks cells in a worker; a cell still running after limitMs is abandoned (worker terminated and restarted). */
async function checkAll(specs: readonly CellSpec[], limitMs: number, log: (s: string) => void): Promise<Checked[]> {
  const results: Checked[] = [];
  while (results.length < specs.length) {
    const from = results.length;
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(workerBoot, { eval: true, workerData: { specs: specs.slice(from) } });
      let timer: NodeJS.Timeout | undefined;
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        void worker.terminate().then(() => resolve());
      };
      worker.on('message', (m: WorkerMessage) => {
        clearTimeout(timer);
        if (m.kind === 'start') {
          timer = setTimeout(() => {
            results.push({ status: 'slow', note: `one op takes more than ${limitMs} ms; not timed` });
            log(`  ${cellLabel(specs[from + m.index])}: stopped after ${limitMs} ms`);
            finish();
          }, limitMs);
        } else {
          results.push(m.result);
          if (results.length === specs.length) finish();
        }
      });
      worker.on('error', (e) => (finished ? undefined : reject(e)));
      worker.on('exit', () => {
        if (!finished) reject(new Error('check worker exited early'));
      });
    });
  }
  return results;
}

export async function run(args: readonly string[]): Promise<void> {
  const { values: opt } = parseArgs({
    args: [...args],
    options: {
      rounds: { type: 'string', default: '7' },
      'sample-ms': { type: 'string', default: '25' },
      'limit-ms': { type: 'string', default: '1500' },
      case: { type: 'string' },
      only: { type: 'string' },
      clock: { type: 'string', default: 'cpu' },
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  });
  if (opt.quick) {
    // A smoke run (~20 s): fewer, shorter samples; the figures are rough.
    opt.rounds = '3';
    opt['sample-ms'] = '8';
    opt['limit-ms'] = '400';
  }
  if (opt.clock !== 'cpu' && opt.clock !== 'wall') throw new Error('--clock is cpu or wall');
  useClock(opt.clock);
  const rounds = Math.max(1, Number(opt.rounds));
  const sampleMs = Math.max(1, Number(opt['sample-ms']));
  const limitMs = Math.max(10, Number(opt['limit-ms']));
  const only = opt.only?.split(',');
  const chosen = codecs.filter((c) => c.kind === 'ours' || !only || only.includes(c.name));
  const cases = corpus().filter((c) => !opt.case || c.name.includes(opt.case));
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const started = Date.now();
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;

  const specs = listCells(cases, chosen);
  log(`checking ${specs.length} cells…`);
  const checked = await checkAll(specs, limitMs, log);
  const status = new Map<string, Checked>();
  specs.forEach((s, i) => status.set(cellKey(s), checked[i]));

  const timed = new Map<string, Cell>();
  specs.forEach((s, i) => {
    const r = checked[i];
    if (r.status === 'ok' || r.status === 'wrong') timed.set(cellKey(s), { label: cellLabel(s), fn: cellFn(s), batch: 1, opsPerSec: [] });
  });
  const cells = [...timed.values()];
  log(`checked in ${elapsed()}; calibrating ${cells.length} cells…`);
  for (const cell of cells) calibrate(cell, sampleMs);
  log(`calibrated at ${elapsed()}`);
  runRounds(cells, rounds, (r) => log(`round ${r}/${rounds} at ${elapsed()}`));
  void consumeSink();

  const rows: Row[] = [];
  for (const c of cases) {
    for (const format of c.formats) {
      for (const op of ['encode', 'decode'] as const) {
        const results = new Map<string, Result>();
        for (const codec of chosen) {
          const spec: CellSpec = { caseName: c.name, format: codec.kind === 'baseline' ? 'any' : format, codec: codec.name, op };
          const st = status.get(cellKey(spec));
          if (st === undefined) continue;
          const cell = timed.get(cellKey(spec));
          results.set(codec.name, {
            opsPerSec: cell ? median(cell.opsPerSec) : Number.NaN,
            spread: cell ? spread(cell.opsPerSec) : Number.NaN,
            ok: st.status === 'ok',
            mark: st.status === 'slow' ? 'slow' : st.status === 'ok' ? 'ok' : 'wrong',
          });
        }
        rows.push({ caseName: c.name, format, op, bytes: oursSize(c.name, format), results });
      }
    }
  }

  const peers = chosen.filter((c) => c.kind === 'peer').map((c) => c.name);
  const ours = chosen.find((c) => c.kind === 'ours')?.name ?? 'ours';
  console.log(`AMF benchmark: node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, ` +
    `median of ${rounds} interleaved rounds of ~${sampleMs} ms samples (${opt.clock} time), ${elapsed()} in all`);
  console.log('ops/s per codec, one op = the whole case. ✗ = output not equal to input (or throws), ' +
    `⏱ = one op over ${limitMs} ms (not timed), — = not supported.`);
  console.log(`± = interquartile spread of our samples. Ratios: our ops/s over JSON's, v8's, and the fastest peer whose output is correct.`);
  console.log(`Peers: ${peers.map((p) => `${abbreviate(p)} = ${p}`).join(', ')}\n`);
  console.log(renderTable(rows, ours, peers, ['JSON', 'v8']));
  const notes = specs
    .map((s, i) => [s, checked[i]] as const)
    .filter(([, r]) => r.status !== 'ok')
    .map(([s, r]) => `  ${r.status === 'slow' ? '⏱' : '✗'} ${cellLabel(s)}: ${'note' in r ? r.note : ''}`);
  if (notes.length > 0) console.log(`\nNot correct or not timed:\n${notes.join('\n')}`);
  if (opt.json) {
    // Machine-readable results for tracking over time: one entry per row, each codec's median ops/s and status.
    const out = {
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      clock: opt.clock,
      rounds,
      sampleMs,
      rows: rows.map((r) => ({
        case: r.caseName,
        format: r.format,
        op: r.op,
        bytes: r.bytes,
        results: Object.fromEntries([...r.results].map(([name, x]) => [name, { opsPerSec: Number.isFinite(x.opsPerSec) ? x.opsPerSec : null, status: x.mark, spread: Number.isFinite(x.spread) ? x.spread : null }])),
      })),
      notes: notes.map((n) => n.trim()),
    };
    writeFileSync(opt.json, `${JSON.stringify(out, null, 2)}\n`);
    log(`wrote ${opt.json}`);
  }
}
