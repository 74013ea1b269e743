// Hostile input: every case must end quickly with the typed error (code + in-range offset) or a defined value,
// with bounded memory; never a hang, a stack overflow, a RangeError or a prototype change.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AmfDecodeError,
  AmfDictionary,
  AmfEcmaArray,
  AmfEncodeError,
  AmfAssociativeArray,
  AmfTruncatedError,
  AmfTypedObject,
  AmfVector,
  AmfXml,
  AmfXmlDocument,
  ArrayCollection,
  ClassRegistry,
  decodeAmf0,
  decodeAmf3,
  encodeAmf0,
  encodeAmf3,
  type AmfDecodeOptions,
  type AmfValue,
} from '../../src/amf/index.js';
import { hex } from './hex.js';

type Decode = (b: Uint8Array, o?: AmfDecodeOptions) => AmfValue;

/** Runs decode and returns the error it throws (failing the test if it returns or throws anything else). */
function decodeError(decode: Decode, bytes: Uint8Array, options?: AmfDecodeOptions): AmfDecodeError {
  const started = performance.now();
  let caught: unknown;
  try {
    decode(bytes, options);
  } catch (e) {
    caught = e;
  }
  const ms = performance.now() - started;
  assert.ok(caught instanceof AmfDecodeError, `expected AmfDecodeError, got ${caught instanceof Error ? caught.stack : String(caught)}`);
  assert.ok(caught.offset >= 0 && caught.offset <= bytes.length, `offset ${caught.offset} out of 0..${bytes.length}`);
  assert.ok(ms < 1000, `took ${ms} ms`);
  return caught;
}

function expectCode(decode: Decode, bytes: Uint8Array, code: string, options?: AmfDecodeOptions): AmfDecodeError {
  const e = decodeError(decode, bytes, options);
  assert.equal(e.code, code, `${Buffer.from(bytes.subarray(0, 24)).toString('hex')}…: ${e.message}`);
  return e;
}

const ascii = (s: string) => Buffer.from(s).toString('hex');

describe('truncation at every offset', () => {
  const shared = { s: 'shared' };
  const ecma = new AmfEcmaArray();
  ecma.k = 1;
  const amf0Sample: AmfValue = {
    n: 1.5,
    b: true,
    s: 'héllo',
    long: 'x'.repeat(70000),
    nil: null,
    u: undefined,
    arr: [1, 'two', shared, shared],
    ecma,
    date: new Date(1234567890123),
    xml: new AmfXmlDocument('<a/>'),
    typed: new AmfTypedObject('com.x.T', { v: 1 }),
    avm: new Uint8Array([1, 2, 3]),
  };
  const d = new AmfDictionary();
  d.set('k', [1]);
  const amf3Sample: AmfValue = [
    undefined, null, false, true, 1, 0x4000, 0x200000, -1, 0.5, 'str', 'str', '',
    new AmfXmlDocument('<a/>'), new Date(0), [1, 2], new AmfAssociativeArray({ a: 1 }, [2]),
    { x: 1 }, { y: 2 }, new AmfTypedObject('T', { v: 1 }, ['v'], true), new AmfXml('<b/>'), new Uint8Array([9, 9]),
    new AmfVector('int', [1, -1]), new AmfVector('uint', [2]), new AmfVector('double', [0.5]),
    new AmfVector('object', ['o'], true, 'String'), d, new ArrayCollection([1]),
  ];
  for (const [name, encode, decode, sample] of [
    ['AMF0', encodeAmf0, decodeAmf0, amf0Sample],
    ['AMF3', encodeAmf3, decodeAmf3, amf3Sample],
  ] as const) {
    it(`${name}: every strict prefix of a sample with every type is AMF_ERR_TRUNCATED`, () => {
      const bytes = encode(sample);
      assert.notEqual(decode(bytes), undefined);
      // The 70000-byte string makes the AMF0 sample long: step through it, but hit every offset around structure.
      for (let cut = 0; cut < bytes.length; cut += cut > 60 && cut < bytes.length - 200 ? 997 : 1) {
        const e = expectCode(decode, bytes.subarray(0, cut), 'AMF_ERR_TRUNCATED');
        assert.ok(e instanceof AmfTruncatedError);
      }
    });
  }
});

