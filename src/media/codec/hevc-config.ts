// HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1): the payload of an HEVC sequence start (legacy
// CodecID 12 after 5 header bytes, or Enhanced RTMP 'hvc1' after the FourCC).
import { MediaError } from '../errors.js';
import { readNalUnitList } from './nal-unit-list.js';

export interface HevcNalArray {
  readonly nalUnitType: number;
  readonly units: readonly Buffer[];
}

export interface HevcConfig {
  readonly profileSpace: number;
  readonly tier: number;
  readonly profile: number;
  readonly level: number;
  readonly chromaFormat: number;
  readonly bitDepthLuma: number;
  readonly nalLengthSize: number;
  /** VPS (32), SPS (33), PPS (34), SEI … arrays; slices of the input. */
  readonly arrays: readonly HevcNalArray[];
}

const HEADER = 23;

export function parseHevcConfig(bytes: Buffer): HevcConfig {
  const cut = (at: number): never => { throw new MediaError('MEDIA_ERR_TRUNCATED', 'HEVC configuration record cut short', at); };
  if (bytes.length < HEADER) cut(bytes.length);
  if (bytes[0] !== 1) throw new MediaError('MEDIA_ERR_BAD_CODEC_CONFIG', `HEVC configuration version ${bytes[0]}`, 0);
  const nalLengthSize = (bytes[21] & 0x03) + 1;
  let at = HEADER;
  const arrays: HevcNalArray[] = [];
  const numArrays = bytes[22];
  for (let i = 0; i < numArrays; i++) {
    if (at + 3 > bytes.length) cut(at);
    const nalUnitType = bytes[at] & 0x3f;
    const count = bytes.readUInt16BE(at + 1);
    const list = readNalUnitList(bytes, at + 3, count, 'HEVC configuration record');
    at = list.end;
    arrays.push({ nalUnitType, units: list.units });
  }
  return {
    profileSpace: bytes[1] >> 6,
    tier: (bytes[1] >> 5) & 1,
    profile: bytes[1] & 0x1f,
    level: bytes[12],
    chromaFormat: bytes[16] & 0x03,
    bitDepthLuma: (bytes[17] & 0x07) + 8,
    nalLengthSize,
    arrays,
  };
}
