// Code of the value being encoded can throw mid-message (a getter, a Proxy trap, an externalizable's write): the
// one-shot encoders turn that into AmfEncodeError AMF_ERR_VALUE_THREW with the original as `cause`, and the next
// call still writes correct bytes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AmfEncodeError,
  AmfTypedObject,
  createClassRegistry,
  decodeAmf0,
  decodeAmf0Sequence,
  decodeAmf3,
  decodeAmf3Sequence,
  encodeAmf0,
  encodeAmf0Sequence,
  encodeAmf3,
  encodeAmf3Sequence,
  type AmfValue,
} from '../../src/amf/index.js';

const boom = new Error('getter failed');
const threw = (e: unknown): boolean => e instanceof AmfEncodeError && e.code === 'AMF_ERR_VALUE_THREW' && e.cause === boom;
/** A few members written, then a getter deep inside throws. */
const hostile = (): AmfValue => ({ a: 1, list: ['x', { b: 'y', get c(): string { throw boom; } }] }) as unknown as AmfValue;

describe('encoding a value whose getter throws', () => {
  it('encodeAmf0 / encodeAmf0Sequence (plain and amf3: true) throw AMF_ERR_VALUE_THREW with the cause', () => {
    assert.throws(() => encodeAmf0(hostile()), threw);
    assert.throws(() => encodeAmf0Sequence(['call', 1, hostile()]), threw);
    assert.throws(() => encodeAmf0(hostile(), { amf3: true }), threw);
    assert.deepEqual(decodeAmf0Sequence(encodeAmf0Sequence(['call', 1, { a: 1 }])), ['call', 1, { a: 1 }]);
    assert.deepEqual(decodeAmf0(encodeAmf0({ a: [1, 'x'] }, { amf3: true })), { a: [1, 'x'] });
  });

  it('encodeAmf3 / encodeAmf3Sequence do the same, and the next call starts clean', () => {
    assert.throws(() => encodeAmf3(hostile()), threw);
    assert.throws(() => encodeAmf3Sequence(['x', hostile()]), threw);
    // The strings 'x', 'a', 'list' entered the table of the failed message: none may be written as a reference now.
    assert.equal(encodeAmf3Sequence(['x', 'x']).toString('hex'), '0603780600');
    assert.deepEqual(decodeAmf3Sequence(encodeAmf3Sequence([{ a: 1, list: ['x'] }, 'x'])), [{ a: 1, list: ['x'] }, 'x']);
  });

  it('a typed object whose properties hold a throwing getter, and a Proxy trap, too', () => {
    const props = { get v(): number { throw boom; } } as unknown as { v: number };
    assert.throws(() => encodeAmf3(new AmfTypedObject('T', props, ['v'], false)), threw);
    assert.throws(() => encodeAmf0(new AmfTypedObject('T', props)), threw);
    const trap = new Proxy({}, { ownKeys: () => { throw boom; } });
    assert.throws(() => encodeAmf3(trap), threw);
    assert.throws(() => encodeAmf0(trap), threw);
  });

  it('an externalizable whose write throws', () => {
    class Ext {}
    const registry = createClassRegistry().registerExternalizable('Ext', { ctor: Ext, read: () => new Ext(), write: () => { throw boom; } });
    assert.throws(() => encodeAmf3([1, new Ext()], { classRegistry: registry }), threw);
    assert.deepEqual(decodeAmf3(encodeAmf3([1, 2])), [1, 2]);
  });

  it('codec errors pass through unchanged (AMF_ERR_UNSUPPORTED_VALUE, AMF_ERR_TOO_DEEP)', () => {
    assert.throws(() => encodeAmf3({ f: () => 1 } as never), { code: 'AMF_ERR_UNSUPPORTED_VALUE' });
    assert.throws(() => encodeAmf0([[[1]]], { maxDepth: 2 }), { code: 'AMF_ERR_TOO_DEEP' });
    assert.throws(() => encodeAmf0(1n as never), (e: unknown) => e instanceof AmfEncodeError && e.cause === undefined);
  });

  it('AmfEncodeError.from keeps an AmfEncodeError and wraps anything else', () => {
    const own = new AmfEncodeError('AMF_ERR_TOO_LARGE', 'too big');
    assert.equal(AmfEncodeError.from(own), own);
    const wrapped = AmfEncodeError.from('a string was thrown');
    assert.equal(wrapped.code, 'AMF_ERR_VALUE_THREW');
    assert.equal(wrapped.cause, 'a string was thrown');
    assert.match(wrapped.message, /a string was thrown/);
  });
});
