// Compiles the AS3 probe (test/fixtures/flash/as3/RemotingProbe.hx) with Debian's haxe into a SWF at
// test time, so no binary is committed. Haxe 4.2 targets AVM2 with -swf; -swf-version 10 is a Flash
// Player 10 movie, which Ruffle runs as AS3.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const sourceDir = fileURLToPath(new URL('../../fixtures/flash/as3/', import.meta.url));

export async function buildAs3Probe(outDir: string): Promise<Buffer> {
  const out = join(outDir, 'as3-probe.swf');
  await run('haxe', ['-cp', sourceDir, '-main', 'RemotingProbe', '-swf', out, '-swf-version', '10'], {
    timeout: 60_000,
  });
  return readFile(out);
}
