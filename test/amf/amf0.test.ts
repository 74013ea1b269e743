// AMF0 rules with byte vectors (doubles cross-checked with Python's struct.pack('>d')). Sources: the AMF0 specification (Adobe, "Action Message Format -- AMF 0", 2007),
// section numbers given per case; RTMP command bytes as Flash Player / ffmpeg send them (rtmp_specification_1.0
// section 7.2.1.1 lists the connect command object fields).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Amf0Reader,
  Amf0Writer,
  AmfDecodeError,
  AmfEcmaArray,
  AmfTypedObject,
  AmfXmlDocument,
  ClassRegistry,
  decodeAmf0,
  decodeAmf0Sequence,
  encodeAmf0,
  encodeAmf0Sequence,
  type AmfValue,
} from '../../src/amf/index.js';
import { hex, toHex } from './hex.js';

function both(value: AmfValue, bytes: string): void {
  assert.equal(toHex(encodeAmf0(value)), toHex(hex(bytes)), 'encode');
  assert.deepEqual(decodeAmf0(hex(bytes)), value, 'decode');
}

describe('AMF0 number (spec 2.2)', () => {
  it('writes 0x00 + IEEE-754 double big-endian', () => {
    both(1, '00 3ff0000000000000');
    both(-0.5, '00 bfe0000000000000');
    both(0x1fffffff + 1, '00 41c0000000000000');
  });
  it('keeps NaN and infinities', () => {
    assert.ok(Number.isNaN(decodeAmf0(encodeAmf0(NaN))));
    both(Infinity, '00 7ff0000000000000');
  });
  it('keeps -0', () => {
    assert.ok(Object.is(decodeAmf0(hex('00 8000000000000000')), -0));
    assert.equal(toHex(encodeAmf0(-0)), '008000000000000000');
  });
});

describe('AMF0 boolean (spec 2.3)', () => {
  it('writes 0x01 00 / 0x01 01', () => {
    both(false, '01 00');
    both(true, '01 01');
  });
  it('reads any non-zero byte as true', () => {
    assert.equal(decodeAmf0(hex('01 7f')), true);
  });
});

describe('AMF0 string (spec 2.4) and long string (spec 2.14)', () => {
  it('writes 0x02 + u16 UTF-8 byte length', () => {
    both('', '02 0000');
    both('connect', '02 0007 636f6e6e656374');
  });
  it('counts UTF-8 bytes, not UTF-16 units', () => {
    both('é', '02 0002 c3a9');
    both('\u{1F600}', '02 0004 f09f9880');
  });
  it('uses 0x02 up to 65535 UTF-8 bytes', () => {
    const s = 'a'.repeat(65535);
    const b = encodeAmf0(s);
    assert.equal(toHex(b.subarray(0, 3)), '02ffff');
    assert.equal(b.length, 3 + 65535);
    assert.equal(decodeAmf0(b), s);
  });
  it('uses 0x0C above 65535 UTF-8 bytes', () => {
    const s = 'a'.repeat(65536);
    const b = encodeAmf0(s);
    assert.equal(toHex(b.subarray(0, 6)), '0c00010000' + '61');
    assert.equal(decodeAmf0(b), s);
    // 21846 three-byte characters: 21846 UTF-16 units but 65538 UTF-8 bytes.
    const wide = '\u20ac'.repeat(21846);
    const w = encodeAmf0(wide);
    assert.equal(toHex(w.subarray(0, 5)), '0c00010002');
    assert.equal(decodeAmf0(w), wide);
  });
  it('reads a short long string', () => {
    assert.equal(decodeAmf0(hex('0c 00000002 6869')), 'hi');
  });
});

describe('AMF0 object (spec 2.5) and object end (spec 2.11)', () => {
  it('writes key/value pairs and 00 00 09', () => {
    both({ app: 'live' }, '03 0003 617070 02 0004 6c697665 000009');
    both({}, '03 000009');
  });
  it('treats an empty key not followed by 0x09 as a real member', () => {
    const v = decodeAmf0(hex('03 0000 02 0001 78 000009'));
    assert.deepEqual(v, { '': 'x' });
    assert.equal(toHex(encodeAmf0({ '': 'x' })), '0300000200017800' + '0009');
  });
  it('nests objects', () => {
    both({ a: { b: null } }, '03 0001 61 03 0001 62 05 000009 000009');
  });
});

describe('AMF0 null, undefined, unsupported (spec 2.7, 2.8, 2.15)', () => {
  it('null is 0x05 and undefined 0x06', () => {
    both(null, '05');
    both(undefined, '06');
  });
  it('unsupported (0x0D) reads as undefined', () => {
    assert.equal(decodeAmf0(hex('0d')), undefined);
  });
});

