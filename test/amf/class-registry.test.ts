// The class registry: per-instance aliases, the frozen default with the flex collections, and the instance
// factory used when decoding.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArrayCollection,
  ClassRegistry,
  createClassRegistry,
  decodeAmf3,
  defaultClassRegistry,
  encodeAmf3,
} from '../../src/amf/index.js';

describe('ClassRegistry', () => {
  it('the default registry knows the flex collections and is frozen', () => {
    assert.deepEqual(defaultClassRegistry.aliases().sort(), [
      'flex.messaging.io.ArrayCollection',
      'flex.messaging.io.ArrayList',
      'flex.messaging.io.ObjectProxy',
    ]);
    assert.ok(defaultClassRegistry.isFrozen);
    assert.throws(() => defaultClassRegistry.registerClass('X', class {}), TypeError);
    const mine = defaultClassRegistry.clone().registerClass('X', class {});
    assert.ok(mine.has('X') && !defaultClassRegistry.has('X'));
  });
  it('registries are independent of each other', () => {
    class A {}
    const r1 = createClassRegistry().registerClass('A', A);
    const r2 = createClassRegistry();
    const bytes = encodeAmf3(new A(), { classRegistry: r1 });
    assert.ok(decodeAmf3(bytes, { classRegistry: r1 }) instanceof A);
    assert.ok(!(decodeAmf3(bytes, { classRegistry: r2 }) instanceof A));
  });
  it('decoding does not run the constructor unless create says so', () => {
    let runs = 0;
    class C {
      v = 0;
      constructor() {
        runs++;
      }
    }
    const plain = new ClassRegistry().registerClass('C', C);
    const bytes = encodeAmf3(Object.assign(new C(), { v: 5 }), { classRegistry: plain });
    runs = 0;
    const a = decodeAmf3(bytes, { classRegistry: plain }) as C;
    assert.equal(runs, 0);
    assert.ok(a instanceof C);
    assert.equal(a.v, 5);
    const withCtor = new ClassRegistry().registerClass('C', C, { create: () => new C() });
    decodeAmf3(bytes, { classRegistry: withCtor });
    assert.equal(runs, 1);
  });
  it('re-registering an alias replaces it; unregister removes it', () => {
    class A {}
    class B {}
    const r = new ClassRegistry().registerClass('T', A).registerClass('T', B);
    assert.ok(decodeAmf3(encodeAmf3(new B(), { classRegistry: r }), { classRegistry: r }) instanceof B);
    // A is no longer mapped: its instances encode as anonymous objects.
    assert.equal(encodeAmf3(new A(), { classRegistry: r }).toString('hex'), '0a0b0101');
    assert.ok(r.unregister('T'));
    assert.ok(!r.has('T'));
    assert.ok(!r.unregister('T'));
  });
  it('an externalizable codec without ctor only decodes', () => {
    const r = createClassRegistry().registerExternalizable('Point', {
      read: (rd) => ({ x: rd.readDouble(), y: rd.readDouble() }),
      write: () => assert.fail('never called'),
    });
    const bytes = Buffer.from('0a07' + '0b' + Buffer.from('Point').toString('hex') + '3ff0000000000000' + '4000000000000000', 'hex');
    assert.deepEqual(decodeAmf3(bytes, { classRegistry: r }), { x: 1, y: 2 });
  });
  it('flex collections round-trip with the default registry', () => {
    const back = decodeAmf3(encodeAmf3(new ArrayCollection([{ a: 1 }, 'b'])));
    assert.ok(back instanceof ArrayCollection);
    assert.deepEqual(back.source, [{ a: 1 }, 'b']);
  });
});
