import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MediaError, parseAudioTag } from '../../../src/media/index.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('audio tag header', () => {
  it('reads an AAC sequence header and raw frame', () => {
    const seq = parseAudioTag(hex('af 00 1210'));
    assert.deepEqual([seq.codec, seq.isSequenceHeader, seq.dataOffset, seq.soundRate, seq.soundSize, seq.stereo], ['aac', true, 2, 3, 16, true]);
    assert.equal(parseAudioTag(hex('af 01 21')).isSequenceHeader, false);
  });
  it('names MP3, Speex and Nellymoser', () => {
    assert.equal(parseAudioTag(hex('2f ff')).codec, 'mp3');
    assert.equal(parseAudioTag(hex('b2 00')).codec, 'speex');
    assert.equal(parseAudioTag(hex('6e 00')).codec, 'nellymoser');
  });
  it('reads an enhanced Opus SequenceStart', () => {
    const a = parseAudioTag(Buffer.concat([hex('90'), Buffer.from('Opus')]));
    assert.deepEqual([a.codec, a.enhanced, a.isSequenceHeader, a.dataOffset], ['Opus', true, true, 5]);
  });
  it('rejects a cut AAC header', () => {
    assert.throws(() => parseAudioTag(hex('af')), (e: MediaError) => e.code === 'MEDIA_ERR_TRUNCATED');
  });
});
