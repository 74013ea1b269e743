// AMF3 rules with byte vectors. Sources: the AMF3 specification (Adobe, "Action Message Format -- AMF 3", 2008),
// section numbers per case, and the encoder/decoder vectors of PyAMF's test suite (pyamf/tests/test_amf3.py),
// which were checked against Flash Player output; doubles cross-checked with Python's struct.pack('>d').
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Amf3Reader,
  Amf3Writer,
  AmfAssociativeArray,
  AmfDictionary,
  AmfEcmaArray,
  AmfTypedObject,
  AmfVector,
  AmfXml,
  AmfXmlDocument,
  ArrayCollection,
  ArrayList,
  ClassRegistry,
  ObjectProxy,
  createClassRegistry,
  decodeAmf3,
  decodeAmf3Sequence,
  encodeAmf3,
  encodeAmf3Sequence,
  type AmfValue,
} from '../../src/amf/index.js';
import { hex, toHex } from './hex.js';

function ascii(s: string): string {
  return Buffer.from(s, 'utf8').toString('hex');
}

function both(value: AmfValue, bytes: string): void {
  assert.equal(toHex(encodeAmf3(value)), toHex(hex(bytes)), 'encode');
  assert.deepEqual(decodeAmf3(hex(bytes)), value, 'decode');
}

describe('AMF3 undefined, null, false, true (spec 3.2-3.5)', () => {
  it('are single markers', () => {
    both(undefined, '00');
    both(null, '01');
    both(false, '02');
    both(true, '03');
  });
});

describe('AMF3 integer (spec 3.6) and U29 (spec 1.3.1)', () => {
  // PyAMF test_number / test_integer vectors.
  const cases: Array<[number, string]> = [
    [0, '04 00'],
    [1, '04 01'],
    [42, '04 2a'],
    [0x7f, '04 7f'],
    [0x80, '04 8100'],
    [0xd4, '04 8154'],
    [0x3fff, '04 ff7f'],
    [0x4000, '04 818000'],
    [0x1a53f, '04 86ca3f'],
    [0x1fffff, '04 ffff7f'],
    [0x200000, '04 80c08000'],
    [0x3fffff, '04 80ffffff'],
    [0x400000, '04 81808000'],
    [0x0fffffff, '04 bfffffff'],
    [-1, '04 ffffffff'],
    [-0x2a, '04 ffffffd6'],
    [-123, '04 ffffff85'],
    [-0x10000000, '04 c0808000'],
  ];
  for (const [n, bytes] of cases) {
    it(`writes ${n} as ${bytes}`, () => both(n, bytes));
  }
  it('writes values outside ±2^28 as doubles', () => {
    both(0x10000000, '05 41b0000000000000');
    both(-0x10000001, '05 c1b0000001000000');
  });
  it('writes non-integers and -0 as doubles', () => {
    both(0.2, '05 3fc999999999999a');
    both(1.23456789, '05 3ff3c0ca4283de1b');
    assert.equal(toHex(encodeAmf3(-0)), '058000000000000000');
    assert.ok(Object.is(decodeAmf3(hex('05 8000000000000000')), -0));
  });
  it('reads a double that holds an integer as that number', () => {
    assert.equal(decodeAmf3(hex('05 c05ec00000000000')), -123);
  });
  it('readU29 / writeU29 at every length boundary', () => {
    const u29: Array<[number, string]> = [
      [0x7f, '7f'],
      [0x80, '8100'],
      [0x3fff, 'ff7f'],
      [0x4000, '818000'],
      [0x1fffff, 'ffff7f'],
      [0x200000, '80c08000'],
      [0x1fffffff, 'ffffffff'],
    ];
    for (const [n, bytes] of u29) {
      const w = new Amf3Writer();
      w.writeU29(n);
      assert.equal(toHex(w.toBuffer()), bytes, `write ${n}`);
      const r = new Amf3Reader(hex(bytes));
      assert.equal(r.readU29(), n, `read ${n}`);
      assert.equal(r.offset, bytes.length / 2);
    }
    assert.throws(() => new Amf3Writer().writeU29(0x20000000), { code: 'AMF_ERR_TOO_LARGE' });
    assert.throws(() => new Amf3Writer().writeU29(-1), { code: 'AMF_ERR_TOO_LARGE' });
  });
});

