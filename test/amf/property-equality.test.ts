// The property tests and the benchmark judge "decoded equals original" with firstDifference; these cases pin what
// it must catch, so a round-trip property can actually fail.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AmfEcmaArray } from '../../src/amf/index.js';
import { firstDifference } from '../../bench/amf/equal.js';

class Item {
  n = 1;
}

describe('firstDifference (the equality the AMF properties use)', () => {
  it('tells -0 from 0 and treats NaN as equal to NaN', () => {
    assert.match(firstDifference(-0, 0) ?? '', /-0 decoded as 0/);
    assert.equal(firstDifference(Number.NaN, Number.NaN), undefined);
  });

  it('compares dates by time and rejects a date decoded as a number', () => {
    assert.equal(firstDifference(new Date(5), new Date(5)), undefined);
    assert.match(firstDifference(new Date(5), new Date(6)) ?? '', /date 5 decoded as 6/);
    assert.match(firstDifference({ d: new Date(5) }, { d: 5 }) ?? '', /\$\.d: Date decoded as 5/);
  });

  it('compares byte arrays by content and class', () => {
    assert.equal(firstDifference(Buffer.from([1, 2]), Buffer.from([1, 2])), undefined);
    assert.match(firstDifference(Buffer.from([1, 2]), Buffer.from([1, 3])) ?? '', /byte content/);
    assert.ok(firstDifference(Buffer.from([1]), new Uint8Array([1])));
  });

  it('requires the same prototype (a typed object decoded as a plain one is wrong)', () => {
    assert.match(firstDifference([new Item()], [{ n: 1 }]) ?? '', /object Item decoded as object/);
  });

  it('finds missing and extra keys', () => {
    assert.match(firstDifference({ a: 1, b: 2 }, { a: 1 }) ?? '', /2 keys decoded as 1/);
    assert.match(firstDifference({ a: 1 }, { b: 1 }) ?? '', /\$\.a: missing/);
  });

  it('catches a shared object decoded as two copies, and two objects merged into one', () => {
    const shared = { x: 1 };
    assert.match(firstDifference([shared, shared], [{ x: 1 }, { x: 1 }]) ?? '', /shared reference decoded as a copy/);
    const one = { x: 1 };
    assert.match(firstDifference([{ x: 1 }, { x: 1 }], [one, one]) ?? '', /distinct objects decoded as one/);
  });

  it('follows cycles without looping and checks they stay cycles', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    const b: Record<string, unknown> = {};
    b.self = b;
    assert.equal(firstDifference(a, b), undefined);
    const c: Record<string, unknown> = { self: { self: {} } };
    assert.ok(firstDifference(a, c));
  });

  it('checks date identity only when asked (AMF0 writes dates by value)', () => {
    const d = new Date(1);
    assert.ok(firstDifference([d, d], [new Date(1), new Date(1)], { dateIdentity: true }));
    assert.equal(firstDifference([d, d], [new Date(1), new Date(1)], { dateIdentity: false }), undefined);
  });

  it('accepts a dense ECMA array for an Array only with ecmaArrayAsArray', () => {
    const ecma = Object.assign(new AmfEcmaArray(), { 0: 'a', 1: 'b' });
    assert.ok(firstDifference(['a', 'b'], ecma));
    assert.equal(firstDifference(['a', 'b'], ecma, { ecmaArrayAsArray: true }), undefined);
    const sparse = Object.assign(new AmfEcmaArray(), { 0: 'a', x: 'b' });
    assert.ok(firstDifference(['a', 'b'], sparse, { ecmaArrayAsArray: true }));
  });

  it('compares Map entries in order', () => {
    assert.equal(firstDifference(new Map([[1, 'a']]), new Map([[1, 'a']])), undefined);
    assert.ok(firstDifference(new Map([[1, 'a']]), new Map([[1, 'b']])));
    assert.ok(firstDifference(new Map([[1, 'a']]), new Map([[2, 'a']])));
  });

  it('stops at maxDepth instead of overflowing the stack', () => {
    let deep: unknown = 1;
    let deep2: unknown = 1;
    for (let i = 0; i < 10_000; i++) {
      deep = [deep];
      deep2 = [deep2];
    }
    assert.match(firstDifference(deep, deep2, { maxDepth: 100 }) ?? '', /deeper than 100/);
  });
});
