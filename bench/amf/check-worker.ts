// Checks cells one by one in a worker thread, so the main thread can stop a peer whose single encode takes
// minutes (bytearray-node is quadratic on large values) by terminating the worker.
import { parentPort, workerData } from 'node:worker_threads';
import { checkCell, type CellSpec } from './cells.js';

export type WorkerMessage = { kind: 'start'; index: number } | { kind: 'done'; index: number; result: ReturnType<typeof checkCell> };

const specs = (workerData as { specs: CellSpec[] }).specs;
for (let i = 0; i < specs.length; i++) {
  parentPort?.postMessage({ kind: 'start', index: i } satisfies WorkerMessage);
  parentPort?.postMessage({ kind: 'done', index: i, result: checkCell(specs[i]) } satisfies WorkerMessage);
}
