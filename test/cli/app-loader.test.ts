import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppLoadError, listAppModules, loadAppModule } from '../../src/cli/app-loader.js';

describe('cli app-loader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fb-apps-'));
  writeFileSync(join(dir, 'chat.mjs'), "export default { name: 'chat', methods: { hello: (c, n) => 'hi ' + n } };\n");
  writeFileSync(join(dir, 'factory.js'), "export default (ctx) => [{ name: 'f1', opt: ctx.options.x }, { name: 'f2' }];\n");
  writeFileSync(join(dir, 'typed.ts'), "const n: number = 2;\nexport const application = { name: 'typed' + n };\n");
  writeFileSync(join(dir, 'types.d.ts'), 'export {};\n');
  writeFileSync(join(dir, '.hidden.js'), 'throw new Error("must not load");\n');
  writeFileSync(join(dir, 'README.md'), '# not a module\n');
  writeFileSync(join(dir, 'bad.cjs'), 'module.exports = { nope: true };\n');
  mkdirSync(join(dir, 'sub.js'));
  mkdirSync(join(dir, 'fmslike'));
  writeFileSync(join(dir, 'fmslike', 'main.mjs'), "export default { name: 'fmslike' };\n");
  writeFileSync(join(dir, 'fmslike', 'helper.mjs'), 'throw new Error("not an entry point");\n');
  mkdirSync(join(dir, 'empty'));

  it('lists module files only, sorted', () => {
    assert.deepEqual(
      listAppModules(dir).map((p) => p.slice(dir.length + 1)),
      ['bad.cjs', 'chat.mjs', 'factory.js', 'fmslike/main.mjs', 'typed.ts'],
    );
  });

  it('loads an object, a factory with options, and a TypeScript module', async () => {
    const ctx = { options: { x: 7 }, mediaDir: '/m' };
    const [chat] = await loadAppModule(join(dir, 'chat.mjs'), ctx);
    assert.equal(chat.name, 'chat');
    const fs = await loadAppModule(join(dir, 'factory.js'), ctx);
    assert.deepEqual(fs.map((a) => [a.name, (a as unknown as { opt?: number }).opt]), [['f1', 7], ['f2', undefined]]);
    const [typed] = await loadAppModule(join(dir, 'typed.ts'), ctx);
    assert.equal(typed.name, 'typed2');
  });

  it('refuses modules that export no application, and missing folders', async () => {
    await assert.rejects(loadAppModule(join(dir, 'bad.cjs'), { options: {}, mediaDir: '/m' }), (e: unknown) => e instanceof AppLoadError && e.code === 'CLI_ERR_APP_LOAD');
    await assert.rejects(loadAppModule(join(dir, 'missing.js'), { options: {}, mediaDir: '/m' }), AppLoadError);
    assert.throws(() => listAppModules(join(dir, 'nope')), AppLoadError);
  });
});
