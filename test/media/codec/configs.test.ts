import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MediaError, parseAacConfig, parseAvcConfig, parseHevcConfig } from '../../../src/media/index.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('AAC AudioSpecificConfig', () => {
  it('reads AAC-LC 44.1 kHz stereo (12 10)', () => {
    assert.deepEqual(parseAacConfig(hex('1210')), { audioObjectType: 2, sampleRate: 44100, channelConfiguration: 2 });
  });
  it('reads AAC-LC 48 kHz mono (11 88)', () => {
    assert.deepEqual(parseAacConfig(hex('1188')), { audioObjectType: 2, sampleRate: 48000, channelConfiguration: 1 });
  });
  it('reads an explicit 24-bit sampling frequency', () => {
    // AOT 2, index 15, 0x00ac44 (44100), 2 channels
    assert.deepEqual(parseAacConfig(hex('17 80 56 22 10')), { audioObjectType: 2, sampleRate: 44100, channelConfiguration: 2 });
  });
  it('rejects a reserved frequency index and short input', () => {
    assert.throws(() => parseAacConfig(hex('1690')), (e: MediaError) => e.code === 'MEDIA_ERR_BAD_CODEC_CONFIG');
    assert.throws(() => parseAacConfig(hex('12')), (e: MediaError) => e.code === 'MEDIA_ERR_TRUNCATED');
  });
});

describe('AVCDecoderConfigurationRecord', () => {
  const record = hex('01 64 00 1f ff e1 0004 6764001f 01 0003 68ebe3');
  it('reads profile, level, NAL length size, SPS and PPS', () => {
    const c = parseAvcConfig(record);
    assert.deepEqual([c.profile, c.level, c.nalLengthSize, c.codecString], [0x64, 0x1f, 4, 'avc1.64001f']);
    assert.deepEqual(c.sps, [hex('6764001f')]);
    assert.deepEqual(c.pps, [hex('68ebe3')]);
  });
  it('rejects a cut record at every length', () => {
    for (let n = 0; n < record.length; n++) {
      assert.throws(() => parseAvcConfig(record.subarray(0, n)), (e: MediaError) => e.code === 'MEDIA_ERR_TRUNCATED', `length ${n}`);
    }
  });
  it('rejects another version', () => {
    assert.throws(() => parseAvcConfig(hex('02 64 00 1f ff e0 00')), (e: MediaError) => e.code === 'MEDIA_ERR_BAD_CODEC_CONFIG');
  });
});

describe('HEVCDecoderConfigurationRecord', () => {
  const header = hex('01 01 60000000 900000000000 5d f000 fc fd f8 f8 0000 0f');
  const record = Buffer.concat([header, hex('03'), hex('a0 0001 0002 4001'), hex('a1 0001 0002 4201'), hex('a2 0001 0002 4401')]);
  it('reads profile, level, NAL length size and the VPS/SPS/PPS arrays', () => {
    const c = parseHevcConfig(record);
    assert.deepEqual([c.profile, c.tier, c.level, c.nalLengthSize, c.chromaFormat, c.bitDepthLuma], [1, 0, 0x5d, 4, 1, 8]);
    assert.deepEqual(c.arrays.map((a) => [a.nalUnitType, a.units.length]), [[32, 1], [33, 1], [34, 1]]);
  });
  it('rejects a cut record at every length', () => {
    for (let n = 0; n < record.length; n++) {
      assert.throws(() => parseHevcConfig(record.subarray(0, n)), (e: MediaError) => e.code === 'MEDIA_ERR_TRUNCATED', `length ${n}`);
    }
  });
});