describe('huge declared lengths and counts are checked before any allocation', () => {
  const before = process.memoryUsage();
  const cases0: Array<[string, string, string]> = [
    ['string u16 length', '02 ffff 61', 'AMF_ERR_TRUNCATED'],
    ['long string u32 length', '0c ffffffff 61', 'AMF_ERR_TOO_LARGE'],
    ['long string just under the limit', '0c 00ffffff 61', 'AMF_ERR_TRUNCATED'],
    ['XML document u32 length', '0f 7fffffff 61', 'AMF_ERR_TOO_LARGE'],
    ['strict array count', '0a ffffffff 05', 'AMF_ERR_TRUNCATED'],
    ['ECMA array count (ignored, no terminator)', '08 ffffffff', 'AMF_ERR_TRUNCATED'],
    ['object key length', '03 ffff 61', 'AMF_ERR_TRUNCATED'],
    ['typed object class name length', '10 ffff 61', 'AMF_ERR_TRUNCATED'],
  ];
  for (const [name, bytes, code] of cases0) it(`AMF0 ${name}`, () => void expectCode(decodeAmf0, hex(bytes), code));
  const cases3: Array<[string, string, string]> = [
    ['string length', '06 ffffffff', 'AMF_ERR_TOO_LARGE'],
    ['string length within the limit', '06 8080ff01 61', 'AMF_ERR_TRUNCATED'],
    ['XMLDocument length', '07 ffffffff', 'AMF_ERR_TOO_LARGE'],
    ['XML length', '0b 8080ff01', 'AMF_ERR_TRUNCATED'],
    ['ByteArray length (2^28-1)', '0c ffffffff', 'AMF_ERR_TRUNCATED'],
    ['ByteArray length within the limit', '0c 8080ff01 00', 'AMF_ERR_TRUNCATED'],
    ['array dense count', '09 ffffffff 01', 'AMF_ERR_TRUNCATED'],
    ['object sealed member count', '0a ffffff3b 01', 'AMF_ERR_TRUNCATED'],
    ['Vector.<int> count', '0d ffffffff 00', 'AMF_ERR_TRUNCATED'],
    ['Vector.<uint> count', '0e ffffffff 00', 'AMF_ERR_TRUNCATED'],
    ['Vector.<Number> count', '0f ffffffff 00', 'AMF_ERR_TRUNCATED'],
    ['Vector.<Object> count', '10 ffffffff 00 01', 'AMF_ERR_TRUNCATED'],
    ['Dictionary count', '11 ffffffff 00', 'AMF_ERR_TRUNCATED'],
    ['class name length', '0a 0b ffffffff', 'AMF_ERR_TOO_LARGE'],
  ];
  for (const [name, bytes, code] of cases3) it(`AMF3 ${name}`, () => void expectCode(decodeAmf3, hex(bytes), code));
  it('lengths above configured limits are AMF_ERR_TOO_LARGE even when the bytes are there', () => {
    const s = encodeAmf3('x'.repeat(100));
    expectCode(decodeAmf3, s, 'AMF_ERR_TOO_LARGE', { maxStringBytes: 99 });
    assert.equal(decodeAmf3(s, { maxStringBytes: 100 }), 'x'.repeat(100));
    expectCode(decodeAmf3, encodeAmf3(new Uint8Array(10)), 'AMF_ERR_TOO_LARGE', { maxByteArrayBytes: 9 });
    expectCode(decodeAmf0, encodeAmf0('y'.repeat(70000)), 'AMF_ERR_TOO_LARGE', { maxStringBytes: 65536 });
  });
  it('none of this allocated memory in proportion to the declared sizes', () => {
    const after = process.memoryUsage();
    assert.ok(after.arrayBuffers - before.arrayBuffers < 32 * 1024 * 1024, `arrayBuffers grew ${after.arrayBuffers - before.arrayBuffers}`);
    assert.ok(after.heapUsed - before.heapUsed < 64 * 1024 * 1024, `heap grew ${after.heapUsed - before.heapUsed}`);
  });
});

