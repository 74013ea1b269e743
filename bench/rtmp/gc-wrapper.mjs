// Runs a built Flashback entry point with a GC hook for the memory measurement: SIGUSR2 runs a full garbage
// collection (node --expose-gc), so "memory per idle connection" counts live data, not garbage not yet collected.
// Usage: node --expose-gc bench/rtmp/gc-wrapper.mjs <dist/cli/main.js> [flashback flags…]
import { pathToFileURL } from 'node:url';

process.on('SIGUSR2', () => globalThis.gc?.());
const [entry] = process.argv.splice(2, 1);
await import(pathToFileURL(entry).href);
