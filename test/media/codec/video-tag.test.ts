import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MediaError, parseVideoTag } from '../../../src/media/index.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const fourcc = (s: string): string => Buffer.from(s, 'latin1').toString('hex');

describe('legacy video tag header', () => {
  it('reads an AVC sequence header (not a keyframe)', () => {
    const v = parseVideoTag(hex('17 00 000000 01640028'));
    assert.equal(v.codec, 'avc1');
    assert.equal(v.isSequenceHeader, true);
    assert.equal(v.isKeyframe, false);
    assert.equal(v.dataOffset, 5);
  });
  it('reads an AVC keyframe NALU with a composition time', () => {
    const v = parseVideoTag(hex('17 01 000050 00000001 65'));
    assert.equal(v.isKeyframe, true);
    assert.equal(v.compositionTime, 80);
  });
  it('reads a negative composition time as signed 24 bits', () => {
    assert.equal(parseVideoTag(hex('27 01 ffffd8 00')).compositionTime, -40);
  });
  it('reads an AVC inter frame and end of sequence', () => {
    assert.equal(parseVideoTag(hex('27 01 000000 00')).isKeyframe, false);
    assert.equal(parseVideoTag(hex('17 02 000000')).isSequenceEnd, true);
  });
  it('treats a video info/command frame as no picture', () => {
    const v = parseVideoTag(hex('57 00'));
    assert.equal(v.isCommand, true);
    assert.equal(v.isKeyframe, false);
  });
  it('reads VP6 and Sorenson keyframes', () => {
    assert.deepEqual([parseVideoTag(hex('14 00')).codec, parseVideoTag(hex('14 00')).isKeyframe], ['vp6f', true]);
    assert.equal(parseVideoTag(hex('22 00')).isKeyframe, false);
    assert.equal(parseVideoTag(hex('12 00')).codec, 'h263');
  });
  it('rejects an empty or cut AVC tag with a code', () => {
    assert.throws(() => parseVideoTag(Buffer.alloc(0)), (e: MediaError) => e.code === 'MEDIA_ERR_TRUNCATED');
    assert.throws(() => parseVideoTag(hex('17 01 00')), (e: MediaError) => e.code === 'MEDIA_ERR_TRUNCATED');
  });
});

describe('Enhanced RTMP video ex-header', () => {
  it('reads an HEVC SequenceStart', () => {
    const v = parseVideoTag(hex(`90 ${fourcc('hvc1')} 01`));
    assert.equal(v.enhanced, true);
    assert.equal(v.codec, 'hvc1');
    assert.equal(v.isSequenceHeader, true);
    assert.equal(v.dataOffset, 5);
  });
  it('reads HEVC CodedFrames with a composition time', () => {
    const v = parseVideoTag(hex(`91 ${fourcc('hvc1')} 000028 00`));
    assert.equal(v.isKeyframe, true);
    assert.equal(v.compositionTime, 40);
    assert.equal(v.dataOffset, 8);
  });
  it('reads HEVC CodedFramesX (no composition time)', () => {
    const v = parseVideoTag(hex(`a3 ${fourcc('hvc1')} 00`));
    assert.equal(v.isKeyframe, false);
    assert.equal(v.dataOffset, 5);
  });
  it('reads AV1 and VP9 keyframes without composition time', () => {
    const av1 = parseVideoTag(hex(`91 ${fourcc('av01')} 12`));
    assert.deepEqual([av1.codec, av1.isKeyframe, av1.dataOffset], ['av01', true, 5]);
    const vp9 = parseVideoTag(hex(`a1 ${fourcc('vp09')} 12`));
    assert.deepEqual([vp9.codec, vp9.isKeyframe], ['vp09', false]);
  });
  it('reads the packet type and FourCC of a one-track multitrack tag', () => {
    const v = parseVideoTag(hex(`96 00 ${fourcc('av01')} 00`));
    assert.deepEqual([v.codec, v.isSequenceHeader], ['av01', true]);
  });
  it('treats an enhanced command frame as no picture', () => {
    assert.equal(parseVideoTag(hex('d1 00')).isCommand, true);
  });
  it('rejects an ex-header without its FourCC', () => {
    assert.throws(() => parseVideoTag(hex('91 6876')), (e: MediaError) => e.code === 'MEDIA_ERR_TRUNCATED');
  });
});
