// Property: independent decoders read our bytes as the value we wrote. Round trips alone cannot catch a mistake
// made the same way in our writer and our reader (a swapped U29 byte, a wrong trait layout); a decoder written by
// someone else can. Peers: `amf` (TooTallNate/node-amf, AMF0 reader) and amf3-ts (the AMF3 reader inside
// bytearray-node), both devDependencies, on the value shapes each of them reads correctly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { encodeAmf0, encodeAmf3 } from '../../src/amf/index.js';
import { firstDifference } from '../../bench/amf/equal.js';
import { keys, numbers, strings } from './property-arbitraries.js';

const require = createRequire(import.meta.url);
const amfRead = (require('amf') as { read: (b: Buffer, info: { offset: number }) => unknown }).read;
const amf3ts = (require('amf3-ts') as { AMF3: { parse: (b: Uint8Array) => [number, unknown] } }).AMF3;

/** Plain data without sharing: what every AMF reader has to get right. */
function plainData(leaf: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('v'), { maxLength: 4 }),
      fc
        .uniqueArray(fc.tuple(keys.filter((k) => k !== '__proto__'), tie('v')), { maxLength: 4, selector: (e) => e[0] })
        .map((entries) => Object.fromEntries(entries)),
    ),
  })).v;
}

const dates = fc.date({ noInvalidDate: true });

describe('independent decoders read our bytes (differential property)', () => {
  it('AMF0: node-amf reads encodeAmf0(x) as x', () => {
    fc.assert(
      fc.property(plainData(fc.oneof(numbers, strings, fc.boolean(), fc.constant(null), dates)), (x) => {
        const bytes = encodeAmf0(x as never);
        const info = { offset: 0 };
        const back = amfRead(bytes, info);
        assert.equal(info.offset, bytes.length, 'node-amf did not consume every byte');
        const diff = firstDifference(x, back, { dateIdentity: false });
        assert.equal(diff, undefined, `${diff} in ${bytes.toString('hex').slice(0, 120)}`);
      }),
      { numRuns: 300, includeErrorInReport: true },
    );
  });

  it('AMF3: amf3-ts reads encodeAmf3(x) as x', () => {
    // No null leaves: amf3-ts leaves a hole where an array element is null (its quirk, not a wire difference).
    fc.assert(
      fc.property(plainData(fc.oneof(numbers, strings, fc.boolean(), dates)), (x) => {
        const bytes = encodeAmf3(x as never);
        const [used, back] = amf3ts.parse(bytes);
        assert.equal(used, bytes.length, 'amf3-ts did not consume every byte');
        const diff = firstDifference(x, back, { dateIdentity: false });
        assert.equal(diff, undefined, `${diff} in ${bytes.toString('hex').slice(0, 120)}`);
      }),
      { numRuns: 300, includeErrorInReport: true },
    );
  });
});