describe('element and reference budgets', () => {
  it('maxElements bounds the values decoded in one call', () => {
    const b = encodeAmf3(new Array(1000).fill(1));
    expectCode(decodeAmf3, b, 'AMF_ERR_BUDGET', { maxElements: 500 });
    assert.equal((decodeAmf3(b, { maxElements: 2001 }) as unknown[]).length, 1000);
    expectCode(decodeAmf0, encodeAmf0(new Array(1000).fill(1)), 'AMF_ERR_BUDGET', { maxElements: 999 });
  });
  it('maxReferences bounds each reference table', () => {
    const objs = Array.from({ length: 50 }, (_, i) => ({ i }));
    expectCode(decodeAmf3, encodeAmf3(objs), 'AMF_ERR_BUDGET', { maxReferences: 20 });
    expectCode(decodeAmf0, encodeAmf0(objs), 'AMF_ERR_BUDGET', { maxReferences: 20 });
    const strs = Array.from({ length: 50 }, (_, i) => `s${i}`);
    expectCode(decodeAmf3, encodeAmf3(strs), 'AMF_ERR_BUDGET', { maxReferences: 20 });
  });
});

describe('out-of-range references', () => {
  const cases: Array<[string, Decode, string]> = [
    ['AMF0 object reference', decodeAmf0, '07 0000'],
    ['AMF0 reference past the table', decodeAmf0, '0a 00000002 03 000009 07 0002'],
    ['AMF0 reference 0xffff', decodeAmf0, '03 0001 61 07 ffff 000009'],
    ['AMF3 string reference', decodeAmf3, '06 00'],
    ['AMF3 string reference as a key', decodeAmf3, '0a 0b 01 02 04 01 01'],
    ['AMF3 string reference as a class name', decodeAmf3, '0a 0b 02 01'],
    ['AMF3 object reference', decodeAmf3, '0a 00'],
    ['AMF3 object reference (large)', decodeAmf3, '09 ffffff7e'],
    ['AMF3 date reference', decodeAmf3, '08 02'],
    ['AMF3 XML reference', decodeAmf3, '0b 00'],
    ['AMF3 ByteArray reference', decodeAmf3, '0c 00'],
    ['AMF3 vector reference', decodeAmf3, '0d 00'],
    ['AMF3 dictionary reference', decodeAmf3, '11 00'],
    ['AMF3 traits reference', decodeAmf3, '0a 01'],
    ['AMF3 traits reference past the table', decodeAmf3, '09 05 01 0a 0b 01 01 0a 05'],
  ];
  for (const [name, decode, bytes] of cases) it(name, () => void expectCode(decode, hex(bytes), 'AMF_ERR_BAD_REFERENCE'));
  it('a reference to an externalizable still being read is refused, not a half-built value', () => {
    // ArrayCollection whose source refers to the collection itself (object index 0).
    const bytes = hex('0a 07 43' + ascii('flex.messaging.io.ArrayCollection') + '0a 00');
    expectCode(decodeAmf3, bytes, 'AMF_ERR_BAD_REFERENCE');
  });
});

