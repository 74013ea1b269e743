// Property: AMF3 integers use the U29 form exactly when the value is an integer in [-2^28, 2^28 - 1] (and not -0),
// with the width the spec gives (1–4 bytes); everything else is a double. Both forms decode to the same number.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeAmf3, encodeAmf3, encodeAmf0, decodeAmf0 } from '../../src/amf/index.js';
import { U29_EDGES, numbers } from './property-arbitraries.js';

function u29Width(n: number): number {
  const u = n & 0x1fffffff;
  return u < 0x80 ? 1 : u < 0x4000 ? 2 : u < 0x200000 ? 3 : 4;
}

function isU29Int(n: number): boolean {
  return Number.isInteger(n) && n >= -0x10000000 && n <= 0x0fffffff && !Object.is(n, -0);
}

const anyNumber = fc.oneof(
  numbers,
  fc.integer({ min: -0x10000001, max: 0x10000000 }),
  fc.constantFrom(...U29_EDGES.flatMap((n) => [n - 1, n, n + 1])),
);

describe('AMF3 U29 integers (property)', () => {
  it('picks int (0x04) with the right width or double (0x05), and decodes back to the same number', () => {
    fc.assert(
      fc.property(anyNumber, (n) => {
        const bytes = encodeAmf3(n);
        if (isU29Int(n)) {
          assert.equal(bytes[0], 0x04, `${n} should be an AMF3 int`);
          assert.equal(bytes.length, 1 + u29Width(n), `${n} U29 width`);
        } else {
          assert.equal(bytes[0], 0x05, `${n} should be an AMF3 double`);
          assert.equal(bytes.length, 9);
        }
        assert.ok(Object.is(decodeAmf3(bytes), n), `${n} decoded as ${String(decodeAmf3(bytes))}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('AMF0 numbers are always 9-byte doubles and keep -0 and NaN', () => {
    fc.assert(
      fc.property(anyNumber, (n) => {
        const bytes = encodeAmf0(n);
        assert.equal(bytes.length, 9);
        assert.equal(bytes[0], 0x00);
        assert.ok(Object.is(decodeAmf0(bytes), n));
      }),
      { numRuns: 1000 },
    );
  });
});
