import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFlvHeader, encodeFlvHeader, encodeFlvTag, encodeFlvTagHeader, MediaError, readFlvFile, readFlvTagAt } from '../../../src/media/index.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('FLV header', () => {
  it('writes signature, version 1, flags and data offset 9, then PreviousTagSize0', () => {
    assert.deepEqual(encodeFlvHeader(true, true), hex('464c5601 05 00000009 00000000'));
    assert.deepEqual(encodeFlvHeader(true, false), hex('464c5601 04 00000009 00000000'));
  });
  it('reads the flags back', () => {
    assert.deepEqual(decodeFlvHeader(hex('464c5601 01 00000009')), { version: 1, hasAudio: false, hasVideo: true, dataOffset: 9 });
  });
  it('rejects a wrong signature and a short header with codes', () => {
    assert.throws(() => decodeFlvHeader(hex('464c5801 05 00000009')), (e: MediaError) => e.code === 'MEDIA_ERR_BAD_SIGNATURE');
    assert.throws(() => decodeFlvHeader(hex('464c56')), (e: MediaError) => e.code === 'MEDIA_ERR_TRUNCATED');
  });
});

describe('FLV tag', () => {
  it('puts the high timestamp byte in TimestampExtended', () => {
    assert.deepEqual(encodeFlvTagHeader(9, 0x01020304, 5), hex('09 000005 020304 01 000000'));
  });
  it('ends each tag with PreviousTagSize = 11 + data size', () => {
    const [, , prev] = encodeFlvTag(8, 0, Buffer.alloc(7));
    assert.deepEqual(prev, hex('00000012'));
  });
  it('refuses data above 24 bits', () => {
    assert.throws(() => encodeFlvTagHeader(9, 0, 0x1000000), (e: MediaError) => e.code === 'MEDIA_ERR_TOO_LARGE');
  });
  it('reads a 32-bit timestamp back and slices the data without copying', () => {
    const bytes = Buffer.concat(encodeFlvTag(9, 0xfe000001, hex('170100000000')));
    const tag = readFlvTagAt(bytes, 0);
    assert.ok(tag);
    assert.equal(tag.timestamp, 0xfe000001);
    assert.equal(tag.data.buffer, bytes.buffer);
    assert.deepEqual(tag.data, hex('170100000000'));
  });
  it('stops at a tag cut by a crash and keeps the complete ones', () => {
    const file = Buffer.concat([encodeFlvHeader(true, true), ...encodeFlvTag(8, 0, Buffer.alloc(4, 1)), ...encodeFlvTag(9, 40, Buffer.alloc(10, 2))]);
    for (let cut = file.length - 1; cut > file.length - 15; cut--) {
      assert.deepEqual([...readFlvFile(file.subarray(0, cut))].map((t) => t.type), [8]);
    }
    assert.deepEqual([...readFlvFile(file)].map((t) => [t.type, t.timestamp, t.data.length]), [[8, 0, 4], [9, 40, 10]]);
  });
  it('rejects a tag larger than the configured limit before reading it', () => {
    const file = Buffer.concat([encodeFlvHeader(true, true), hex('09 ffffff 000000 00 000000')]);
    assert.throws(() => [...readFlvFile(file, 1 << 20)], (e: MediaError) => e.code === 'MEDIA_ERR_TOO_LARGE');
  });
});