describe('100,000-deep nesting', () => {
  const DEPTH = 100_000;
  const cases: Array<[string, Decode, Buffer]> = [
    // { a: { a: … } }
    ['AMF0 objects', decodeAmf0, Buffer.concat([hex('03000161'.repeat(DEPTH)), hex('05'), hex('000009'.repeat(DEPTH))])],
    ['AMF0 strict arrays', decodeAmf0, Buffer.concat([hex('0a00000001'.repeat(DEPTH)), hex('05')])],
    ['AMF0 ECMA arrays', decodeAmf0, Buffer.concat([hex('0800000001000161'.repeat(DEPTH)), hex('05'), hex('000009'.repeat(DEPTH))])],
    ['AMF0 typed objects', decodeAmf0, Buffer.concat([hex('10000154000161'.repeat(DEPTH)), hex('05')])],
    // AMF3 arrays nested after one 0x11 switch (an AMF3 array of one element: 09 03 01 …)
    ['AMF0 objects through the AMF3 switch', decodeAmf0, Buffer.concat([hex('11'), hex('090301'.repeat(DEPTH)), hex('01')])],
    ['AMF3 arrays', decodeAmf3, Buffer.concat([hex('090301'.repeat(DEPTH)), hex('01')])],
    // first level { a: … } with key "a" inline, then each level repeats "a" by string reference 00
    ['AMF3 associative arrays', decodeAmf3, Buffer.concat([hex('09010361'), hex('09010001'.slice(0, 6).repeat(DEPTH)), hex('01')])],
    // first object has inline anonymous traits and key "a"; deeper ones use traits ref 0 (0a 01) and string ref 00
    ['AMF3 objects', decodeAmf3, Buffer.concat([hex('0a0b010361'), hex('0a0100'.repeat(DEPTH))])],
    ['AMF3 vectors of objects', decodeAmf3, Buffer.concat([hex('10030001'.repeat(DEPTH)), hex('01')])],
    ['AMF3 dictionaries', decodeAmf3, Buffer.concat([hex('11030001'.repeat(DEPTH)), hex('01')])],
    ['AMF3 externalizable collections', decodeAmf3, Buffer.concat([hex('0a 07 43'.replace(/ /g, '') + ascii('flex.messaging.io.ArrayCollection')), hex('0a01'.repeat(DEPTH))])],
  ];
  for (const [name, decode, bytes] of cases) {
    it(`${name}: AMF_ERR_TOO_DEEP quickly`, () => void expectCode(decode, bytes, 'AMF_ERR_TOO_DEEP'));
  }
  it('maxDepth is configurable', () => {
    const b = Buffer.concat([hex('090301'.repeat(10)), hex('01')]);
    expectCode(decodeAmf3, b, 'AMF_ERR_TOO_DEEP', { maxDepth: 9 });
    assert.ok(Array.isArray(decodeAmf3(b, { maxDepth: 10 })));
  });
  it('encoding 100,000-deep values throws AmfEncodeError AMF_ERR_TOO_DEEP', () => {
    let deep: AmfValue = null;
    for (let i = 0; i < DEPTH; i++) deep = { d: deep };
    for (const encode of [encodeAmf0, encodeAmf3]) {
      assert.throws(() => encode(deep), (e: unknown) => e instanceof AmfEncodeError && e.code === 'AMF_ERR_TOO_DEEP');
    }
    let arr: AmfValue = [];
    for (let i = 0; i < DEPTH; i++) arr = [arr];
    assert.throws(() => encodeAmf3(arr), { code: 'AMF_ERR_TOO_DEEP' });
  });
});

describe('cycles and shared references', () => {
  it('decode to cyclic values (AMF0 object and array that contain themselves)', () => {
    const o = decodeAmf0(hex('03 0004 73656c66 07 0000 000009')) as { self: unknown };
    assert.equal(o.self, o);
    const a = decodeAmf0(hex('0a 00000001 07 0000')) as unknown[];
    assert.equal(a[0], a);
  });
  it('decode to cyclic values (AMF3 array, object, dictionary, vector)', () => {
    const a = decodeAmf3(hex('09 03 01 09 00')) as unknown[];
    assert.equal(a[0], a);
    const d = decodeAmf3(hex('11 03 00 11 00 11 00')) as AmfDictionary;
    assert.equal(d.get(d), d);
    const v = decodeAmf3(hex('10 03 00 01 10 00')) as AmfVector;
    assert.equal(v.items[0], v);
  });
  it('encode cycles as references and round-trip them', () => {
    const a: AmfValue[] = [];
    a.push(a, { back: a });
    for (const [enc, dec] of [[encodeAmf0, decodeAmf0], [encodeAmf3, decodeAmf3]] as const) {
      const back = dec(enc(a)) as [unknown, { back: unknown }];
      assert.equal(back[0], back);
      assert.equal(back[1].back, back);
    }
  });
  it('a graph that would expand exponentially if flattened decodes in linear time and space', () => {
    // AMF3: level i is an array [level i-1, level i-1] written as two references: 2^60 leaves if flattened.
    const LEVELS = 60;
    const parts: string[] = ['09 05 01 04 01 04 02']; // level 0: [1, 2], object index 0
    for (let i = 1; i < LEVELS; i++) {
      const ref = ((i - 1) << 1).toString(16).padStart(2, '0');
      parts.push(`09 05 01 09 ${ref} 09 ${ref}`);
    }
    // The outer array holds all levels in order so every reference points backwards.
    const outer = `09 ${((LEVELS << 1) | 1).toString(16).padStart(2, '0')} 01`;
    const bytes = hex(outer + parts.join(''));
    const top = decodeAmf3(bytes) as unknown[][];
    // Indices shift by one because the outer array is object 0; rebuild the expectation structurally.
    assert.equal(top.length, LEVELS);
    const last = top[LEVELS - 1];
    assert.equal(last[0], last[1]);
    // Re-encoding keeps the sharing: the output is about as small as the input.
    assert.ok(encodeAmf3(top).length <= bytes.length + 8);
    // AMF0 too.
    let v: AmfValue = [1];
    for (let i = 0; i < 60; i++) v = [v, v];
    const b0 = encodeAmf0(v);
    assert.ok(b0.length < 1000);
    const back = decodeAmf0(b0) as unknown[];
    assert.equal(back[0], back[1]);
  });
});