describe('AMF0 reference (spec 2.9)', () => {
  it('writes the second occurrence of an object as 0x07 + u16 index', () => {
    const inner = { a: 1 };
    const b = encodeAmf0([inner, inner]);
    assert.equal(toHex(b), toHex(hex('0a 00000002 03 0001 61 00 3ff0000000000000 000009 07 0001')));
    const back = decodeAmf0(b) as AmfValue[];
    assert.equal(back[0], back[1]);
  });
  it('survives cycles', () => {
    const o: { [k: string]: AmfValue } = { n: 1 };
    o.self = o;
    const b = encodeAmf0(o);
    assert.equal(toHex(b), toHex(hex('03 0001 6e 00 3ff0000000000000 0004 73656c66 07 0000 000009')));
    const back = decodeAmf0(b) as { self: unknown };
    assert.equal(back.self, back);
  });
  it('counts objects, typed objects, ECMA and strict arrays in the table', () => {
    const shared = {};
    const seq = encodeAmf0Sequence([[1], new AmfEcmaArray(), new AmfTypedObject('T', {}), shared, shared]);
    assert.match(toHex(seq), /070003$/);
  });
  it('rejects an index past the table', () => {
    assert.throws(() => decodeAmf0(hex('07 0000')), { code: 'AMF_ERR_BAD_REFERENCE', offset: 0 });
  });
});

describe('AMF0 ECMA array (spec 2.10)', () => {
  it('writes 0x08 + u32 count + members + 00 00 09', () => {
    const meta = new AmfEcmaArray();
    meta.duration = 0;
    meta.width = 320;
    both(
      meta,
      '08 00000002 0008 6475726174696f6e 00 0000000000000000 0005 7769647468 00 4074000000000000 000009',
    );
  });
  it('reads to the terminator whatever the declared count', () => {
    const v = decodeAmf0(hex('08 00000000 0001 61 01 01 000009')) as AmfEcmaArray;
    assert.ok(v instanceof AmfEcmaArray);
    assert.equal(v.a, true);
    const w = decodeAmf0(hex('08 000000ff 000009'));
    assert.deepEqual({ ...(w as object) }, {});
  });
});

describe('AMF0 strict array (spec 2.12)', () => {
  it('writes 0x0A + u32 count + values', () => {
    both([], '0a 00000000');
    both([1, 'a', null], '0a 00000003 00 3ff0000000000000 02 0001 61 05');
  });
});

describe('AMF0 date (spec 2.13)', () => {
  it('writes 0x0B + double ms + s16 time zone 0', () => {
    both(new Date(Date.UTC(2007, 0, 1)), '0b 4270fdaf49800000 0000');
  });
  it('ignores the time zone field', () => {
    const d = decodeAmf0(hex('0b 4270fdaf49800000 ff88')) as Date;
    assert.equal(d.getTime(), Date.UTC(2007, 0, 1));
  });
});

describe('AMF0 XML document (spec 2.17)', () => {
  it('writes 0x0F + u32 length + UTF-8, keeps the text', () => {
    both(new AmfXmlDocument('<a>&amp;</a>'), '0f 0000000c 3c613e26616d703b3c2f613e');
  });
});

describe('AMF0 typed object (spec 2.18)', () => {
  it('keeps the class name of an unregistered alias and re-encodes the same bytes', () => {
    const bytes = '10 0003 466f6f 0001 78 00 4000000000000000 000009';
    const v = decodeAmf0(hex(bytes));
    assert.ok(v instanceof AmfTypedObject);
    assert.equal(v.className, 'Foo');
    assert.deepEqual(v.properties, { x: 2 });
    assert.equal(toHex(encodeAmf0(v)), toHex(hex(bytes)));
  });
  it('instantiates a registered class and writes its alias', () => {
    class Point {
      x = 0;
      y = 0;
    }
    const registry = new ClassRegistry().registerClass('geom.Point', Point);
    const p = new Point();
    p.x = 1;
    const b = encodeAmf0(p, { classRegistry: registry });
    assert.equal(
      toHex(b),
      toHex(hex('10 000a 67656f6d2e506f696e74 0001 78 00 3ff0000000000000 0001 79 00 0000000000000000 000009')),
    );
    const back = decodeAmf0(b, { classRegistry: registry });
    assert.ok(back instanceof Point);
    assert.equal(back.x, 1);
  });
  it('rejects unknown classes on request', () => {
    assert.throws(() => decodeAmf0(hex('10 0001 58 000009'), { onUnknownClass: 'reject' }), {
      code: 'AMF_ERR_UNKNOWN_CLASS',
    });
  });
});

describe('AMF0 switch to AMF3 (0x11)', () => {
  it('reads an AMF3 value after 0x11', () => {
    assert.equal(decodeAmf0(hex('11 04 7f')), 127);
    assert.deepEqual(decodeAmf0(hex('11 0a 0b 01 03 61 06 03 62 01')), { a: 'b' });
  });
  it('keeps the AMF3 tables across switches in one reader', () => {
    // Second value is an AMF3 string reference to "ab" from the first.
    assert.deepEqual(decodeAmf0Sequence(hex('11 06 05 6162 11 06 00')), ['ab', 'ab']);
    const r = new Amf0Reader(hex('11 06 05 6162 11 06 00'));
    r.readValue();
    r.resetReferences();
    assert.throws(() => r.readValue(), { code: 'AMF_ERR_BAD_REFERENCE' });
  });
  it('writes objects via 0x11 with { amf3: true }', () => {
    assert.equal(toHex(encodeAmf0Sequence(['x', 1, { a: 1 }], { amf3: true })), '0200017800' + '3ff0000000000000' + '110a0b0103610401' + '01');
  });
  it('writes values AMF0 cannot hold (ByteArray) via 0x11', () => {
    assert.equal(toHex(encodeAmf0(new Uint8Array([1, 2]))), '110c050102');
  });
});