describe('AMF3 double (spec 3.7)', () => {
  it('keeps NaN and infinities', () => {
    assert.ok(Number.isNaN(decodeAmf3(hex('05 fff8000000000000'))));
    assert.equal(decodeAmf3(hex('05 fff0000000000000')), -Infinity);
    both(Infinity, '05 7ff0000000000000');
  });
});

describe('AMF3 string (spec 3.8) and the string table', () => {
  it('writes U29 length<<1|1 + UTF-8', () => {
    both('', '06 01');
    both('hello', '06 0b' + ascii('hello'));
    both('é', '06 05 c3a9');
  });
  it('writes a long non-ASCII string with a 2-byte length (PyAMF Georgian sample)', () => {
    const s = 'ღმერთსი შემვედრე, ნუთუ კვლა დამხსნას სოფლისა შრომასა, ცეცხლს';
    const b = encodeAmf3(s);
    assert.equal(toHex(b.subarray(0, 3)), '068245');
    assert.equal(decodeAmf3(b), s);
  });
  it('sends a repeated string as a reference, never the empty string', () => {
    assert.equal(toHex(encodeAmf3Sequence(['hello', 'hello', '', ''])), '060b' + ascii('hello') + '0600' + '0601' + '0601');
    assert.deepEqual(decodeAmf3Sequence(hex('06 0b' + ascii('hello') + '06 00 06 00')), ['hello', 'hello', 'hello']);
  });
  it('shares the table between values, keys and class names', () => {
    // {'a': 'a', 'b': 'b'} where values reference the keys (PyAMF test_dict decoder vector, shortened).
    assert.deepEqual(decodeAmf3(hex('0a 0b 01 03 61 06 00 03 62 06 02 01')), { a: 'a', b: 'b' });
    assert.equal(toHex(encodeAmf3({ a: 'a', b: 'b' })), '0a0b01036106000362060201');
  });
  it('rejects a string reference past the table', () => {
    assert.throws(() => decodeAmf3(hex('06 02')), { code: 'AMF_ERR_BAD_REFERENCE', offset: 1 });
  });
});

describe('AMF3 XMLDocument (spec 3.9) and XML (spec 3.13)', () => {
  const text = '<a><b>hello world</b></a>';
  it('writes 0x07 / 0x0B + U29 length + UTF-8 and keeps the text', () => {
    both(new AmfXmlDocument(text), '07 33' + ascii(text));
    both(new AmfXml(text), '0b 33' + ascii(text));
  });
  it('puts XML in the object table', () => {
    const x = new AmfXml(text);
    const b = encodeAmf3Sequence([x, x]);
    assert.equal(toHex(b), '0b33' + ascii(text) + '0b00');
    const [p, q] = decodeAmf3Sequence(b);
    assert.equal(p, q);
  });
  it('keeps entities as text (never parsed or expanded)', () => {
    const evil = '<!DOCTYPE a [<!ENTITY e "xx">]><a>&e;&e;</a>';
    const v = decodeAmf3(encodeAmf3(new AmfXml(evil)));
    assert.ok(v instanceof AmfXml);
    assert.equal(v.xml, evil);
  });
});

describe('AMF3 date (spec 3.10)', () => {
  it('writes 0x08 01 + double ms, then references it (PyAMF)', () => {
    const d = new Date(Date.UTC(2005, 2, 18, 1, 58, 31));
    both(d, '08 01 42702b3621158000');
    const b = encodeAmf3Sequence([d, d]);
    assert.equal(toHex(b), '0801' + '42702b3621158000' + '0800');
    const [x, y] = decodeAmf3Sequence(b);
    assert.equal(x, y);
  });
});

