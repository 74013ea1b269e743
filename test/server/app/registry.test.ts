// Instance lifetime: one onAppStart per instance, onAppStop when the last reference goes, and a client joining
// while another leaves never lands in a stopped instance.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationRegistry } from '../../../src/server/app/registry.js';
import { defineApplication } from '../../../src/server/application.js';
import { silentLogger } from '../../../src/server/logger.js';

function counting() {
  const log: string[] = [];
  const app = defineApplication({
    name: 'room',
    onAppStart: (i) => void log.push(`start ${i.name}`),
    onAppStop: (i) => void log.push(`stop ${i.name}`),
  });
  const registry = new ApplicationRegistry('/media', silentLogger);
  registry.register(app);
  return { app, registry, log };
}

describe('application registry: instances', () => {
  it('keeps the instance for a client that joins while the last one leaves', async () => {
    const { app, registry, log } = counting();
    const first = await registry.acquire(app, 'a');
    const joining = registry.acquire(app, 'a'); // still waiting on the (finished) start
    registry.release(first);
    const second = await joining;
    assert.equal(second, first);
    assert.deepEqual(log, ['start a']);
    assert.deepEqual(registry.stats()[0].instances, [{ name: 'a', clients: 0 }]);
    registry.release(second);
    assert.deepEqual(log, ['start a', 'stop a']);
    assert.deepEqual(registry.stats()[0].instances, []);
  });

  it('starts a fresh instance after the last release', async () => {
    const { app, registry, log } = counting();
    const one = await registry.acquire(app, 'a');
    registry.release(one);
    const two = await registry.acquire(app, 'a');
    assert.notEqual(two, one);
    assert.deepEqual(log, ['start a', 'stop a', 'start a']);
  });

  it('gives a failed start no reference and retries it', async () => {
    let attempts = 0;
    const app = defineApplication({ name: 'flaky', onAppStart: async () => { if (++attempts === 1) throw new Error('down'); } });
    const registry = new ApplicationRegistry('/media', silentLogger);
    registry.register(app);
    const [a, b] = await Promise.allSettled([registry.acquire(app, 'x'), registry.acquire(app, 'x')]);
    assert.equal(a.status, 'rejected');
    assert.equal(b.status, 'rejected');
    const inst = await registry.acquire(app, 'x');
    assert.equal(inst.refs, 1);
    assert.equal(attempts, 2);
  });
});
