// Property: decode(encode(x)) equals x, for every AMF value shape the codec claims, in AMF0 and AMF3.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeAmf0, decodeAmf3, encodeAmf0, encodeAmf3 } from '../../src/amf/index.js';
import { firstDifference } from '../../bench/amf/equal.js';
import { amfValue, pointRegistry, strings } from './property-arbitraries.js';

const registry = pointRegistry();
const options = { classRegistry: registry };
const RUNS = 300;

function assertSame(expected: unknown, actual: unknown, dateIdentity: boolean): void {
  const diff = firstDifference(expected, actual, { dateIdentity });
  assert.equal(diff, undefined, diff);
}

describe('AMF round trip (property)', () => {
  it('AMF0: decodeAmf0(encodeAmf0(x)) equals x', () => {
    fc.assert(
      fc.property(amfValue('amf0'), (x) => {
        assertSame(x, decodeAmf0(encodeAmf0(x, options), options), false);
      }),
      { numRuns: RUNS },
    );
  });

  it('AMF0 with the AMF3 switch (objectEncoding 3): objects travel after 0x11 and still equal x', () => {
    fc.assert(
      fc.property(amfValue('amf3'), (x) => {
        assertSame(x, decodeAmf0(encodeAmf0(x, { ...options, amf3: true }), options), true);
      }),
      { numRuns: RUNS },
    );
  });

  it('AMF0 without the switch option: AMF3-only values inside AMF0 data (ByteArray, Vector, Dictionary) round-trip', () => {
    fc.assert(
      fc.property(amfValue('amf0-mixed'), (x) => {
        assertSame(x, decodeAmf0(encodeAmf0(x, options), options), false);
      }),
      { numRuns: RUNS },
    );
  });

  it('AMF3: decodeAmf3(encodeAmf3(x)) equals x', () => {
    fc.assert(
      fc.property(amfValue('amf3'), (x) => {
        assertSame(x, decodeAmf3(encodeAmf3(x, options), options), true);
      }),
      { numRuns: RUNS },
    );
  });

  it('AMF3: repeated strings and traits (reference tables) still equal x', () => {
    // Many objects with the same keys and values exercise the string and trait tables, not only the first use.
    fc.assert(
      fc.property(fc.array(strings, { minLength: 1, maxLength: 4 }), fc.nat({ max: 30 }), (words, n) => {
        const rows = Array.from({ length: n }, (_, i) => ({ [words[i % words.length] || 'k']: words[(i + 1) % words.length], n: i }));
        assertSame(rows, decodeAmf3(encodeAmf3(rows)), true);
      }),
      { numRuns: 100 },
    );
  });

  it('AMF0: strings above 65535 UTF-8 bytes (long string 0x0C) round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'é', '東', '🎮'), (extra, ch) => {
        const s = ch.repeat(Math.ceil(65536 / Buffer.byteLength(ch)) + extra);
        assert.equal(decodeAmf0(encodeAmf0(s)), s);
        assertSame({ s }, decodeAmf0(encodeAmf0({ s })), false);
      }),
      { numRuns: 8 },
    );
  });
});
