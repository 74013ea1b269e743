// The layers point one way (README "Layout"): this test reads every import in src/ and fails on an
// import that points up or sideways, and on any import cycle between folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const src = resolve(dirname(new URL(import.meta.url).pathname), '../src');

/** Which of our layers each layer may import (besides itself). */
const allowed: Record<string, readonly string[]> = {
  amf: [],
  media: [],
  remoting: ['amf'],
  rtmp: ['amf'],
  server: ['amf', 'media', 'rtmp'],
  http: ['amf', 'media', 'rtmp', 'remoting', 'server'],
  cli: ['amf', 'media', 'rtmp', 'remoting', 'server', 'http'],
};

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

const importPattern = /(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

test('every import in src/ respects the layer order', () => {
  const violations: string[] = [];
  for (const file of files(src)) {
    const layer = relative(src, file).split('/')[0];
    assert.ok(layer in allowed, `unknown layer folder: ${layer}`);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(importPattern)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) continue;
      const target = relative(src, resolve(dirname(file), spec)).split('/')[0];
      if (target === layer) continue;
      if (!allowed[layer].includes(target)) violations.push(`${relative(src, file)} imports ${spec} (${layer} -> ${target})`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the layer table itself has no cycle', () => {
  const seen = new Set<string>();
  const visit = (layer: string, path: string[]): void => {
    assert.ok(!path.includes(layer), `cycle: ${[...path, layer].join(' -> ')}`);
    if (seen.has(layer)) return;
    for (const dep of allowed[layer]) visit(dep, [...path, layer]);
    seen.add(layer);
  };
  for (const layer of Object.keys(allowed)) visit(layer, []);
});