describe('AMF3 array (spec 3.11)', () => {
  it('writes dense arrays (PyAMF test_list)', () => {
    both([], '09 01 01');
    both([0, 1, 2, 3], '09 09 01 04 00 04 01 04 02 04 03');
    both(['Hello', 2, 3, 4, 5], '09 0b 01 06 0b 48656c6c6f 04 02 04 03 04 04 04 05');
  });
  it('references a repeated array, empty ones included', () => {
    const y = [0, 1, 2, 3];
    const e: AmfValue[] = [];
    assert.equal(toHex(encodeAmf3Sequence([y, y, e, e])), '09090104000401040204030900' + '090101' + '0902');
  });
  it('keeps the associative part apart from the dense part (PyAMF test_mixed_array)', () => {
    const v = new AmfAssociativeArray({ spam: 'eggs' }, ['hello']);
    both(v, '09 03 09' + ascii('spam') + '06 09' + ascii('eggs') + '01 06 0b' + ascii('hello'));
    const w = decodeAmf3(hex('09 09 03 62 06 00 03 64 06 02 03 61 06 04 03 63 06 06 01 04 00 04 01 04 02 04 03'));
    assert.ok(w instanceof AmfAssociativeArray);
    assert.deepEqual(w.associative, { b: 'b', d: 'd', a: 'a', c: 'c' });
    assert.deepEqual(w.dense, [0, 1, 2, 3]);
  });
  it('writes an ECMA array (AMF0 0x08) as an associative-only array', () => {
    const e = new AmfEcmaArray();
    e.a = 1;
    assert.equal(toHex(encodeAmf3(e)), '0901036104' + '0101');
  });
});

describe('AMF3 object (spec 3.12)', () => {
  it('writes anonymous objects with dynamic traits (PyAMF test_object)', () => {
    both({ a: 'spam', b: 5 }, '0a 0b 01 03 61 06 09' + ascii('spam') + '03 62 04 05 01');
    both({}, '0a 0b 01 01');
  });
  it('references the anonymous traits for later objects', () => {
    assert.equal(toHex(encodeAmf3([{ a: 1 }, { b: 2 }])), '090501' + '0a0b010361040101' + '0a010362040201');
    assert.deepEqual(decodeAmf3(hex('09 05 01 0a 0b 01 03 61 04 01 01 0a 01 03 62 04 02 01')), [{ a: 1 }, { b: 2 }]);
  });
  it('reads sealed members without dynamic part (PyAMF test_dict, 0x13)', () => {
    assert.deepEqual(decodeAmf3(hex('0a 13 01 07' + ascii('baz') + '06 0b' + ascii('hello'))), { baz: 'hello' });
  });
  it('keeps an unregistered class as AmfTypedObject and re-encodes it byte for byte (PyAMF test_not_strict)', () => {
    const bytes = '0a 0b 13' + ascii('spam.eggs') + '07' + ascii('foo') + '06 07' + ascii('bar') + '01';
    const v = decodeAmf3(hex(bytes));
    assert.ok(v instanceof AmfTypedObject);
    assert.equal(v.className, 'spam.eggs');
    assert.deepEqual(v.properties, { foo: 'bar' });
    assert.equal(toHex(encodeAmf3(v)), toHex(hex(bytes)));
  });
  it('keeps sealed + dynamic layout of a typed object (PyAMF test_slots, sealed count 2, dynamic)', () => {
    const bytes =
      '0a 2b 21' + ascii('spam.eggs.Person') + '17' + ascii('family_name') + '15' + ascii('given_name') +
      '06 07' + ascii('Doe') + '06 09' + ascii('Jane') + '03 78 04 01 01';
    const v = decodeAmf3(hex(bytes));
    assert.ok(v instanceof AmfTypedObject);
    assert.deepEqual(v.sealedMembers, ['family_name', 'given_name']);
    assert.equal(v.dynamic, true);
    assert.deepEqual(v.properties, { family_name: 'Doe', given_name: 'Jane', x: 1 });
    assert.equal(toHex(encodeAmf3(v)), toHex(hex(bytes)));
  });
  it('sends traits once per message, then as a trait reference', () => {
    const t = (n: number) => new AmfTypedObject('T', { v: n }, ['v'], false);
    const b = encodeAmf3([t(1), t(2)]);
    assert.equal(toHex(b), '090501' + '0a1303540376' + '0401' + '0a01' + '0402');
    const back = decodeAmf3(b) as AmfTypedObject[];
    assert.equal(back[0].sealedMembers, back[1].sealedMembers);
  });
  it('instantiates registered classes and writes their alias (PyAMF test_object, registered dynamic class)', () => {
    class Spam {
      baz = '';
    }
    const registry = new ClassRegistry().registerClass('org.pyamf.spam', Spam, { sealed: [], dynamic: true });
    const s = new Spam();
    s.baz = 'hello';
    const bytes = '0a 0b 1d' + ascii('org.pyamf.spam') + '07' + ascii('baz') + '06 0b' + ascii('hello') + '01';
    assert.equal(toHex(encodeAmf3(s, { classRegistry: registry })), toHex(hex(bytes)));
    const back = decodeAmf3(hex(bytes), { classRegistry: registry });
    assert.ok(back instanceof Spam);
    assert.equal(back.baz, 'hello');
  });
  it('writes registered sealed classes with their declared member order', () => {
    class P {
      y = 2;
      x = 1;
    }
    const registry = new ClassRegistry().registerClass('P', P, { sealed: ['x', 'y'] });
    assert.equal(toHex(encodeAmf3(new P(), { classRegistry: registry })), '0a2303500378037904010402');
  });
  it('registers an object before its members, so cycles come back', () => {
    const o: { [k: string]: AmfValue } = {};
    o.self = o;
    const b = encodeAmf3(o);
    assert.equal(toHex(b), '0a0b01' + '0973656c66' + '0a00' + '01');
    const back = decodeAmf3(b) as { self: unknown };
    assert.equal(back.self, back);
  });
  it('rejects unknown classes on request and any unknown externalizable', () => {
    assert.throws(() => decodeAmf3(hex('0a 0b 03 58 01'), { onUnknownClass: 'reject' }), { code: 'AMF_ERR_UNKNOWN_CLASS' });
    assert.throws(() => decodeAmf3(hex('0a 07 03 58 04 01')), { code: 'AMF_ERR_UNKNOWN_CLASS' });
  });
  it('rejects a trait reference past the table', () => {
    assert.throws(() => decodeAmf3(hex('0a 05')), { code: 'AMF_ERR_BAD_REFERENCE' });
  });
});

