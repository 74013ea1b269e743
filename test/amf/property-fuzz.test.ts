// Property: decoding any bytes (random, or a valid encoding with bytes flipped, cut or inserted) either returns a
// value or throws AmfDecodeError with a stable code and an in-range offset. Never a RangeError or TypeError, never
// a stack overflow, never a hang: each input is tiny and runs are bounded.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AmfDecodeError, AmfEncodeError, AmfTruncatedError, decodeAmf0, decodeAmf3, encodeAmf0, encodeAmf3 } from '../../src/amf/index.js';
import { amfValue, pointRegistry } from './property-arbitraries.js';

const registry = pointRegistry();
type Decode = (bytes: Uint8Array) => unknown;
const decoders: Record<'amf0' | 'amf3', Decode> = {
  amf0: (b) => decodeAmf0(b, { classRegistry: registry }),
  amf3: (b) => decodeAmf3(b, { classRegistry: registry }),
};

function decodesOrThrowsAmfError(decode: Decode, bytes: Uint8Array): void {
  try {
    decode(bytes);
  } catch (e) {
    if (!(e instanceof AmfDecodeError)) {
      assert.fail(`threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} on ${Buffer.from(bytes).toString('hex')}`);
    }
    assert.match(e.code, /^AMF_ERR_[A-Z0-9_]+$/);
    assert.ok(e.offset >= 0 && e.offset <= bytes.length, `offset ${e.offset} outside 0..${bytes.length}`);
  }
}

/** Byte-level damage to a valid encoding: overwrite, cut short, or splice in random bytes. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), byte: fc.constant(0) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
);
type Mutation = { kind: 'set' | 'cut' | 'insert'; at: number; byte: number };

function mutate(bytes: Uint8Array, ms: readonly Mutation[]): Uint8Array {
  let b = Buffer.from(bytes);
  for (const m of ms) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    if (m.kind === 'set') b[at] = m.byte;
    else if (m.kind === 'cut') b = b.subarray(0, at);
    else b = Buffer.concat([b.subarray(0, at), Buffer.from([m.byte]), b.subarray(at)]);
  }
  return b;
}

describe('AMF decoders on hostile bytes (property)', () => {
  for (const format of ['amf0', 'amf3'] as const) {
    it(`${format}: random bytes give a value or an AmfDecodeError`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 48 }), (bytes) => decodesOrThrowsAmfError(decoders[format], bytes)),
        { numRuns: 3000 },
      );
    });

    it(`${format}: damaged valid encodings give a value or an AmfDecodeError`, () => {
      const encode = format === 'amf0' ? encodeAmf0 : encodeAmf3;
      fc.assert(
        fc.property(amfValue(format), fc.array(mutation, { minLength: 1, maxLength: 4 }), (x, ms) => {
          decodesOrThrowsAmfError(decoders[format], mutate(encode(x, { classRegistry: registry }), ms));
        }),
        { numRuns: 1500 },
      );
    });
  }

  for (const format of ['amf0', 'amf3'] as const) {
    it(`${format}: every strict prefix of a valid encoding is AmfTruncatedError (a streaming caller waits for more)`, () => {
      const encode = format === 'amf0' ? encodeAmf0 : encodeAmf3;
      fc.assert(
        fc.property(amfValue(format), fc.nat(), (x, cutSeed) => {
          const bytes = encode(x, { classRegistry: registry });
          if (bytes.length < 2) return;
          const cut = 1 + (cutSeed % (bytes.length - 1)); // 1 .. length-1
          assert.throws(
            () => decoders[format](bytes.subarray(0, cut)),
            (e: unknown) => e instanceof AmfTruncatedError && e.code === 'AMF_ERR_TRUNCATED',
            `prefix ${cut}/${bytes.length} of ${bytes.toString('hex').slice(0, 80)}`,
          );
        }),
        { numRuns: 800 },
      );
    });
  }

  it('amf0: bytes after the 0x11 AVM+ switch are decoded as AMF3 and held to the same rule', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => decodesOrThrowsAmfError(decoders.amf0, Buffer.concat([Buffer.from([0x11]), bytes]))),
      { numRuns: 2000 },
    );
  });

  it('nesting far past maxDepth throws AMF_ERR_TOO_DEEP, not a stack overflow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 300, max: 20_000 }), fc.constantFrom('amf0', 'amf3'), (depth, format) => {
        // AMF0: strict array of one element (0a 00000001); AMF3: array of one dense element (09 03 01).
        const open = format === 'amf0' ? [0x0a, 0, 0, 0, 1] : [0x09, 0x03, 0x01];
        const bytes = Buffer.alloc(open.length * depth + 1, 0);
        for (let i = 0; i < depth; i++) bytes.set(open, i * open.length);
        bytes[bytes.length - 1] = format === 'amf0' ? 0x05 : 0x01; // innermost value: null
        assert.throws(() => decoders[format](bytes), (e: unknown) => e instanceof AmfDecodeError && e.code === 'AMF_ERR_TOO_DEEP');
      }),
      { numRuns: 20 },
    );
  });

  it('encoding a value nested past maxDepth throws AmfEncodeError AMF_ERR_TOO_DEEP, not a stack overflow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 300, max: 20_000 }), fc.boolean(), (depth, useArrays) => {
        let v: unknown = 1;
        for (let i = 0; i < depth; i++) v = useArrays ? [v] : { v };
        for (const encode of [encodeAmf0, encodeAmf3]) {
          assert.throws(() => encode(v as never), (e: unknown) => e instanceof AmfEncodeError && e.code === 'AMF_ERR_TOO_DEEP');
        }
      }),
      { numRuns: 20 },
    );
  });

  it('a declared length or count past the input is rejected without allocating it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1 << 20, max: 0xffffffff }), fc.uint8Array({ maxLength: 16 }), (n, tail) => {
        const be32 = Buffer.alloc(4);
        be32.writeUInt32BE(n);
        const u29 = Buffer.from([0xbf, 0xff, 0xff, 0xff]); // the largest U29 (0x1fffffff): length 2^28 - 1, inline
        const cases: [Decode, Buffer][] = [
          [decoders.amf0, Buffer.concat([Buffer.from([0x0c]), be32, tail])], // long string
          [decoders.amf0, Buffer.concat([Buffer.from([0x0a]), be32, tail])], // strict array count
          [decoders.amf0, Buffer.concat([Buffer.from([0x0f]), be32, tail])], // XML document
          [decoders.amf3, Buffer.concat([Buffer.from([0x0c]), u29, tail])], // ByteArray
          [decoders.amf3, Buffer.concat([Buffer.from([0x09]), u29, Buffer.from([0x01]), tail])], // dense array
          [decoders.amf3, Buffer.concat([Buffer.from([0x06]), u29, tail])], // string
        ];
        const before = process.memoryUsage().arrayBuffers;
        for (const [decode, bytes] of cases) {
          assert.throws(() => decode(bytes), (e: unknown) => e instanceof AmfDecodeError);
        }
        assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024, 'allocated a declared length');
      }),
      { numRuns: 50 },
    );
  });
});