describe('AMF0 reader cursor', () => {
  it('reads one value at an offset and reports where it ended', () => {
    const b = hex('ffff 02 0001 61 05 ee');
    const r = new Amf0Reader(b, undefined, 2);
    assert.equal(r.readValue(), 'a');
    assert.equal(r.offset, 6);
    assert.equal(r.readValue(), null);
    assert.equal(r.offset, 7);
    assert.ok(r.hasMore());
    assert.equal(r.readUInt8(), 0xee);
    assert.ok(!r.hasMore());
  });
  it('decodeAmf0 rejects trailing bytes', () => {
    assert.throws(() => decodeAmf0(hex('05 05')), (e: unknown) => e instanceof AmfDecodeError && e.code === 'AMF_ERR_TRAILING_BYTES' && e.offset === 1);
  });
  it('writer raw helpers', () => {
    const w = new Amf0Writer();
    w.writeUInt8(1).writeUInt16(0x0203).writeUInt32(0x04050607).writeDouble(1).writeUtf8String('é');
    assert.equal(toHex(w.toBuffer()), '01' + '0203' + '04050607' + '3ff0000000000000' + '0002c3a9');
    assert.equal(w.length, 19);
    w.clear();
    assert.equal(w.length, 0);
  });
});

describe('AMF0 RTMP commands', () => {
  it('encodes connect as ffmpeg does (name, transaction id, command object)', () => {
    const b = encodeAmf0Sequence(['connect', 1, { app: 'live', type: 'nonprivate' }]);
    assert.equal(
      toHex(b),
      toHex(
        hex(
          '02 0007 636f6e6e656374 00 3ff0000000000000 03 0003 617070 02 0004 6c697665 0004 74797065 02 000a 6e6f6e70726976617465 000009',
        ),
      ),
    );
    assert.deepEqual(decodeAmf0Sequence(b), ['connect', 1, { app: 'live', type: 'nonprivate' }]);
  });
});

describe('AMF0 vectors from PyAMF (pyamf/tests/test_amf0.py)', () => {
  const ascii = (s: string) => Buffer.from(s).toString('hex');
  it('numbers', () => {
    both(0, '00 0000000000000000');
    both(0.2, '00 3fc999999999999a');
    both(42, '00 4045000000000000');
    both(-123, '00 c05ec00000000000');
    both(1.23456789, '00 3ff3c0ca4283de1b');
  });
  it('strings, including three-byte UTF-8', () => {
    both('hello', '02 0005' + ascii('hello'));
    both('ᚠᛇᚻ', '02 0009 e19aa0 e19b87 e19abb');
    both('ƒøø', '02 0006 c692c3b8c3b8');
    const s = 'a'.repeat(65537);
    assert.equal(toHex(encodeAmf0(s)), '0c00010001' + ascii(s));
  });
  it('lists and references to them', () => {
    both([1, 2, 3], '0a 00000003 00 3ff0000000000000 00 4000000000000000 00 4008000000000000');
    const x: AmfValue[] = [];
    assert.equal(toHex(encodeAmf0Sequence([x, x])), '0a00000000' + '070000');
    const o = { a: 'spam', b: 'eggs' };
    assert.equal(
      toHex(encodeAmf0([[o, o]])),
      '0a00000001' + '0a00000002' + '03' + '0001' + ascii('a') + '020004' + ascii('spam') + '0001' + ascii('b') + '020004' + ascii('eggs') + '000009' + '070002',
    );
  });
  it('dates', () => {
    both(new Date(Date.UTC(2005, 2, 18, 1, 58, 31)), '0b 42702b3621158000 0000');
    both(new Date(Date.UTC(2003, 11, 1)), '0b 426f25e2b2800000 0000');
  });
  it('typed object of a registered class', () => {
    class Spam {
      baz = '';
    }
    const registry = new ClassRegistry().registerClass('org.pyamf.spam', Spam);
    const x = Object.assign(new Spam(), { baz: 'hello' });
    assert.equal(
      toHex(encodeAmf0(x, { classRegistry: registry })),
      '10000e' + ascii('org.pyamf.spam') + '0003' + ascii('baz') + '020005' + ascii('hello') + '000009',
    );
  });
  it('objects through the AMF3 switch (use_amf3)', () => {
    assert.equal(
      toHex(encodeAmf0({ foo: 'bar', baz: 'gak' }, { amf3: true })),
      '110a0b01' + '07' + ascii('foo') + '0607' + ascii('bar') + '07' + ascii('baz') + '0607' + ascii('gak') + '01',
    );
    assert.equal(toHex(encodeAmf0({}, { amf3: true })), '110a0b0101');
  });
});
