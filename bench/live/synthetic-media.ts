// Synthetic H.264/AAC FLV payloads for a fan-out benchmark. Servers do not decode media, so frames are
// filler bytes in valid framing: an AVC sequence header with a real SPS/PPS (1280x720 High, from x264),
// AVCC NAL units with 4-byte lengths, and AAC raw frames after an AudioSpecificConfig. Each video frame
// carries a marker at a fixed offset: "FBLB" and a 32-bit sequence number, so players can compute loss
// and latency without decoding anything.

export const MARKER_OFFSET = 10;
export const MARKER_MAGIC = 0x46424c42; // "FBLB"

/** AVCDecoderConfigurationRecord of a 1280x720 x264 High-profile stream, wrapped in an FLV video tag body. */
export const AVC_SEQUENCE_HEADER = Buffer.from(
  '17000000000164001fffe1001a6764001facd9405005bb011000000300100000030320f183196001000668ebe3cb22c0fdf8f800',
  'hex',
);
/** AAC-LC, 44.1 kHz, stereo AudioSpecificConfig in an FLV audio tag body. */
export const AAC_SEQUENCE_HEADER = Buffer.from([0xaf, 0x00, 0x12, 0x10]);

export interface StreamShape {
  readonly fps: number;
  /** Seconds between keyframes. */
  readonly keyframeInterval: number;
  /** Total bits per second, audio included. */
  readonly bitrate: number;
  readonly audioFramesPerSecond: number;
  readonly audioFrameBytes: number;
  /** A keyframe is this many times larger than an inter frame. */
  readonly keyframeRatio: number;
}

export const DEFAULT_SHAPE: StreamShape = {
  fps: 25,
  keyframeInterval: 2,
  bitrate: 2_000_000,
  audioFramesPerSecond: 44100 / 1024,
  audioFrameBytes: 371, // 128 kbit/s AAC
  keyframeRatio: 8,
};

export interface FrameSizes {
  readonly key: number;
  readonly inter: number;
  readonly gop: number;
}

export function frameSizes(shape: StreamShape): FrameSizes {
  const gop = Math.round(shape.fps * shape.keyframeInterval);
  const videoBytesPerGop = ((shape.bitrate / 8) - shape.audioFrameBytes * shape.audioFramesPerSecond) * shape.keyframeInterval;
  const inter = Math.max(64, Math.round(videoBytesPerGop / (gop - 1 + shape.keyframeRatio)));
  return { key: inter * shape.keyframeRatio, inter, gop };
}

function filler(size: number): Buffer {
  // Deterministic pseudo-random bytes (xorshift) so no server could compress or dedupe them.
  const b = Buffer.allocUnsafe(size);
  let x = 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

/** Makes video frame bodies; the returned buffer is reused on the next call (the caller copies it). */
export class VideoFrameMaker {
  private readonly key: Buffer;
  private readonly inter: Buffer;
  constructor(readonly sizes: FrameSizes) {
    this.key = VideoFrameMaker.template(sizes.key, true);
    this.inter = VideoFrameMaker.template(sizes.inter, false);
  }
  private static template(size: number, key: boolean): Buffer {
    const b = filler(size);
    b[0] = key ? 0x17 : 0x27;
    b[1] = 0x01; // AVC NALU
    b.writeUIntBE(0, 2, 3); // composition time
    b.writeUInt32BE(size - 9, 5); // NALU length
    b[9] = key ? 0x65 : 0x41; // IDR slice / non-IDR slice
    b.writeUInt32BE(MARKER_MAGIC, MARKER_OFFSET);
    return b;
  }
  frame(seq: number): { body: Buffer; key: boolean } {
    const key = seq % this.sizes.gop === 0;
    const body = key ? this.key : this.inter;
    body.writeUInt32BE(seq >>> 0, MARKER_OFFSET + 4);
    return { body, key };
  }
}

export function audioFrame(size: number): Buffer {
  const b = filler(size);
  b[0] = 0xaf;
  b[1] = 0x01;
  return b;
}

/** `onMetaData` as an ECMA array, encoded by hand: the AMF0 marker 0x08 is not in amf0-lite's writer. */
export function metadataBody(shape: StreamShape, width: number, height: number): Buffer {
  const parts: Buffer[] = [];
  const str = (s: string): Buffer => {
    const b = Buffer.allocUnsafe(3 + Buffer.byteLength(s));
    b[0] = 0x02;
    b.writeUInt16BE(Buffer.byteLength(s), 1);
    b.write(s, 3);
    return b;
  };
  const key = (s: string): Buffer => str(s).subarray(1);
  const num = (n: number): Buffer => {
    const b = Buffer.allocUnsafe(9);
    b[0] = 0x00;
    b.writeDoubleBE(n, 1);
    return b;
  };
  const props: [string, number][] = [
    ['width', width],
    ['height', height],
    ['framerate', shape.fps],
    ['videocodecid', 7],
    ['videodatarate', (shape.bitrate - shape.audioFrameBytes * 8 * shape.audioFramesPerSecond) / 1000],
    ['audiocodecid', 10],
    ['audiodatarate', (shape.audioFrameBytes * 8 * shape.audioFramesPerSecond) / 1000],
    ['audiosamplerate', 44100],
    ['audiosamplesize', 16],
  ];
  parts.push(str('@setDataFrame'), str('onMetaData'));
  const head = Buffer.allocUnsafe(5);
  head[0] = 0x08;
  head.writeUInt32BE(props.length + 1, 1);
  parts.push(head);
  for (const [k, v] of props) parts.push(key(k), num(v));
  parts.push(key('stereo'), Buffer.from([0x01, 0x01]));
  parts.push(Buffer.from([0x00, 0x00, 0x09]));
  return Buffer.concat(parts);
}
