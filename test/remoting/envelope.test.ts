// The remoting packet framing. Byte vectors marked "PyAMF" come from PyAMF's pyamf/tests/test_remoting.py
// (hydralabs/pyamf); the Credentials packet there is a capture of a real Flash client ("genopro").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AmfEcmaArray } from '../../src/amf/index.js';
import { decodeEnvelope, encodeEnvelope, RemotingError, type Envelope } from '../../src/remoting/index.js';
import { hex } from './helpers.js';

function rejects(bytes: Buffer, code: string, options = {}): RemotingError {
  let caught: unknown;
  try {
    decodeEnvelope(bytes, options);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof RemotingError, `expected RemotingError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code);
  return caught;
}

describe('remoting envelope: decoding', () => {
  it('reads an empty packet (version 0, no headers, no bodies) — PyAMF', () => {
    assert.deepEqual(decodeEnvelope(hex('00 00 00 00 00 00')), { version: 0, headers: [], bodies: [] });
  });

  it('reads a header-only packet with a non-required header — PyAMF', () => {
    const e = decodeEnvelope(hex('0000 0001 0004 6e616d65 00 00000005 0a00000000 0000'));
    assert.equal(e.headers.length, 1);
    assert.deepEqual(e.headers[0], { name: 'name', mustUnderstand: false, value: [] });
    assert.equal(e.bodies.length, 0);
  });

  it('reads the mustUnderstand flag of several headers — PyAMF', () => {
    const e = decodeEnvelope(hex('0000 0002 0004 6e616d65 00 00000005 0a00000000 0004 7370616d 01 00000001 05 0000'));
    assert.deepEqual(e.headers, [
      { name: 'name', mustUnderstand: false, value: [] },
      { name: 'spam', mustUnderstand: true, value: null },
    ]);
  });

  it('reads a body whose value is an ECMA array inside the argument list — PyAMF', () => {
    const e = decodeEnvelope(hex('0000 0000 0001 0009 746573742e74657374 0002 2f31 00000014 0a00000001 08 00000000 0001 61 02 0001 61 0000 09'));
    assert.equal(e.bodies.length, 1);
    assert.equal(e.bodies[0].target, 'test.test');
    assert.equal(e.bodies[0].response, '/1');
    const args = e.bodies[0].value as unknown[];
    assert.ok(args[0] instanceof AmfEcmaArray);
    assert.equal((args[0] as AmfEcmaArray).a, 'a');
  });

  it('does not trust the body length field (wrong by one, 0 and 0xFFFFFFFF) — PyAMF and real clients', () => {
    for (const len of ['00000013', '00000000', 'ffffffff', '00000001']) {
      const e = decodeEnvelope(hex(`0000 0000 0001 0009 746573742e74657374 0002 2f31 ${len} 0a00000001 02 0005 68656c6c6f`));
      assert.deepEqual(e.bodies[0].value, ['hello']);
    }
  });

  it('keeps bodies in wire order — PyAMF', () => {
    const e = decodeEnvelope(hex('0000 0000 0002 0008 6765745f7370616d 0002 2f32 00000000 0a00000000 0004 6563686f 0002 2f31 00000000 0a00000001 02000b68656c6c6f20776f726c64'));
    assert.deepEqual(e.bodies.map((b) => b.response), ['/2', '/1']);
    assert.deepEqual(e.bodies[1].value, ['hello world']);
  });

  it('reads an AMF3 Credentials header and AMF3 body sent by a real Flash client — PyAMF capture', () => {
    const e = decodeEnvelope(hex(`
      0000 0001 000b 43726564656e7469616c73 00 0000002c
        11 0a0b01 0d757365726964 061f67656e6f70726f5c40676572617264 11 70617373776f7264 06096767676701
      0001 000b 63726561746547726f7570 0002 2f31 0000001c
        0a00000001 11 0a0b01 0973747241 060974657374 0973747242 0602 01`));
    assert.deepEqual({ ...(e.headers[0].value as object) }, { userid: 'genopro\\@gerard', password: 'gggg' });
    assert.equal(e.bodies[0].target, 'createGroup');
    // 0x06 0x02 is a string reference to "test": the AMF3 tables persist within one body.
    assert.deepEqual({ ...((e.bodies[0].value as unknown[])[0] as object) }, { strA: 'test', strB: 'test' });
  });

  it('restarts reference tables for every body', () => {
    // Body 2 holds an AMF0 reference to index 1: valid only if body 1's table (array, object) leaked into it.
    const bytes = hex('0000 0000 0002 0001 61 0002 2f31 00000000 0a00000001 0300016102000162000009 0001 62 0002 2f32 00000000 0a00000001 070001');
    rejects(bytes, 'REMOTING_ERR_BAD_VALUE');
  });
});

describe('remoting envelope: refusals', () => {
  it('rejects versions other than 0 and 3', () => {
    for (const v of ['0001', '0002', '0004', 'ffff']) rejects(hex(`${v} 0000 0000`), 'REMOTING_ERR_BAD_VERSION');
    assert.equal(decodeEnvelope(hex('0003 0000 0000')).version, 3);
  });

  it('gives a typed error at every truncation of a packet, never anything else', () => {
    const full = hex('0000 0001 0004 7370616d 01 00000001 05 0002 0009 746573742e74657374 0002 2f31 00000000 0a00000001 0200 0568656c6c6f 0001 62 0002 2f32 00000000 0a00000000');
    decodeEnvelope(full);
    for (let n = 0; n < full.length; n++) {
      const err = rejects(full.subarray(0, n), 'REMOTING_ERR_TRUNCATED');
      assert.ok(err.offset === undefined || err.offset <= n);
    }
  });

  it('refuses header and body counts above the limits before reading them', () => {
    rejects(hex('0000 ffff'), 'REMOTING_ERR_TOO_MANY_HEADERS');
    rejects(hex('0000 0000 ffff'), 'REMOTING_ERR_TOO_MANY_BODIES');
    rejects(hex('0000 0000 0002 0001 61 0002 2f31 00000000 05'), 'REMOTING_ERR_TOO_MANY_BODIES', { maxBodies: 1 });
    // A count that fits the limit but not the bytes left fails at once, without looping over it.
    rejects(hex('0000 0040'), 'REMOTING_ERR_TRUNCATED');
  });

  it('refuses trailing bytes after the last body', () => {
    rejects(hex('0000 0000 0000 00'), 'REMOTING_ERR_TRAILING_BYTES');
  });

  it('passes the codec budgets through (depth)', () => {
    // 1,000 nested AMF3 arrays behind the 0x11 switch.
    const nested = Buffer.concat([hex('0003 0000 0001 0001 61 0002 2f31 00000000 11'), Buffer.alloc(1000).fill(Buffer.from([0x09, 0x03, 0x01])), hex('01')]);
    const err = rejects(nested, 'REMOTING_ERR_BAD_VALUE', { maxDepth: 64 });
    assert.equal((err.cause as { code: string }).code, 'AMF_ERR_TOO_DEEP');
  });

  it('keeps a __proto__ key in a header value as plain data', () => {
    const e = decodeEnvelope(hex('0000 0001 0001 68 00 00000000 03 0009 5f5f70726f746f5f5f 03 0001 78 0101 000009 000009 0000'));
    const v = e.headers[0].value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.ok(Object.hasOwn(v, '__proto__'));
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });
});

describe('remoting envelope: encoding', () => {
  it('writes empty packets of version 0 and 3 — PyAMF', () => {
    assert.deepEqual(encodeEnvelope({ version: 0, headers: [], bodies: [] }), hex('000000000000'));
    assert.deepEqual(encodeEnvelope({ version: 3, headers: [], bodies: [] }), hex('000300000000'));
  });

  it('writes a request with the exact body length — PyAMF strict', () => {
    const e: Envelope = { version: 0, headers: [], bodies: [{ target: 'test.test', response: '/1', value: ['hello'] }] };
    assert.deepEqual(encodeEnvelope(e), hex('0000 0000 0001 0009 746573742e74657374 0002 2f31 0000000d 0a00000001 02000568656c6c6f'));
  });

  it('writes a response at /1/onResult with response "null" — PyAMF strict', () => {
    const e: Envelope = { version: 0, headers: [], bodies: [{ target: '/1/onResult', response: 'null', value: ['spam'] }] };
    assert.deepEqual(encodeEnvelope(e), hex('0000 0000 0001 000b 2f312f6f6e526573756c74 0004 6e756c6c 0000000c 0a00000001 0200047370616d'));
  });

  it('writes header flag and exact header length', () => {
    const e: Envelope = { version: 0, headers: [{ name: 'spam', mustUnderstand: true, value: ['a', 'b', 'c'] }], bodies: [] };
    assert.deepEqual(encodeEnvelope(e), hex('0000 0001 0004 7370616d 01 00000011 0a00000003 02000161 02000162 02000163 0000'));
  });

  it('writes values through the AMF3 switch in version 3 packets (a ByteArray) — PyAMF', () => {
    const e: Envelope = { version: 3, headers: [], bodies: [{ target: '/1/onResult', response: 'null', value: Buffer.from('12345678') }] };
    assert.deepEqual(encodeEnvelope(e), hex('0003 0000 0001 000b 2f312f6f6e526573756c74 0004 6e756c6c 0000000b 11 0c11 3132333435363738'));
  });

  it('restarts references per body, so a value shared by two bodies is written twice — PyAMF', () => {
    const f = ['a', 'b', 'c'];
    const e: Envelope = { version: 0, headers: [], bodies: [{ target: 'foo', response: '/1', value: [f] }, { target: 'bar', response: '/2', value: [f] }] };
    const bytes = encodeEnvelope(e);
    assert.deepEqual(decodeEnvelope(bytes).bodies.map((b) => b.value), [[f], [f]]);
    assert.equal(bytes.includes(hex('07 0001')), false);
  });

  it('round-trips a packet with headers and bodies of both versions', () => {
    for (const version of [0, 3] as const) {
      const e: Envelope = {
        version,
        headers: [{ name: 'Credentials', mustUnderstand: false, value: { userid: 'u', password: 'p' } }],
        bodies: [
          { target: 'svc.m', response: '/1', value: ['x', 1.5, true, null, [1, [2, 3]], { d: new Date(0) }] },
          { target: 'svc.n', response: '/2', value: [] },
        ],
      };
      const back = decodeEnvelope(encodeEnvelope(e));
      assert.equal(back.version, version);
      assert.deepEqual(JSON.parse(JSON.stringify(back)), JSON.parse(JSON.stringify(e)));
    }
  });
});
