// AAC AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1): the payload of an AAC sequence header after its 2-byte
// FLV audio header. Only the fields players and recorders need.
import { MediaError } from '../errors.js';
import { BitReader } from './bit-reader.js';

const sampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

export interface AacConfig {
  /** 2 = AAC-LC, 5 = SBR (HE-AAC), 29 = PS, … */
  readonly audioObjectType: number;
  readonly sampleRate: number;
  /** 0 = defined in the stream (PCE), 1-7 as the standard lists. */
  readonly channelConfiguration: number;
}

export function parseAacConfig(bytes: Buffer): AacConfig {
  if (bytes.length < 2) throw new MediaError('MEDIA_ERR_TRUNCATED', 'AudioSpecificConfig needs 2 bytes', bytes.length);
  const r = new BitReader(bytes, 'AudioSpecificConfig');
  let audioObjectType = r.read(5);
  if (audioObjectType === 31) audioObjectType = 32 + r.read(6);
  const index = r.read(4);
  const sampleRate = index === 15 ? r.read(24) : sampleRates[index];
  if (sampleRate === undefined || sampleRate === 0) {
    throw new MediaError('MEDIA_ERR_BAD_CODEC_CONFIG', `AAC sampling frequency index ${index}`, 0);
  }
  const channelConfiguration = r.read(4);
  return { audioObjectType, sampleRate, channelConfiguration };
}
