import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeScriptData, EcmaArray, encodeScriptData, MediaError, readLeadingName } from '../../../src/media/index.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('script data', () => {
  it('encodes onMetaData as string + ECMA array with count and end marker', () => {
    const b = encodeScriptData(['onMetaData', new EcmaArray({ w: 1 })]);
    assert.deepEqual(b, hex('02000a 6f6e4d65746144617461 08 00000001 0001 77 00 3ff0000000000000 000009'));
  });
  it('round-trips numbers, booleans, strings, null, nested objects and strict arrays', () => {
    const value = { a: 1.5, b: true, c: 'x', d: null, e: { f: [1, 2, 'three'] } };
    const [name, back] = decodeScriptData(encodeScriptData(['n', value]));
    assert.equal(name, 'n');
    assert.equal(JSON.stringify(back), JSON.stringify(value));
    assert.equal(Object.getPrototypeOf(back), null);
  });
  it('decodes a Date ignoring its timezone field', () => {
    // 1e12 ms as a big-endian double, then a timezone of -60 minutes that the value ignores.
    const [d] = decodeScriptData(hex('0b 426d1a94a2000000 ffc4'));
    assert.ok(d instanceof Date);
    assert.equal(d.getTime(), 1e12);
  });
  it('rejects a __proto__ key', () => {
    const b = hex('03 0009 5f5f70726f746f5f5f 00 0000000000000000 000009');
    assert.throws(() => decodeScriptData(b), (e: MediaError) => e.code === 'MEDIA_ERR_FORBIDDEN_KEY');
  });
  it('rejects nesting deeper than the limit without overflowing the stack', () => {
    const deep = Buffer.concat([Buffer.alloc(100_000, 0x0a).map((_, i) => (i % 5 === 0 ? 0x0a : i % 5 === 4 ? 1 : 0))]);
    assert.throws(() => decodeScriptData(deep), (e: MediaError) => e.code === 'MEDIA_ERR_TOO_DEEP');
    assert.throws(() => decodeScriptData(hex('03 0001 61 03 0001 61 05 000009 000009'), { maxDepth: 1 }), (e: MediaError) => e.code === 'MEDIA_ERR_TOO_DEEP');
  });
  it('refuses a strict array whose count exceeds the bytes left (no huge allocation)', () => {
    assert.throws(() => decodeScriptData(hex('0a ffffffff 05')), (e: MediaError) => e.code === 'MEDIA_ERR_TRUNCATED');
  });
  it('reports truncation with the offset', () => {
    assert.throws(() => decodeScriptData(hex('00 3ff0')), (e: MediaError) => e.code === 'MEDIA_ERR_TRUNCATED' && e.offset === 1);
  });
  it('rejects references and movie clips', () => {
    assert.throws(() => decodeScriptData(hex('07 0000')), (e: MediaError) => e.code === 'MEDIA_ERR_BAD_SCRIPT_DATA');
  });
  it('bounds the number of values (maxValues)', () => {
    const b = encodeScriptData(['n', [1, 2, 3, 4]]);
    assert.throws(() => decodeScriptData(b, { maxValues: 4 }), (e: MediaError) => e.code === 'MEDIA_ERR_TOO_LARGE');
    assert.equal(decodeScriptData(b, { maxValues: 6 }).length, 2);
  });
  it('throws a MediaError, nothing else, for a payload cut at any length', () => {
    const b = encodeScriptData(['onMetaData', new EcmaArray({ w: 1, s: 'text', o: { d: new Date(0), a: [true, null] } })]);
    for (let n = 1; n < b.length; n++) {
      try {
        decodeScriptData(b.subarray(0, n));
      } catch (e) {
        assert.ok(e instanceof MediaError, `length ${n}: ${String(e)}`);
      }
    }
  });
  it('refuses to encode a cyclic object with a code instead of overflowing the stack', () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    assert.throws(() => encodeScriptData([o as never]), (e: MediaError) => e.code === 'MEDIA_ERR_TOO_DEEP');
  });
  it('reads the leading name of a data message', () => {
    const b = encodeScriptData(['@setDataFrame', 'onMetaData', { a: 1 }]);
    assert.deepEqual(readLeadingName(b), { name: '@setDataFrame', bytes: 16 });
    assert.equal(readLeadingName(hex('00')), undefined);
  });
});
