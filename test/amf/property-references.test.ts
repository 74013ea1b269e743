// Property: shared references and cycles survive a round trip with their identity: an object met twice decodes to
// one object, a cycle decodes to a cycle, and no two different objects are merged.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  decodeAmf0,
  decodeAmf0Sequence,
  decodeAmf3,
  decodeAmf3Sequence,
  encodeAmf0,
  encodeAmf0Sequence,
  encodeAmf3,
  encodeAmf3Sequence,
} from '../../src/amf/index.js';
import { firstDifference } from '../../bench/amf/equal.js';
import { sharedGraph } from './property-arbitraries.js';

const RUNS = 200;

describe('AMF references (property)', () => {
  it('AMF0: shared objects and cycles keep their identity', () => {
    fc.assert(
      fc.property(sharedGraph('amf0'), (x) => {
        const diff = firstDifference(x, decodeAmf0(encodeAmf0(x)), { dateIdentity: false });
        assert.equal(diff, undefined, diff);
      }),
      { numRuns: RUNS },
    );
  });

  it('AMF3: shared objects, dates and cycles keep their identity', () => {
    fc.assert(
      fc.property(sharedGraph('amf3'), (x) => {
        const diff = firstDifference(x, decodeAmf3(encodeAmf3(x)), { dateIdentity: true });
        assert.equal(diff, undefined, diff);
      }),
      { numRuns: RUNS },
    );
  });

  it('a sequence (the values of one RTMP message) shares one reference table across its values', () => {
    fc.assert(
      fc.property(sharedGraph('amf3'), fc.nat({ max: 3 }), (x, extra) => {
        // The same graph as several top-level values: later values are references into the first.
        const values = Array.from({ length: 2 + extra }, () => x);
        const d0 = firstDifference(values, decodeAmf0Sequence(encodeAmf0Sequence(values)), { dateIdentity: false });
        assert.equal(d0, undefined, d0);
        const d3 = firstDifference(values, decodeAmf3Sequence(encodeAmf3Sequence(values)), { dateIdentity: true });
        assert.equal(d3, undefined, d3);
      }),
      { numRuns: 100 },
    );
  });

  it('the same object twice decodes to one object (AMF0 and AMF3)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.integer(), { noNullPrototype: true }), (o) => {
        for (const [encode, decode] of [[encodeAmf0, decodeAmf0], [encodeAmf3, decodeAmf3]] as const) {
          const back = decode(encode([o, o, { inner: o }])) as unknown[];
          assert.ok(Array.isArray(back));
          assert.equal(back[0], back[1]);
          assert.equal((back[2] as { inner: unknown }).inner, back[0]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a self-cycle decodes to a self-cycle (AMF0 and AMF3)', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const arr: unknown[] = [1];
    arr.push(arr);
    for (const [encode, decode] of [[encodeAmf0, decodeAmf0], [encodeAmf3, decodeAmf3]] as const) {
      const back = decode(encode(a)) as Record<string, unknown>;
      assert.equal(back.self, back);
      const backArr = decode(encode(arr)) as unknown[];
      assert.equal(backArr[1], backArr);
    }
  });
});