describe('AMF3 externalizable (spec 3.12, traits-ext) and the flex collections', () => {
  it('ArrayCollection writes its source array (PyAMF test_list_proxy_references)', () => {
    const ac = new ArrayCollection([0, 1, 2, 3]);
    const bytes = '0a 07 43' + ascii('flex.messaging.io.ArrayCollection') + '09 09 01 04 00 04 01 04 02 04 03';
    both(ac, bytes);
    const b = encodeAmf3Sequence([ac, ac]);
    assert.equal(toHex(b), toHex(hex(bytes)) + '0a00');
  });
  it('ObjectProxy writes its object (PyAMF test_proxy)', () => {
    both(new ObjectProxy({}), '0a 07 3b' + ascii('flex.messaging.io.ObjectProxy') + '0a 0b 01 01');
  });
  it('ArrayList writes its source array', () => {
    both(new ArrayList(['a']), '0a 07 37' + ascii('flex.messaging.io.ArrayList') + '09 03 01 06 03 61');
  });
  it('uses user-registered externalizable codecs', () => {
    class Money {
      constructor(public cents: number, public currency: string) {}
    }
    const registry = createClassRegistry().registerExternalizable('com.x.Money', {
      ctor: Money,
      read: (r) => new Money(r.readInt32(), r.readUtf8String()),
      write: (w, v) => void w.writeInt32(v.cents).writeUtf8String(v.currency),
    });
    const m = new Money(-150, 'EUR');
    const b = encodeAmf3([m, m], { classRegistry: registry });
    assert.equal(toHex(b), '090501' + '0a07' + '17' + ascii('com.x.Money') + 'ffffff6a' + '0003' + ascii('EUR') + '0a02');
    const back = decodeAmf3(b, { classRegistry: registry }) as Money[];
    assert.ok(back[0] instanceof Money);
    assert.equal(back[0], back[1]);
    assert.deepEqual({ ...back[0] }, { cents: -150, currency: 'EUR' });
  });
});

