// The writers' and readers' fast paths must give exactly the bytes (and values) of the general ones. Expected
// bytes come from Buffer's own UTF-8 encoder and from the AMF0/AMF3 length rules, never from our writer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AmfTypedObject, createClassRegistry, decodeAmf0, decodeAmf3, encodeAmf0, encodeAmf3, type AmfValue } from '../../src/amf/index.js';

/** AMF3 string value: 0x06, U29 (byteLength << 1 | 1), the UTF-8 bytes. */
function amf3String(s: string): Buffer {
  const utf8 = Buffer.from(s, 'utf8');
  const u = (utf8.length << 1) | 1;
  const header = u < 0x80 ? [u] : u < 0x4000 ? [(u >>> 7) | 0x80, u & 0x7f] : [(u >>> 14) | 0x80, ((u >>> 7) & 0x7f) | 0x80, u & 0x7f];
  return Buffer.concat([Buffer.from([0x06, ...header]), utf8]);
}

describe('string encoding fast paths', () => {
  it('short non-ASCII strings: the same bytes as Buffer, with the right U29 header around 64 bytes', () => {
    const samples = [
      'é', 'aé', 'Zürich', '東京', 'Ελλάδα', 'emoji 🎮', '\u07ff\u0800\uffff', '\ud83d', 'x\udc00y', '\ud83d\ude00',
      '東'.repeat(21), // 63 bytes: 1-byte header
      '東'.repeat(22), // 66 bytes: 2-byte header
      'a'.repeat(10) + '東'.repeat(18), // 64 bytes exactly
      '🎮'.repeat(15) + 'z', // 31 units, 61 bytes
      '\ud800'.repeat(31), // lone surrogates: 93 bytes of U+FFFD
    ];
    for (const s of samples) {
      assert.deepEqual(encodeAmf3(s), amf3String(s), JSON.stringify(s));
      assert.equal(decodeAmf3(encodeAmf3(s)), Buffer.from(s, 'utf8').toString('utf8'));
      const a0 = encodeAmf0(s);
      assert.deepEqual(a0.subarray(3), Buffer.from(s, 'utf8'), JSON.stringify(s));
      assert.equal(a0.readUInt16BE(1), Buffer.byteLength(s, 'utf8'));
    }
  });

  it('every code unit class at every position of short strings', () => {
    const units = ['a', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff', '\ud800', '\udfff', '\ud83c\udfae'];
    for (const a of units) {
      for (const b of units) {
        for (let pad = 0; pad < 30; pad += 7) {
          const s = 'p'.repeat(pad) + a + b;
          assert.deepEqual(encodeAmf3(s), amf3String(s), JSON.stringify(s));
          assert.deepEqual(encodeAmf0(s).subarray(3), Buffer.from(s, 'utf8'), JSON.stringify(s));
        }
      }
    }
  });
});

describe('object member fast paths', () => {
  it('an enumerable property added to Object.prototype is never written as a member', () => {
    const proto = Object.prototype as Record<string, unknown>;
    const before0 = encodeAmf0({ a: 1, b: 'x' });
    const before3 = encodeAmf3({ a: 1, b: 'x' });
    proto.polluted = 'yes';
    try {
      assert.deepEqual(encodeAmf0({ a: 1, b: 'x' }), before0);
      assert.deepEqual(encodeAmf3({ a: 1, b: 'x' }), before3);
    } finally {
      delete proto.polluted;
    }
    assert.deepEqual(decodeAmf0(before0), { a: 1, b: 'x' });
  });

  it('own keys in JavaScript order, __proto__ as an own key, null-prototype objects', () => {
    const o: Record<string, unknown> = { z: 1, 2: 'two', a: true, 1: 'one' };
    Object.defineProperty(o, '__proto__', { value: { x: 1 }, enumerable: true, configurable: true, writable: true });
    const nul = Object.assign(Object.create(null) as Record<string, unknown>, { k: 'v' });
    for (const v of [o, nul]) {
      const back0 = decodeAmf0(encodeAmf0(v)) as Record<string, unknown>;
      const back3 = decodeAmf3(encodeAmf3(v)) as Record<string, unknown>;
      assert.deepEqual(Object.keys(back0), Object.keys(v));
      assert.deepEqual(Object.keys(back3), Object.keys(v));
    }
    assert.equal(
      encodeAmf0({ b: 1, a: 2 }).toString('hex'),
      '03' + '0001' + '62' + '00' + '3ff0000000000000' + '0001' + '61' + '00' + '4000000000000000' + '000009',
    );
  });
});

describe('AMF3 string table across messages', () => {
  /** Expected bytes of [a, b, a, b] in a fresh message: both inline, then references 0 and 1. */
  function expected(a: string, b: string): Buffer {
    return Buffer.concat([Buffer.from([0x09, 0x09, 0x01]), amf3String(a), amf3String(b), Buffer.from([0x06, 0x00, 0x06, 0x02])]);
  }

  it('every message starts with an empty table, for short, 64-127 unit and long strings', () => {
    const pairs: Array<[string, string]> = [
      ['code', 'level'],
      ['x'.repeat(100), 'é'.repeat(70)],
      ['y'.repeat(300), '東'.repeat(3000)],
      ['short', 'z'.repeat(200)],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [a, b] of pairs) assert.deepEqual(encodeAmf3([a, b, a, b]), expected(a, b));
    }
  });

  it('indices stay right after the lasting table is dropped (thousands of distinct strings)', () => {
    for (let m = 0; m < 12; m++) {
      const many = Array.from({ length: 1000 }, (_, i) => `s${m}-${i}`);
      const bytes = encodeAmf3([...many, ...many]);
      assert.deepEqual(decodeAmf3(bytes), [...many, ...many]);
      // The second half is all references: 0x06 + a 1- or 2-byte U29.
      const inline = encodeAmf3(many);
      assert.ok(bytes.length < inline.length + 1000 * 3 + 3);
    }
    assert.deepEqual(encodeAmf3(['s0-1', 's0-1']), Buffer.from('0905010609' + Buffer.from('s0-1').toString('hex') + '0600', 'hex'));
  });
});

