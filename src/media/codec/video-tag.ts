// The first bytes of an FLV video tag / RTMP video message: legacy header (FLV spec E.4.3.1) or the Enhanced
// RTMP ex-header (veovera enhanced-rtmp v1/v2: IsExHeader bit, VideoPacketType, FourCC).
import { MediaError } from '../errors.js';

/** FrameType values (both header forms). */
export const VideoFrameType = { Key: 1, Inter: 2, DisposableInter: 3, GeneratedKey: 4, Command: 5 } as const;

/** Legacy CodecID → the FourCC-like name we report. */
const legacyCodecs: Record<number, string> = {
  1: 'jpeg', 2: 'h263', 3: 'scr1', 4: 'vp6f', 5: 'vp6a', 6: 'scr2', 7: 'avc1', 12: 'hvc1', 13: 'av01',
};

/** Enhanced RTMP VideoPacketType. */
export const VideoPacketType = {
  SequenceStart: 0, CodedFrames: 1, SequenceEnd: 2, CodedFramesX: 3, Metadata: 4, Mpeg2TsSequenceStart: 5,
  Multitrack: 6, ModEx: 7,
} as const;

export interface VideoTagInfo {
  /** 'avc1', 'hvc1', 'av01', 'vp09', 'vp08', 'vp6f', 'h263', … (FourCC for enhanced tags). */
  readonly codec: string;
  readonly enhanced: boolean;
  readonly frameType: number;
  /** A decoder configuration record (AVC/HEVC/AV1/VP9 sequence start): keep it for every new player. */
  readonly isSequenceHeader: boolean;
  readonly isSequenceEnd: boolean;
  /** A coded keyframe: a late joiner can start decoding here. Sequence headers are not keyframes. */
  readonly isKeyframe: boolean;
  /** Video info / command frame (seek start/end markers): no picture. */
  readonly isCommand: boolean;
  /** Composition time offset in ms (AVC/HEVC coded frames), else 0. */
  readonly compositionTime: number;
  /** Where the codec payload (configuration record or coded data) starts. */
  readonly dataOffset: number;
}

function signed24(b: Buffer, at: number): number {
  const v = b.readUIntBE(at, 3);
  return v & 0x800000 ? v - 0x1000000 : v;
}

export function parseVideoTag(payload: Buffer): VideoTagInfo {
  if (payload.length < 1) throw new MediaError('MEDIA_ERR_TRUNCATED', 'empty video tag', 0);
  const b0 = payload[0];
  if ((b0 & 0x80) !== 0) return parseEnhanced(payload);
  const frameType = b0 >> 4;
  const codecId = b0 & 0x0f;
  const codec = legacyCodecs[codecId] ?? `codec${codecId}`;
  const isCommand = frameType === VideoFrameType.Command;
  // AVC and its non-standard HEVC/AV1 cousins use the AVCPacketType + CompositionTime layout.
  if (codecId === 7 || codecId === 12 || codecId === 13) {
    if (isCommand) return info(codec, false, frameType, false, false, false, true, 0, 1);
    if (payload.length < 5) throw new MediaError('MEDIA_ERR_TRUNCATED', 'AVC video tag shorter than 5 bytes', payload.length);
    const packetType = payload[1];
    const cts = signed24(payload, 2);
    return info(codec, false, frameType, packetType === 0, packetType === 2,
      packetType === 1 && isKey(frameType), false, packetType === 1 ? cts : 0, 5);
  }
  // VP6 carries one adjustment byte (and alpha an offset) but decoders start at the frame type: treat as data.
  return info(codec, false, frameType, false, false, isKey(frameType), isCommand, 0, 1);
}

function isKey(frameType: number): boolean {
  return frameType === VideoFrameType.Key || frameType === VideoFrameType.GeneratedKey;
}

function parseEnhanced(payload: Buffer): VideoTagInfo {
  const b0 = payload[0];
  const frameType = (b0 >> 4) & 0x07;
  let packetType = b0 & 0x0f;
  let at = 1;
  if (frameType === VideoFrameType.Command && packetType !== VideoPacketType.Metadata) {
    // A command frame carries one VideoCommand byte after the header, no FourCC.
    return info('cmnd', true, frameType, false, false, false, true, 0, 1);
  }
  if (packetType === VideoPacketType.Multitrack) {
    if (payload.length < 2) throw new MediaError('MEDIA_ERR_TRUNCATED', 'multitrack video tag cut', 1);
    // The FourCC follows in every multitrack form (for ManyTracksManyCodecs it is the first track's).
    packetType = payload[1] & 0x0f;
    at = 2;
  }
  if (payload.length < at + 4) throw new MediaError('MEDIA_ERR_TRUNCATED', 'enhanced video tag without FourCC', payload.length);
  const codec = payload.toString('latin1', at, at + 4);
  at += 4;
  if (packetType === VideoPacketType.ModEx) return info(codec, true, frameType, false, false, false, false, 0, at);
  let cts = 0;
  // Only AVC and HEVC CodedFrames carry a composition time; CodedFramesX is the same without it.
  if (packetType === VideoPacketType.CodedFrames && (codec === 'avc1' || codec === 'hvc1')) {
    if (payload.length < at + 3) throw new MediaError('MEDIA_ERR_TRUNCATED', 'enhanced coded frame without composition time', at);
    cts = signed24(payload, at);
    at += 3;
  }
  const coded = packetType === VideoPacketType.CodedFrames || packetType === VideoPacketType.CodedFramesX;
  const seqStart = packetType === VideoPacketType.SequenceStart || packetType === VideoPacketType.Mpeg2TsSequenceStart;
  return info(codec, true, frameType, seqStart, packetType === VideoPacketType.SequenceEnd,
    coded && isKey(frameType), false, cts, at);
}

function info(codec: string, enhanced: boolean, frameType: number, isSequenceHeader: boolean, isSequenceEnd: boolean,
  isKeyframe: boolean, isCommand: boolean, compositionTime: number, dataOffset: number): VideoTagInfo {
  return { codec, enhanced, frameType, isSequenceHeader, isSequenceEnd, isKeyframe, isCommand, compositionTime, dataOffset };
}
