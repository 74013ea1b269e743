// `npm run bench -- <name> [args…]`: runs bench/<name>/main.ts, whose `run(args)` does the work.
// Entries are found on disk, so adding bench/<name>/main.ts is all it takes to add a benchmark.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchEntry {
  run(args: readonly string[]): Promise<void>;
}

const benchDir = fileURLToPath(new URL('.', import.meta.url));

function available(): string[] {
  return readdirSync(benchDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(benchDir, d.name, 'main.ts')))
    .map((d) => d.name)
    .sort();
}

function isEntry(mod: unknown): mod is BenchEntry {
  return typeof mod === 'object' && mod !== null && typeof (mod as { run?: unknown }).run === 'function';
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const names = available();
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(`usage: npm run bench -- <name> [options]\navailable: ${names.join(', ') || '(none)'}`);
    return name === undefined ? 1 : 0;
  }
  if (!names.includes(name)) {
    console.error(`unknown benchmark "${name}"; available: ${names.join(', ')}`);
    return 1;
  }
  const mod: unknown = await import(pathToFileURL(join(benchDir, name, 'main.ts')).href);
  if (!isEntry(mod)) {
    console.error(`bench/${name}/main.ts does not export run(args)`);
    return 1;
  }
  await mod.run(rest);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
