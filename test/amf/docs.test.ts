// Runs every ```ts block of docs/amf.md, with `flashback/amf` pointed at src/amf, so the documented examples
// cannot drift from the code. All blocks run in one child process (one tsx start-up), each as its own module.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const root = resolve(new URL('../..', import.meta.url).pathname);
const doc = readFileSync(join(root, 'docs/amf.md'), 'utf8');
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const amfUrl = pathToFileURL(join(root, 'src/amf/index.ts')).href;

describe('docs/amf.md examples', () => {
  it(`all ${blocks.length} ts blocks run`, () => {
    assert.ok(blocks.length >= 3);
    const dir = mkdtempSync(join(tmpdir(), 'amf-doc-'));
    try {
      const files = blocks.map((code, i) => {
        const file = join(dir, `block${i + 1}.mts`);
        writeFileSync(file, code.replaceAll(`'flashback/amf'`, `'${amfUrl}'`));
        return file;
      });
      const runner = join(dir, 'run.mts');
      writeFileSync(
        runner,
        files.map((f, i) => `try { await import(${JSON.stringify(pathToFileURL(f).href)}); } catch (e) { console.error('block ${i + 1}:', e); process.exit(1); }`).join('\n') + '\nexport {};\n',
      );
      execFileSync(process.execPath, ['--import', 'tsx', runner], { cwd: root, stdio: 'pipe', timeout: 60_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
