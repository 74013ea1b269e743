// The first bytes of an FLV audio tag / RTMP audio message (FLV spec E.4.2.1), and the Enhanced RTMP v2 audio
// ex-header (SoundFormat 9: AudioPacketType in the low nibble, then a FourCC).
import { MediaError } from '../errors.js';

const formats: Record<number, string> = {
  0: 'pcm', 1: 'adpcm', 2: 'mp3', 3: 'pcm-le', 4: 'nellymoser-16k', 5: 'nellymoser-8k', 6: 'nellymoser',
  7: 'g711a', 8: 'g711u', 10: 'aac', 11: 'speex', 14: 'mp3-8k', 15: 'device',
};

export const AudioPacketType = { SequenceStart: 0, CodedFrames: 1, SequenceEnd: 2, MultichannelConfig: 4, Multitrack: 5, ModEx: 7 } as const;

export interface AudioTagInfo {
  /** 'aac', 'mp3', 'speex', 'nellymoser', … or the FourCC of an enhanced tag ('Opus', 'fLaC', 'mp4a', …). */
  readonly codec: string;
  readonly enhanced: boolean;
  /** AAC AudioSpecificConfig / enhanced SequenceStart: keep it for every new player. */
  readonly isSequenceHeader: boolean;
  /** Legacy header fields (0 for enhanced tags): rate index 0-3 (5.5/11/22/44 kHz), 8/16 bit, mono/stereo. */
  readonly soundRate: number;
  readonly soundSize: 8 | 16;
  readonly stereo: boolean;
  readonly dataOffset: number;
}

export function parseAudioTag(payload: Buffer): AudioTagInfo {
  if (payload.length < 1) throw new MediaError('MEDIA_ERR_TRUNCATED', 'empty audio tag', 0);
  const b0 = payload[0];
  const format = b0 >> 4;
  if (format === 9) {
    let packetType = b0 & 0x0f;
    let at = 1;
    if (packetType === AudioPacketType.Multitrack) {
      if (payload.length < 2) throw new MediaError('MEDIA_ERR_TRUNCATED', 'multitrack audio tag cut', 1);
      packetType = payload[1] & 0x0f;
      at = 2;
    }
    if (payload.length < at + 4) throw new MediaError('MEDIA_ERR_TRUNCATED', 'enhanced audio tag without FourCC', payload.length);
    const codec = payload.toString('latin1', at, at + 4);
    return { codec, enhanced: true, isSequenceHeader: packetType === AudioPacketType.SequenceStart, soundRate: 0, soundSize: 16, stereo: false, dataOffset: at + 4 };
  }
  const base = { codec: formats[format] ?? `format${format}`, enhanced: false, soundRate: (b0 >> 2) & 3, soundSize: (b0 & 2 ? 16 : 8) as 8 | 16, stereo: (b0 & 1) !== 0 };
  if (format === 10) {
    if (payload.length < 2) throw new MediaError('MEDIA_ERR_TRUNCATED', 'AAC audio tag shorter than 2 bytes', 1);
    return { ...base, isSequenceHeader: payload[1] === 0, dataOffset: 2 };
  }
  return { ...base, isSequenceHeader: false, dataOffset: 1 };
}
