// onMetaData fields a recorder can derive from the tags themselves (FLV spec E.5 names), for publishers that
// send no metadata (Flash Player's camera/microphone) or leave fields out.
import { parseAacConfig } from '../codec/aac-config.js';
import { parseAudioTag } from '../codec/audio-tag.js';
import { parseAvcConfig } from '../codec/avc-config.js';
import { parseAvcSps } from '../codec/avc-sps.js';
import { parseVideoTag } from '../codec/video-tag.js';

export interface StreamProperties {
  videocodecid?: number;
  width?: number;
  height?: number;
  audiocodecid?: number;
  audiosamplerate?: number;
  audiosamplesize?: number;
  stereo?: boolean;
}

const legacyRates = [5512.5, 11025, 22050, 44100];

/** Enhanced RTMP writes a FourCC codec id as the number of its four bytes. */
function fourCcNumber(fourCc: string): number {
  return Buffer.from(fourCc, 'latin1').readUInt32BE(0);
}

/** Updates `into` from one audio (8) or video (9) tag body. Malformed tags change nothing. */
export function streamProperties(into: StreamProperties, type: number, data: Buffer): void {
  try {
    if (type === 9 && (into.videocodecid === undefined || into.width === undefined)) {
      const v = parseVideoTag(data);
      if (v.isCommand) return;
      into.videocodecid ??= v.enhanced ? fourCcNumber(v.codec) : data[0] & 0x0f;
      if (v.isSequenceHeader && v.codec === 'avc1') {
        const sps = parseAvcConfig(data.subarray(v.dataOffset)).sps[0];
        if (sps !== undefined) {
          const { width, height } = parseAvcSps(sps);
          into.width = width;
          into.height = height;
        }
      }
    } else if (type === 8 && (into.audiocodecid === undefined || into.audiosamplerate === undefined)) {
      const a = parseAudioTag(data);
      into.audiocodecid ??= a.enhanced ? fourCcNumber(a.codec) : data[0] >> 4;
      if (a.enhanced) return;
      if (a.codec === 'aac') {
        if (!a.isSequenceHeader) return;
        const c = parseAacConfig(data.subarray(a.dataOffset));
        into.audiosamplerate = c.sampleRate;
        into.stereo = c.channelConfiguration >= 2;
        into.audiosamplesize = 16;
        return;
      }
      into.audiosamplerate = legacyRates[a.soundRate];
      into.audiosamplesize = a.soundSize;
      into.stereo = a.stereo;
    }
  } catch {
    // A tag we cannot read tells us nothing.
  }
}