describe('cached trait blocks of registered sealed classes', () => {
  class Msg {
    body: AmfValue = null;
    clientId = 'c1';
    headers: Record<string, AmfValue> = {};
  }
  const sealed = ['body', 'clientId', 'headers'];
  const registry = createClassRegistry().registerClass('flex.Msg', Msg, { sealed });
  /** The same object as an AmfTypedObject, which the writer encodes name by name (no cached block). */
  const typed = (m: Msg): AmfTypedObject =>
    new AmfTypedObject('flex.Msg', { body: m.body, clientId: m.clientId, headers: m.headers }, sealed, false);

  it('gives the bytes of the name-by-name encoding wherever the names already are in the string table', () => {
    const m = Object.assign(new Msg(), { body: ['x'] });
    const before: AmfValue[][] = [[], ['other'], ['body'], ['headers', 'flex.Msg'], ['flex.Msg'], ['c1', 'clientId'], ['x'.repeat(200)]];
    for (const prefix of before) {
      const ours = encodeAmf3([...prefix, m, m, Object.assign(new Msg(), { clientId: 'body' })], { classRegistry: registry });
      const tm = typed(m);
      const reference = encodeAmf3([...prefix, tm, tm, typed(Object.assign(new Msg(), { clientId: 'body' }))]);
      assert.deepEqual(ours, reference, JSON.stringify(prefix));
    }
  });

  it('names that repeat inside the block (or are empty) are written one by one', () => {
    class Odd {
      a = 1;
    }
    const reg = createClassRegistry().registerClass('a', Odd, { sealed: ['a', 'b'] });
    const v = Object.assign(new Odd(), { b: 2 });
    assert.deepEqual(encodeAmf3(v, { classRegistry: reg }), encodeAmf3(new AmfTypedObject('a', { a: 1, b: 2 }, ['a', 'b'], false)));
  });
});