describe('__proto__, constructor and prototype keys are plain own data in every key position', () => {
  const evil = ['__proto__', 'constructor', 'prototype'];
  const payload = { polluted: true };
  function check(v: object, expectedProto: object | null, where: string): void {
    assert.equal(Object.getPrototypeOf(v), expectedProto, `${where}: prototype changed`);
    for (const k of evil) {
      const d = Object.getOwnPropertyDescriptor(v, k);
      assert.ok(d && 'value' in d, `${where}: ${k} is not an own data property`);
      assert.deepEqual(d.value, payload);
    }
    assert.equal(({} as { polluted?: boolean }).polluted, undefined, 'Object.prototype polluted');
  }
  // key: u16 length + bytes; value: { polluted: true }
  const amf0Members = evil.map((k) => `00${k.length.toString(16).padStart(2, '0')} ${ascii(k)} 03 0008 ${ascii('polluted')} 0101 000009`).join(' ');
  it('AMF0 anonymous object', () => check(decodeAmf0(hex(`03 ${amf0Members} 000009`)) as object, Object.prototype, 'object'));
  it('AMF0 ECMA array', () => check(decodeAmf0(hex(`08 00000003 ${amf0Members} 000009`)) as object, AmfEcmaArray.prototype, 'ecma'));
  it('AMF0 typed object (unregistered and registered)', () => {
    const t = decodeAmf0(hex(`10 0001 54 ${amf0Members} 000009`)) as AmfTypedObject;
    check(t.properties, Object.prototype, 'typed properties');
    class T {}
    const r = decodeAmf0(hex(`10 0001 54 ${amf0Members} 000009`), { classRegistry: new ClassRegistry().registerClass('T', T) });
    check(r as object, T.prototype, 'registered instance');
  });
  const amf3Value = `0a 0b 01 11 ${ascii('polluted')} 03 01`; // { polluted: true }
  const keys3 = evil.map((k) => `${((k.length << 1) | 1).toString(16)} ${ascii(k)}`);
  it('AMF3 dynamic members of an anonymous object', () => {
    const bytes = `0a 0b 01 ${keys3.map((k) => `${k} ${amf3Value}`).join(' ')} 01`;
    check(decodeAmf3(hex(bytes)) as object, Object.prototype, 'anonymous');
  });
  it('AMF3 sealed member names (typed, registered and anonymous traits)', () => {
    const traits = (name: string) => `0a 33 ${name} ${keys3.join(' ')} ${amf3Value} ${amf3Value} ${amf3Value}`;
    const t = decodeAmf3(hex(traits(`03 ${ascii('T')}`))) as AmfTypedObject;
    check(t.properties, Object.prototype, 'typed sealed');
    class T {}
    check(decodeAmf3(hex(traits(`03 ${ascii('T')}`)), { classRegistry: new ClassRegistry().registerClass('T', T) }) as object, T.prototype, 'registered');
    check(decodeAmf3(hex(traits('01'))) as object, Object.prototype, 'anonymous sealed');
  });
  it('AMF3 associative array keys', () => {
    const bytes = `09 01 ${keys3.map((k) => `${k} ${amf3Value}`).join(' ')} 01`;
    const a = decodeAmf3(hex(bytes)) as AmfAssociativeArray;
    check(a.associative, Object.prototype, 'associative');
  });
  it('AMF3 dictionary keys', () => {
    const bytes = `11 07 00 ${keys3.map((k) => `06 ${k} ${amf3Value}`).join(' ')}`;
    const d = decodeAmf3(hex(bytes)) as AmfDictionary;
    assert.equal(Object.getPrototypeOf(d), AmfDictionary.prototype);
    for (const k of evil) assert.deepEqual(d.get(k), payload);
  });
  it('decoded hostile keys re-encode to the same bytes', () => {
    const bytes = hex(`03 ${amf0Members} 000009`);
    assert.deepEqual(encodeAmf0(decodeAmf0(bytes)), bytes);
  });
});

