// AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1): what an H.264 sequence header carries after the
// 5-byte FLV video header.
import { MediaError } from '../errors.js';
import { readNalUnitList } from './nal-unit-list.js';

export interface AvcConfig {
  readonly profile: number;
  readonly compatibility: number;
  readonly level: number;
  /** Bytes of the length prefix before each NAL unit in coded frames (1, 2 or 4). */
  readonly nalLengthSize: number;
  /** Slices of the input. */
  readonly sps: readonly Buffer[];
  readonly pps: readonly Buffer[];
  /** 'avc1.64001f' as in RFC 6381, for players and HLS manifests. */
  readonly codecString: string;
}

export function parseAvcConfig(bytes: Buffer): AvcConfig {
  const cut = (at: number): never => { throw new MediaError('MEDIA_ERR_TRUNCATED', 'AVC configuration record cut short', at); };
  if (bytes.length < 7) cut(bytes.length);
  if (bytes[0] !== 1) throw new MediaError('MEDIA_ERR_BAD_CODEC_CONFIG', `AVC configuration version ${bytes[0]}`, 0);
  const [profile, compatibility, level] = [bytes[1], bytes[2], bytes[3]];
  const nalLengthSize = (bytes[4] & 0x03) + 1;
  if (nalLengthSize === 3) throw new MediaError('MEDIA_ERR_BAD_CODEC_CONFIG', 'AVC NAL length size 3', 4);
  const what = 'AVC configuration record';
  const sps = readNalUnitList(bytes, 6, bytes[5] & 0x1f, what);
  if (sps.end >= bytes.length) cut(sps.end);
  const pps = readNalUnitList(bytes, sps.end + 1, bytes[sps.end], what);
  const hex = (n: number): string => n.toString(16).padStart(2, '0');
  return { profile, compatibility, level, nalLengthSize, sps: sps.units, pps: pps.units, codecString: `avc1.${hex(profile)}${hex(compatibility)}${hex(level)}` };
}
