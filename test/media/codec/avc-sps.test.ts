import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MediaError, parseAvcSps } from '../../../src/media/index.js';
import { unescapeRbsp } from '../../../src/media/codec/exp-golomb.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('H.264 SPS picture size', () => {
  // Parameter sets written by x264 (ffmpeg lavfi testsrc) and openh264 (GStreamer).
  it('reads 1280x720 High (80x45 macroblocks, no cropping)', () => {
    assert.deepEqual(parseAvcSps(hex('6764001facd9405005bb011000000300100000030320f1831960')), { profile: 100, level: 31, chromaFormat: 1, width: 1280, height: 720 });
  });
  it('reads 854x480 (frame cropping on the right)', () => {
    const s = parseAvcSps(hex('6764001eacd940d83de6f011000003000100000300320f162d96'));
    assert.deepEqual([s.width, s.height], [854, 480]);
  });
  it('reads 1920x1080 4:4:4 (cropping in luma units)', () => {
    const s = parseAvcSps(hex('67f40028919b280f0044fc4e0220000003002000000641e30632c0'));
    assert.deepEqual([s.profile, s.chromaFormat, s.width, s.height], [244, 3, 1920, 1080]);
  });
  it('reads 320x240 Constrained Baseline', () => {
    const s = parseAvcSps(hex('6742c00dda0507ec0440000003004000000ca3c50aa8'));
    assert.deepEqual([s.profile, s.width, s.height], [66, 320, 240]);
  });
  it('removes emulation prevention bytes', () => {
    assert.deepEqual(unescapeRbsp(hex('00 00 03 01 00 00 03 00 03')), hex('00 00 01 00 00 00 03'));
  });
  it('rejects another NAL type, a cut SPS and an absurd Exp-Golomb code with codes', () => {
    assert.throws(() => parseAvcSps(hex('68ce3c80')), (e: MediaError) => e.code === 'MEDIA_ERR_BAD_CODEC_CONFIG');
    assert.throws(() => parseAvcSps(hex('6764001fac')), (e: MediaError) => e.code === 'MEDIA_ERR_TRUNCATED');
    assert.throws(() => parseAvcSps(hex('6742c00d 00000000 00000000 01')), (e: MediaError) => e.code === 'MEDIA_ERR_BAD_CODEC_CONFIG');
  });
});
