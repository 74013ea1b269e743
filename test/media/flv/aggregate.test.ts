import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFlvTag, MediaError, splitAggregate } from '../../../src/media/index.js';

describe('aggregate messages', () => {
  it('splits tags and rebases timestamps on the message timestamp', () => {
    const payload = Buffer.concat([...encodeFlvTag(9, 1000, Buffer.from('ab')), ...encodeFlvTag(8, 1023, Buffer.from('cde'))]);
    const tags = splitAggregate(payload, 5000);
    assert.deepEqual(tags.map((t) => [t.type, t.timestamp, t.data.toString()]), [[9, 5000, 'ab'], [8, 5023, 'cde']]);
  });
  it('accepts a missing last PreviousTagSize', () => {
    const payload = Buffer.concat(encodeFlvTag(9, 0, Buffer.from('ab')).slice(0, 2));
    assert.equal(splitAggregate(payload, 0).length, 1);
  });
  it('rejects a tag that claims more bytes than the payload has', () => {
    const payload = Buffer.concat(encodeFlvTag(9, 0, Buffer.from('abcdef')));
    assert.throws(() => splitAggregate(payload.subarray(0, 14), 0), (e: MediaError) => e.code === 'MEDIA_ERR_TRUNCATED');
  });
  it('bounds the number of tags', () => {
    const one = Buffer.concat(encodeFlvTag(8, 0, Buffer.alloc(0)));
    assert.throws(() => splitAggregate(Buffer.concat(Array(10).fill(one)), 0, 5), (e: MediaError) => e.code === 'MEDIA_ERR_TOO_LARGE');
  });
});
