// Runs every ```ts block of docs/amf.md, with `flashback/amf` pointed at src/amf, so the documented examples
// cannot drift from the code. Each block runs in its own process (they are short).
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
  it('has examples', () => assert.ok(blocks.length >= 3));
  blocks.forEach((code, i) => {
    it(`block ${i + 1} runs`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'amf-doc-'));
      try {
        const file = join(dir, `block${i + 1}.ts`);
        writeFileSync(file, code.replaceAll(`'flashback/amf'`, `'${amfUrl}'`));
        execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: root, stdio: 'pipe', timeout: 30_000 });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
