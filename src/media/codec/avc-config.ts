// AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1): what an H.264 sequence header carries after the
// 5-byte FLV video header.
import { MediaError } from '../errors.js';

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
  let at = 5;
  const list = (count: number): Buffer[] => {
    const out: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      if (at + 2 > bytes.length) cut(at);
      const n = bytes.readUInt16BE(at);
      if (at + 2 + n > bytes.length) cut(at);
      out.push(bytes.subarray(at + 2, at + 2 + n));
      at += 2 + n;
    }
    return out;
  };
  const sps = list(bytes[at++] & 0x1f);
  if (at >= bytes.length) cut(at);
  const pps = list(bytes[at++]);
  const hex = (n: number): string => n.toString(16).padStart(2, '0');
  return { profile, compatibility, level, nalLengthSize, sps, pps, codecString: `avc1.${hex(profile)}${hex(compatibility)}${hex(level)}` };
}