describe('UID-shaped strings (a per-message list instead of the lasting string table)', () => {
  /** The spec's bytes for a dense array of strings: first sighting inline, then a reference to its index. */
  function expectedArray(items: string[]): Buffer {
    const table = new Map<string, number>();
    const parts: Buffer[] = [];
    for (const s of items) {
      const index = table.get(s);
      if (s !== '' && index !== undefined) {
        parts.push(Buffer.from([0x06, ...(index < 64 ? [index << 1] : [((index << 1) >>> 7) | 0x80, (index << 1) & 0x7f])]));
      } else {
        if (s !== '') table.set(s, table.size);
        parts.push(amf3String(s));
      }
    }
    const u = (items.length << 1) | 1;
    return Buffer.concat([Buffer.from([0x09, ...(u < 0x80 ? [u] : [(u >>> 7) | 0x80, u & 0x7f]), 0x01]), ...parts]);
  }
  const uid = (i: number): string => `0A1B2C3D-4E5F-6071-8293-${String(i).padStart(12, '0')}`;

  it('are referenced within a message and written again in the next, below and past the list size', () => {
    for (const count of [1, 2, 15, 16, 17, 40]) {
      const ids = Array.from({ length: count }, (_, i) => uid(i));
      const items = [...ids, 'key', ...ids.slice().reverse(), 'key', ids[0]];
      for (let round = 0; round < 3; round++) {
        assert.deepEqual(encodeAmf3(items), expectedArray(items), `count ${count}`);
        assert.deepEqual(decodeAmf3(encodeAmf3(items)), items);
      }
    }
  });

  it('mix with ordinary strings of the same length and non-ASCII UIDs', () => {
    const plain = 'x'.repeat(36);
    const almost = '0A1B2C3D-4E5F-6071-8293_000000000001'; // one dash missing: an ordinary string
    const wide = 'é1B2C3D-4E5F-6071-8293-00000000000東';
    const items = [uid(1), plain, almost, wide, uid(1), plain, almost, wide, uid(2), 'a'];
    assert.deepEqual(encodeAmf3(items), expectedArray(items));
    assert.deepEqual(encodeAmf3(items), expectedArray(items));
  });

  it('are also referenced as object keys and trait names (no cached block for a UID-shaped member)', () => {
    class Odd {
      [k: string]: AmfValue;
    }
    const name = uid(7);
    const reg = createClassRegistry().registerClass('odd', Odd, { sealed: [name] });
    const v = Object.assign(new Odd(), { [name]: name });
    const ours = encodeAmf3([v, { [name]: uid(8) }, uid(8)], { classRegistry: reg });
    const reference = encodeAmf3([new AmfTypedObject('odd', { [name]: name }, [name], false), { [name]: uid(8) }, uid(8)]);
    assert.deepEqual(ours, reference);
    // odd's traits, then the name once inline and as a reference for its value.
    assert.ok(ours.includes(Buffer.from([0x0a, 0x13, 0x07, ...Buffer.from('odd'), 0x49, ...Buffer.from(name), 0x06, 0x02])));
  });
});

describe('AMF3 object table (a short identity list, then a Map)', () => {
  it('references every object by its index, below and past the list size, message after message', () => {
    for (const count of [1, 15, 16, 17, 40, 300]) {
      const objs = Array.from({ length: count }, () => ({}));
      const bytes = encodeAmf3([...objs, ...objs.slice().reverse(), objs[0]]);
      // [array marker, U29 length, no assoc], `count` inline empty objects (the first with anonymous traits),
      // then references: object i has index i + 1 (the array itself is 0).
      const u29 = (v: number): number[] => (v < 0x80 ? [v] : [(v >>> 7) | 0x80, v & 0x7f]);
      const head = [0x09, ...u29(((2 * count + 1) << 1) | 1), 0x01, 0x0a, 0x0b, 0x01, 0x01];
      const inline = Array.from({ length: count - 1 }, () => [0x0a, 0x01, 0x01]).flat();
      const refs = [...objs.map((_, i) => count - i), 1].flatMap((index) => [0x0a, ...u29(index << 1)]);
      assert.deepEqual(bytes, Buffer.from([...head, ...inline, ...refs]), `count ${count}`);
      const back = decodeAmf3(bytes) as object[];
      assert.equal(back[0], back[2 * count - 1]);
      assert.equal(back[0], back[2 * count]);
    }
  });
});

describe('AMF3 trait table (a short list, then a Map)', () => {
  it('references traits by index, below and past the list size', () => {
    for (const count of [1, 16, 17, 40]) {
      const first = Array.from({ length: count }, (_, i) => new AmfTypedObject(`c${i}`, {}, [], false));
      const second = Array.from({ length: count }, (_, i) => new AmfTypedObject(`c${i}`, {}, [], false)).reverse();
      const u29 = (v: number): number[] => (v < 0x80 ? [v] : [(v >>> 7) | 0x80, v & 0x7f]);
      const expected = [
        0x09, ...u29(((2 * count) << 1) | 1), 0x01,
        ...first.flatMap((_, i) => [0x0a, 0x03, ...amf3String(`c${i}`).subarray(1)]),
        ...second.flatMap((_, j) => [0x0a, ...u29(((count - 1 - j) << 2) | 1)]),
      ];
      const bytes = encodeAmf3([...first, ...second]);
      assert.deepEqual(bytes, Buffer.from(expected), `count ${count}`);
      assert.deepEqual(decodeAmf3(bytes), [...first, ...second]);
    }
  });
});