describe('AMF3 ByteArray (spec 3.14)', () => {
  it('writes 0x0C + U29 length + bytes (PyAMF test_byte_array)', () => {
    const b = decodeAmf3(hex('0c 0b' + ascii('hello')));
    assert.ok(Buffer.isBuffer(b));
    assert.equal(b.toString(), 'hello');
    assert.equal(toHex(encodeAmf3(Buffer.from('hello'))), '0c0b' + ascii('hello'));
  });
  it('decodes a copy, not a view of the input', () => {
    const input = hex('0c 03 aa');
    const b = decodeAmf3(input) as Buffer;
    input[2] = 0;
    assert.equal(b[0], 0xaa);
  });
  it('decodes a zero-copy view with copyByteArrays: false', () => {
    const input = hex('0c 05 aabb');
    const b = decodeAmf3(input, { copyByteArrays: false }) as Buffer;
    assert.equal(b.buffer, input.buffer);
    assert.equal(toHex(b), 'aabb');
    assert.throws(() => decodeAmf3(hex('0c 05 aa'), { copyByteArrays: false }), { code: 'AMF_ERR_TRUNCATED' });
  });
  it('references empty ByteArrays too', () => {
    const e = new Uint8Array(0);
    assert.equal(toHex(encodeAmf3Sequence([e, e])), '0c01' + '0c00');
  });
});

describe('AMF3 Vector (spec 3.15)', () => {
  it('writes Vector.<int> as U29 count, fixed flag, s32 items', () => {
    both(new AmfVector('int', [1, -1], false), '0d 05 00 00000001 ffffffff');
  });
  it('writes Vector.<uint> and Vector.<Number>', () => {
    both(new AmfVector('uint', [0xffffffff], true), '0e 03 01 ffffffff');
    both(new AmfVector('double', [0.5]), '0f 03 00 3fe0000000000000');
  });
  it('writes Vector.<Object> with its element type name', () => {
    both(new AmfVector('object', ['a', 1], false, 'String'), '10 05 00 0d' + ascii('String') + '06 03 61 04 01');
    both(new AmfVector('object', [], false, ''), '10 01 00 01');
  });
});

describe('AMF3 Dictionary (spec 3.16)', () => {
  it('writes U29 count, weak-keys flag, then key/value pairs of any type', () => {
    const d = new AmfDictionary();
    d.set('a', 1);
    d.set(2, true);
    const bytes = '11 05 00 06 03 61 04 01 04 02 03';
    assert.equal(toHex(encodeAmf3(d)), toHex(hex(bytes)));
    const back = decodeAmf3(hex(bytes));
    assert.ok(back instanceof AmfDictionary);
    assert.deepEqual([...back], [['a', 1], [2, true]]);
    assert.equal(back.weakKeys, false);
  });
  it('keeps the weak-keys flag and object keys', () => {
    const d = new AmfDictionary();
    d.weakKeys = true;
    const k = { id: 1 };
    d.set(k, k);
    const back = decodeAmf3(encodeAmf3(d)) as AmfDictionary;
    assert.equal(back.weakKeys, true);
    const [[key, value]] = [...back];
    assert.equal(key, value);
    assert.deepEqual(key, { id: 1 });
  });
  it('encodes any Map as a Dictionary', () => {
    assert.equal(toHex(encodeAmf3(new Map([[1, 2]]))), '1103000401' + '0402');
  });
});

describe('AMF3 cursor', () => {
  it('reads from an offset and reports where the value ended', () => {
    const r = new Amf3Reader(hex('ff 04 7f 06 03 61 ee'), undefined, 1);
    assert.equal(r.readValue(), 127);
    assert.equal(r.readValue(), 'a');
    assert.equal(r.offset, 6);
    assert.ok(r.hasMore());
  });
  it('resetReferences forgets the tables', () => {
    const w = new Amf3Writer();
    w.writeValue('abc');
    w.resetReferences();
    w.writeValue('abc');
    assert.equal(toHex(w.toBuffer()), '0607616263' + '0607616263');
  });
});