describe('unknown markers', () => {
  it('AMF0 reserved and undefined markers', () => {
    for (let m = 0x12; m <= 0xff; m += 0x1d) expectCode(decodeAmf0, Buffer.from([m]), 'AMF_ERR_BAD_MARKER');
    for (const m of [0x04, 0x09, 0x0e]) expectCode(decodeAmf0, Buffer.from([m]), 'AMF_ERR_BAD_MARKER');
  });
  it('AMF3 markers past 0x11, also nested and after the AMF0 switch', () => {
    expectCode(decodeAmf3, hex('12'), 'AMF_ERR_BAD_MARKER');
    const e = expectCode(decodeAmf3, hex('09 05 01 04 01 ff'), 'AMF_ERR_BAD_MARKER');
    assert.equal(e.offset, 5);
    expectCode(decodeAmf0, hex('0a 00000001 11 20'), 'AMF_ERR_BAD_MARKER');
  });
});

describe('UTF-8 policy', () => {
  const cases: Array<[string, string, string]> = [
    ['a lone continuation byte', '80', '\ufffd'],
    ['an overlong NUL', 'c080', '\ufffd\ufffd'],
    ['a truncated sequence', 'e282', '\ufffd'],
    ['0xFF', '61ff62', 'a\ufffdb'],
  ];
  for (const [name, bytes, lenient] of cases) {
    it(`${name}: U+FFFD by default, AMF_ERR_BAD_UTF8 with utf8: 'strict'`, () => {
      const len = bytes.length / 2;
      const amf0 = hex(`02 ${len.toString(16).padStart(4, '0')} ${bytes}`);
      assert.equal(decodeAmf0(amf0), lenient);
      const e = expectCode(decodeAmf0, amf0, 'AMF_ERR_BAD_UTF8', { utf8: 'strict' });
      assert.equal(e.offset, 3);
      const amf3 = hex(`06 ${((len << 1) | 1).toString(16).padStart(2, '0')} ${bytes}`);
      assert.equal(decodeAmf3(amf3), lenient);
      expectCode(decodeAmf3, amf3, 'AMF_ERR_BAD_UTF8', { utf8: 'strict' });
    });
  }
  it('joins CESU-8 surrogate pairs (Java modified UTF-8) when lenient, refuses them when strict', () => {
    // U+1F600 as CESU-8: D83D -> ED A0 BD, DE00 -> ED B8 80.
    const amf0 = hex('02 0008 61 eda0bd edb880 62');
    assert.equal(decodeAmf0(amf0), 'a\u{1F600}b');
    expectCode(decodeAmf0, amf0, 'AMF_ERR_BAD_UTF8', { utf8: 'strict' });
    assert.equal(decodeAmf3(hex('06 0d eda0bd edb880')), '\u{1F600}');
    // A lone CESU-8 half stays U+FFFD.
    assert.equal(decodeAmf0(hex('02 0003 eda0bd')), '\ufffd\ufffd\ufffd');
  });
  it('a real U+FFFD in valid UTF-8 passes strict mode', () => {
    assert.equal(decodeAmf0(hex('02 0003 efbfbd'), { utf8: 'strict' }), '\ufffd');
  });
  it('encodes lone surrogates as U+FFFD like Buffer, and pairs as 4 bytes, at every length', () => {
    const samples = ['\ud800', 'a\udc00b', '\ud83d\ude00', 'x\ud83d', 'é'.repeat(30), '\u{1F600}'.repeat(20), 'ab\u20ac'];
    for (const s of samples) {
      for (const t of [s, s + 'y'.repeat(40)]) {
        const b = encodeAmf0(t);
        assert.deepEqual(b.subarray(3), Buffer.from(t, 'utf8'), JSON.stringify(t));
        assert.equal(b.readUInt16BE(1), Buffer.byteLength(t));
        const c = encodeAmf3(t);
        assert.deepEqual(decodeAmf3(c), Buffer.from(t, 'utf8').toString());
      }
    }
  });
});

describe('XML stays text', () => {
  it('entities, DOCTYPE and billion-laughs text are returned as the string sent', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
      '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;&c;&c;</l>';
    const x0 = decodeAmf0(encodeAmf0(new AmfXmlDocument(laughs))) as AmfXmlDocument;
    assert.equal(x0.xml, laughs);
    const x3 = decodeAmf3(encodeAmf3(new AmfXml(laughs))) as AmfXml;
    assert.equal(x3.xml, laughs);
  });
});

