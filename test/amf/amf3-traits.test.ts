// AMF3 trait tables (specification 3.12) must not share state with arrays handed to user code: a member list
// changed by a caller (an externalizable's read, a later edit of a decoded object) can never change how a later
// trait reference in the message is read, nor which trait-table entry the writer picks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Amf3Writer, AmfTypedObject, createClassRegistry, decodeAmf3, encodeAmf3, type AmfValue } from '../../src/amf/index.js';

class Wrapper {
  constructor(public inner: AmfValue) {}
}

describe('AMF3 reader: decoded traits', () => {
  it('a member list changed by an externalizable mid-message does not change a later trait reference', () => {
    let attempt: unknown = null;
    const registry = createClassRegistry().registerExternalizable('W', {
      ctor: Wrapper,
      write: (w, v) => void w.writeValue(v.inner),
      read: (r) => {
        const inner = r.readValue() as AmfTypedObject;
        try {
          (inner.sealedMembers as string[]).reverse(); // a hostile or careless hook
        } catch (err) {
          attempt = err;
        }
        return new Wrapper(inner);
      },
    });
    const a = new AmfTypedObject('T', { x: 1, y: 2 }, ['x', 'y'], false);
    const b = new AmfTypedObject('T', { x: 3, y: 4 }, ['x', 'y'], false);
    const bytes = encodeAmf3([new Wrapper(a), b], { classRegistry: registry });
    assert.ok(bytes.includes(Buffer.from('0a05', 'hex')), 'b is written with a trait reference');
    const [w, b2] = decodeAmf3(bytes, { classRegistry: registry }) as [Wrapper, AmfTypedObject];
    assert.deepEqual((w.inner as AmfTypedObject).properties, { x: 1, y: 2 });
    assert.deepEqual([b2.sealedMembers, b2.properties], [['x', 'y'], { x: 3, y: 4 }]);
    assert.ok(attempt instanceof TypeError, 'decoded member lists are frozen');
  });

  it('objects decoded with one trait share a frozen member list; replacing it on one leaves the others alone', () => {
    const t = (n: number) => new AmfTypedObject('T', { v: n }, ['v'], true);
    const [p, q] = decodeAmf3(encodeAmf3([t(1), t(2)])) as AmfTypedObject[];
    assert.ok(Object.isFrozen(p.sealedMembers));
    p.properties.w = 5;
    p.sealedMembers = [...p.sealedMembers!, 'w'];
    assert.deepEqual(q.sealedMembers, ['v']);
    const again = decodeAmf3(encodeAmf3([p, q])) as AmfTypedObject[];
    assert.deepEqual(again.map((o) => [o.sealedMembers, o.properties]), [[['v', 'w'], { v: 1, w: 5 }], [['v'], { v: 2 }]]);
  });
});

describe('AMF3 writer: trait keys of typed objects', () => {
  it('a member list edited in place between messages gets a fresh trait key', () => {
    const w = new Amf3Writer();
    const sealed = ['a', 'b'];
    w.writeValue(new AmfTypedObject('T', { a: 1, b: 2 }, sealed, false));
    w.clear();
    w.resetReferences();
    sealed.reverse(); // now ['b', 'a']
    w.writeValue([new AmfTypedObject('T', { a: 1, b: 2 }, sealed, false), new AmfTypedObject('T', { a: 3, b: 4 }, ['a', 'b'], false)]);
    const [first, second] = decodeAmf3(w.toBuffer()) as AmfTypedObject[];
    assert.deepEqual([first.sealedMembers, first.properties], [['b', 'a'], { a: 1, b: 2 }]);
    assert.deepEqual([second.sealedMembers, second.properties], [['a', 'b'], { a: 3, b: 4 }]);
  });

  it('a member list edited by a getter mid-message gets a fresh trait key', () => {
    const sealed = ['a', 'b'];
    const props = {
      get a(): number {
        sealed.reverse();
        return 1;
      },
      b: 2,
    };
    const first = new AmfTypedObject('T', props as unknown as { a: number; b: number }, sealed, false);
    const second = new AmfTypedObject('T', { a: 3, b: 4 }, sealed, false);
    const [x, y] = decodeAmf3(encodeAmf3([first, second])) as AmfTypedObject[];
    assert.deepEqual([x.sealedMembers, x.properties], [['a', 'b'], { a: 1, b: 2 }]);
    assert.deepEqual([y.sealedMembers, y.properties], [['b', 'a'], { a: 3, b: 4 }]);
  });
});
