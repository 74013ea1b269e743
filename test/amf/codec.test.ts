// The one-shot functions reuse one reader and one writer per format: these cases pin that reuse never leaks
// options, reference tables or bytes from one call into the next.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Amf3Writer,
  ClassRegistry,
  AmfTypedObject,
  createClassRegistry,
  decodeAmf0,
  decodeAmf3,
  decodeAmf3Sequence,
  encodeAmf0,
  encodeAmf3,
  encodeAmf3Sequence,
} from '../../src/amf/index.js';
import { hex, toHex } from './hex.js';

describe('one-shot codec functions', () => {
  it('apply each call its own options', () => {
    const bad = hex('02 0001 ff');
    assert.throws(() => decodeAmf0(bad, { utf8: 'strict' }), { code: 'AMF_ERR_BAD_UTF8' });
    assert.equal(decodeAmf0(bad), '\ufffd');
    assert.throws(() => decodeAmf0(bad, { utf8: 'strict' }), { code: 'AMF_ERR_BAD_UTF8' });
    const nested = hex('09 03 01 09 03 01 01');
    assert.throws(() => decodeAmf3(nested, { maxDepth: 1 }), { code: 'AMF_ERR_TOO_DEEP' });
    assert.deepEqual(decodeAmf3(nested), [[null]]);
    class P {
      x = 1;
    }
    const registry = new ClassRegistry().registerClass('P', P);
    assert.ok(decodeAmf3(encodeAmf3(new P(), { classRegistry: registry }), { classRegistry: registry }) instanceof P);
    assert.ok(decodeAmf3(encodeAmf3(new P(), { classRegistry: registry })) instanceof AmfTypedObject);
    assert.equal(toHex(encodeAmf3(new P())), '0a0b0103780401' + '01'); // unregistered: anonymous
    assert.equal(toHex(encodeAmf0({ a: 1 }, { amf3: true })), '110a0b0103610401' + '01');
    assert.equal(toHex(encodeAmf0({ a: 1 })), '0300016100' + '3ff0000000000000' + '000009');
  });
  it('start every call with empty reference tables', () => {
    assert.equal(toHex(encodeAmf3('abc')), '0607616263');
    assert.equal(toHex(encodeAmf3('abc')), '0607616263');
    decodeAmf3Sequence(hex('06 07 616263'));
    assert.throws(() => decodeAmf3(hex('06 00')), { code: 'AMF_ERR_BAD_REFERENCE' });
  });
  it('return buffers that later calls never overwrite', () => {
    const a = encodeAmf3Sequence(['first', 1]);
    const copy = Buffer.from(a);
    for (let i = 0; i < 2000; i++) encodeAmf3({ i, s: 'x'.repeat(i % 50) });
    encodeAmf3(new Uint8Array(300_000)); // a large one in between
    for (let i = 0; i < 100; i++) encodeAmf0(['small', i]);
    assert.deepEqual(a, copy);
  });
  it('work when called from inside an externalizable codec (nested calls)', () => {
    class Wrapped {
      constructor(public inner: unknown) {}
    }
    const registry = createClassRegistry().registerExternalizable('W', {
      ctor: Wrapped,
      read: (r) => {
        const bytes = r.readValue() as Buffer;
        return new Wrapped(decodeAmf3(bytes));
      },
      write: (w, v) => {
        w.writeValue(encodeAmf3(v.inner as never));
      },
    });
    const v = new Wrapped({ deep: ['x', 'x'] });
    const back = decodeAmf3(encodeAmf3([v, 'x'], { classRegistry: registry }), { classRegistry: registry }) as [Wrapped, string];
    assert.ok(back[0] instanceof Wrapped);
    assert.deepEqual(back[0].inner, { deep: ['x', 'x'] });
    assert.equal(back[1], 'x');
  });
  it('a writer reused after detach() keeps writing correct messages', () => {
    const w = new Amf3Writer();
    w.writeValue('one');
    const one = w.detach();
    w.resetReferences();
    w.writeValue('two');
    assert.equal(one.toString('latin1'), '\x06\x07one');
    assert.equal(w.toBuffer().toString('latin1'), '\x06\x07two');
    assert.equal(w.length, 5);
  });
});
