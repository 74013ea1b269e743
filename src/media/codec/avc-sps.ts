// The fields of an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1) that give the picture size: what
// recorders write into onMetaData (width, height) when the publisher sent none.
import { MediaError } from '../errors.js';
import { ExpGolombReader, unescapeRbsp } from './exp-golomb.js';

export interface AvcSps {
  readonly profile: number;
  readonly level: number;
  readonly chromaFormat: number;
  readonly width: number;
  readonly height: number;
}

// Profiles whose SPS carries chroma format, bit depths and scaling matrices.
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

export function parseAvcSps(nal: Buffer): AvcSps {
  if (nal.length < 4 || (nal[0] & 0x1f) !== 7) throw new MediaError('MEDIA_ERR_BAD_CODEC_CONFIG', 'not an SPS NAL unit', 0);
  const r = new ExpGolombReader(unescapeRbsp(nal.subarray(1)), 'SPS');
  const profile = r.read(8);
  r.read(8); // constraint flags
  const level = r.read(8);
  r.ue(); // seq_parameter_set_id
  let chromaFormat = 1;
  let separateColourPlane = 0;
  if (HIGH_PROFILES.has(profile)) {
    chromaFormat = r.ue();
    if (chromaFormat > 3) throw new MediaError('MEDIA_ERR_BAD_CODEC_CONFIG', `SPS chroma_format_idc ${chromaFormat}`);
    if (chromaFormat === 3) separateColourPlane = r.read(1);
    r.ue(); // bit_depth_luma_minus8
    r.ue(); // bit_depth_chroma_minus8
    r.read(1); // qpprime_y_zero_transform_bypass_flag
    if (r.read(1) === 1) {
      for (let i = 0; i < (chromaFormat === 3 ? 12 : 8); i++) if (r.read(1) === 1) skipScalingList(r, i < 6 ? 16 : 64);
    }
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) r.ue();
  else if (pocType === 1) {
    r.read(1);
    r.se();
    r.se();
    const n = r.ue();
    if (n > 255) throw new MediaError('MEDIA_ERR_BAD_CODEC_CONFIG', `SPS num_ref_frames_in_pic_order_cnt_cycle ${n}`);
    for (let i = 0; i < n; i++) r.se();
  }
  r.ue(); // max_num_ref_frames
  r.read(1); // gaps_in_frame_num_value_allowed_flag
  const widthMbs = r.ue() + 1;
  const heightMapUnits = r.ue() + 1;
  const frameMbsOnly = r.read(1);
  if (frameMbsOnly === 0) r.read(1); // mb_adaptive_frame_field_flag
  r.read(1); // direct_8x8_inference_flag
  let [cropLeft, cropRight, cropTop, cropBottom] = [0, 0, 0, 0];
  if (r.read(1) === 1) [cropLeft, cropRight, cropTop, cropBottom] = [r.ue(), r.ue(), r.ue(), r.ue()];
  // Crop units (Table 6-1): chroma subsampling, and frame height counts field pairs when not frame_mbs_only.
  const chroma = separateColourPlane ? 0 : chromaFormat;
  const subWidth = chroma === 1 || chroma === 2 ? 2 : 1;
  const subHeight = chroma === 1 ? 2 : 1;
  const unitX = chroma === 0 ? 1 : subWidth;
  const unitY = (chroma === 0 ? 1 : subHeight) * (2 - frameMbsOnly);
  const width = widthMbs * 16 - unitX * (cropLeft + cropRight);
  const height = (2 - frameMbsOnly) * heightMapUnits * 16 - unitY * (cropTop + cropBottom);
  if (width <= 0 || height <= 0) throw new MediaError('MEDIA_ERR_BAD_CODEC_CONFIG', 'SPS cropping leaves no picture');
  return { profile, level, chromaFormat, width, height };
}

function skipScalingList(r: ExpGolombReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size && next !== 0; j++) {
    next = (last + r.se() + 256) % 256;
    if (next !== 0) last = next;
  }
}