describe('cached trait blocks across a dropped string table', () => {
  class Msg {
    clientId = 'c1';
    body: AmfValue = null;
  }
  const sealed = ['clientId', 'body'];
  const registry = createClassRegistry().registerClass('flex.Msg2', Msg, { sealed });
  const typed = (m: Msg): AmfTypedObject => new AmfTypedObject('flex.Msg2', { clientId: m.clientId, body: m.body }, sealed, false);

  it('still gives the name-by-name bytes after thousands of distinct strings replaced the lasting table', () => {
    for (let round = 0; round < 4; round++) {
      const m = Object.assign(new Msg(), { body: ['clientId', `r${round}`] });
      assert.deepEqual(encodeAmf3(m, { classRegistry: registry }), encodeAmf3(typed(m)));
      encodeAmf3(Array.from({ length: 3000 }, (_, i) => `drop-${round}-${i}`));
      assert.deepEqual(encodeAmf3(['flex.Msg2', m], { classRegistry: registry }), encodeAmf3(['flex.Msg2', typed(m)]));
      const tm = typed(m);
      assert.deepEqual(encodeAmf3([m, m, 'body'], { classRegistry: registry }), encodeAmf3([tm, tm, 'body']));
    }
  });
});

describe('number arrays read inline', () => {
  const mixed: AmfValue[] = [1.5, 2, -3, 2 ** 28, -(2 ** 28), 0.1, 'x', null, [4, 5.5], NaN, -0];

  it('decode to the values written, in AMF0 and AMF3', () => {
    assert.deepEqual(decodeAmf0(encodeAmf0(mixed)), mixed);
    assert.deepEqual(decodeAmf3(encodeAmf3(mixed)), mixed);
  });

  it('count every element against maxElements and stop at the input end', () => {
    const nums = Array.from({ length: 50 }, (_, i) => i * 1.25);
    for (const [enc, dec] of [
      [encodeAmf0, decodeAmf0],
      [encodeAmf3, decodeAmf3],
    ] as const) {
      const bytes = enc(nums);
      assert.throws(() => dec(bytes, { maxElements: 60 }), { code: 'AMF_ERR_BUDGET' });
      assert.deepEqual(dec(bytes, { maxElements: 200 }), nums);
      for (const cut of [bytes.length - 1, bytes.length - 8, bytes.length - 9, 10]) {
        assert.throws(() => dec(bytes.subarray(0, cut)), { code: 'AMF_ERR_TRUNCATED' });
      }
    }
  });
});

describe('AMF3 trait keys of one message never collide', () => {
  // Class and member names come off the wire (a relayed or echoed object): a NUL or an empty name must not make
  // two different trait layouts share one key, or the second object is written against the first's traits.
  it('typed objects whose class and sealed names join to the same text', () => {
    const a = new AmfTypedObject('A\u0000b', {}, [], false);
    const b = new AmfTypedObject('A', { b: 1, '': 2 }, ['b', ''], false);
    const back = decodeAmf3(encodeAmf3([a, b, 'after'])) as AmfValue[];
    assert.equal(back.length, 3);
    const [da, db] = back as AmfTypedObject[];
    assert.equal(da.className, 'A\u0000b');
    assert.deepEqual(da.sealedMembers, []);
    assert.equal(db.className, 'A');
    assert.deepEqual(db.sealedMembers, ['b', '']);
    assert.deepEqual({ ...db.properties }, { b: 1, '': 2 });
    assert.equal(back[2], 'after');
  });

  it('instances of a registered class (own keys as sealed names) whose keys join to the same text', () => {
    class Foo {}
    const registry = createClassRegistry().registerClass('Foo', Foo);
    const one = Object.assign(Object.create(Foo.prototype) as object, { 'a\u0000b': 1 });
    const two = Object.assign(Object.create(Foo.prototype) as object, { a: 2, b: 3 });
    const back = decodeAmf3(encodeAmf3([one, two, 'after'], { classRegistry: registry }), { classRegistry: registry }) as AmfValue[];
    assert.equal(back.length, 3);
    assert.deepEqual({ ...(back[0] as object) }, { 'a\u0000b': 1 });
    assert.deepEqual({ ...(back[1] as object) }, { a: 2, b: 3 });
    assert.equal(back[2], 'after');
  });
});