describe('unknown classes never instantiate anything', () => {
  it('an alias naming a global or a built-in is just a class name', () => {
    for (const name of ['Object', 'Function', 'process', 'constructor', '__proto__', 'flash.utils.ByteArray']) {
      const b = encodeAmf3(new AmfTypedObject(name, { a: 1 }, ['a']));
      const v = decodeAmf3(b);
      assert.ok(v instanceof AmfTypedObject);
      assert.equal(v.className, name);
      assert.deepEqual(b, encodeAmf3(v));
    }
  });
});

describe('AMF3 counts past 2^28-1 on encode', () => {
  // A sparse array (or vector) of 2^31 + 1 elements: `(n << 1) | 1` wraps to a small valid U29, so the header
  // would claim one element and the writer would then walk two billion. It must be refused before any element.
  function huge(): AmfValue[] {
    return new Proxy([] as AmfValue[], {
      get(target, key, receiver) {
        if (key === 'length') return 2 ** 31 + 1;
        if (typeof key === 'string' && /^\d+$/.test(key)) throw new Error('walked the elements');
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  }
  for (const [name, value] of [
    ['array', () => huge()],
    ['array inside an ECMA array', () => new AmfAssociativeArray({ a: 1 }, huge())],
    ['Vector.<Object>', () => new AmfVector('object', huge())],
    ['Vector.<int>', () => new AmfVector('int', huge())],
  ] as const) {
    it(`${name}: AMF_ERR_TOO_LARGE`, () => {
      assert.throws(
        () => encodeAmf3(value()),
        (err: unknown) => err instanceof AmfEncodeError && err.code === 'AMF_ERR_TOO_LARGE',
      );
    });
  }
});

describe('members a registered class refuses', () => {
  // Member names come off the wire: one that hits a getter-only accessor, or a setter that throws, must end the
  // decode with a coded AmfDecodeError, not a bare TypeError.
  class GetterOnly {
    get x(): number {
      return 1;
    }
  }
  class Throwing {
    set y(_v: unknown) {
      throw new RangeError('no');
    }
  }
  const registry = new ClassRegistry().registerClass('GetterOnly', GetterOnly).registerClass('Throwing', Throwing);
  const cases: [string, Buffer][] = [
    ['AMF3 sealed member on a getter', encodeAmf3(new AmfTypedObject('GetterOnly', { x: 5 }, ['x'], false))],
    ['AMF3 dynamic member on a throwing setter', encodeAmf3(new AmfTypedObject('Throwing', { y: 5 }, [], true))],
    ['AMF0 typed object member on a getter', encodeAmf0(new AmfTypedObject('GetterOnly', { x: 5 }))],
    ['AMF0 typed object member on a throwing setter', encodeAmf0(new AmfTypedObject('Throwing', { y: 5 }))],
  ];
  for (const [name, bytes] of cases) {
    it(`${name}: AMF_ERR_MALFORMED`, () => {
      const decode = name.startsWith('AMF3') ? decodeAmf3 : decodeAmf0;
      assert.throws(
        () => decode(bytes, { classRegistry: registry }),
        (err: unknown) => err instanceof AmfDecodeError && err.code === 'AMF_ERR_MALFORMED',
      );
    });
  }
});

describe('re-encoding a dynamic typed object with many sealed and dynamic members', () => {
  // A decoded object (client bytes) echoed or relayed: telling dynamic keys from sealed ones must not cost
  // sealed × dynamic comparisons (20,000 of each in a 380 KB message took seconds of CPU).
  it('reads each sealed name a bounded number of times, not once per dynamic key', () => {
    const n = 500;
    const names: string[] = [];
    const props: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      names.push(`s${i}`);
      props[`s${i}`] = i;
    }
    for (let i = 0; i < n; i++) props[`d${i}`] = i;
    let reads = 0;
    const sealed = new Proxy(names, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const bytes = encodeAmf3(new AmfTypedObject('T', props, sealed, true));
    assert.ok(reads < 20 * n, `${reads} reads of ${n} sealed names`);
    const back = decodeAmf3(bytes) as AmfTypedObject;
    assert.deepEqual(back.sealedMembers, names);
    assert.deepEqual({ ...back.properties }, props);
  });
});
