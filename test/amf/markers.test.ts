// Every type marker byte of AMF0 (spec 2.1) and AMF3 (spec 3.1), pinned twice: the exported constants, and the
// first byte the encoders write (or the decoders accept) for a value of that type.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Amf0Marker,
  Amf3Marker,
  AmfDictionary,
  AmfEcmaArray,
  AmfTypedObject,
  AmfVector,
  AmfXml,
  AmfXmlDocument,
  decodeAmf0,
  encodeAmf0,
  encodeAmf3,
  type AmfValue,
} from '../../src/amf/index.js';
import { hex } from './hex.js';

describe('AMF0 markers', () => {
  it('has the specification values', () => {
    assert.deepEqual({ ...Amf0Marker }, {
      Number: 0x00,
      Boolean: 0x01,
      String: 0x02,
      Object: 0x03,
      MovieClip: 0x04,
      Null: 0x05,
      Undefined: 0x06,
      Reference: 0x07,
      EcmaArray: 0x08,
      ObjectEnd: 0x09,
      StrictArray: 0x0a,
      Date: 0x0b,
      LongString: 0x0c,
      Unsupported: 0x0d,
      RecordSet: 0x0e,
      XmlDocument: 0x0f,
      TypedObject: 0x10,
      AvmPlus: 0x11,
    });
  });
  it('the encoder starts each type with its marker', () => {
    const shared = {};
    const cases: Array<[AmfValue, number]> = [
      [1.5, 0x00],
      [true, 0x01],
      ['s', 0x02],
      [{}, 0x03],
      [null, 0x05],
      [undefined, 0x06],
      [new AmfEcmaArray(), 0x08],
      [[], 0x0a],
      [new Date(0), 0x0b],
      ['x'.repeat(70000), 0x0c],
      [new AmfXmlDocument('<a/>'), 0x0f],
      [new AmfTypedObject('T', {}), 0x10],
      [new Uint8Array(1), 0x11],
    ];
    for (const [v, m] of cases) assert.equal(encodeAmf0(v)[0], m, `marker of ${String(v)}`);
    assert.equal(encodeAmf0([shared, shared])[5 + 4], 0x07, 'reference');
    assert.equal(encodeAmf0({})[3], 0x09, 'object end');
  });
  it('the decoder accepts 0x0D and refuses the reserved 0x04, 0x0E and a bare 0x09', () => {
    assert.equal(decodeAmf0(hex('0d')), undefined);
    for (const m of ['04', '0e', '09', '12', 'ff']) {
      assert.throws(() => decodeAmf0(hex(m)), { code: 'AMF_ERR_BAD_MARKER', offset: 0 }, m);
    }
  });
});

describe('AMF3 markers', () => {
  it('has the specification values', () => {
    assert.deepEqual({ ...Amf3Marker }, {
      Undefined: 0x00,
      Null: 0x01,
      False: 0x02,
      True: 0x03,
      Integer: 0x04,
      Double: 0x05,
      String: 0x06,
      XmlDocument: 0x07,
      Date: 0x08,
      Array: 0x09,
      Object: 0x0a,
      Xml: 0x0b,
      ByteArray: 0x0c,
      VectorInt: 0x0d,
      VectorUint: 0x0e,
      VectorDouble: 0x0f,
      VectorObject: 0x10,
      Dictionary: 0x11,
    });
  });
  it('the encoder starts each type with its marker', () => {
    const cases: Array<[AmfValue, number]> = [
      [undefined, 0x00],
      [null, 0x01],
      [false, 0x02],
      [true, 0x03],
      [7, 0x04],
      [0.5, 0x05],
      ['s', 0x06],
      [new AmfXmlDocument('<a/>'), 0x07],
      [new Date(0), 0x08],
      [[], 0x09],
      [{}, 0x0a],
      [new AmfXml('<a/>'), 0x0b],
      [new Uint8Array(1), 0x0c],
      [new AmfVector('int', []), 0x0d],
      [new AmfVector('uint', []), 0x0e],
      [new AmfVector('double', []), 0x0f],
      [new AmfVector('object', []), 0x10],
      [new AmfDictionary(), 0x11],
    ];
    for (const [v, m] of cases) assert.equal(encodeAmf3(v)[0], m, `marker of ${String(v)}`);
  });
  it('the decoder refuses markers past 0x11', async () => {
    const { decodeAmf3 } = await import('../../src/amf/index.js');
    for (const m of ['12', '7f', 'ff']) assert.throws(() => decodeAmf3(hex(m)), { code: 'AMF_ERR_BAD_MARKER', offset: 0 });
  });
});
