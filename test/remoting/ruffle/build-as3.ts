// Compiles the AS3 probes (test/fixtures/flash/as3/*.hx) with Debian's haxe into SWFs at test time, so
// no binary is committed. Haxe 4.2 targets AVM2 with -swf; -swf-version 10 is a Flash Player 10 movie,
// which Ruffle runs as AS3.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const sourceDir = fileURLToPath(new URL('../../fixtures/flash/as3/', import.meta.url));

/** The probe main classes in test/fixtures/flash/as3. */
export type As3Probe = 'RemotingProbe' | 'FlexProbe' | 'FlexCallProbe';

export async function buildAs3Probe(outDir: string, main: As3Probe): Promise<Buffer> {
  const out = join(outDir, `${main}.swf`);
  await run('haxe', ['-cp', sourceDir, '-main', main, '-swf', out, '-swf-version', '10'], { timeout: 60_000 });
  return readFile(out);
}
