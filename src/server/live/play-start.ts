// What play's `start` asks for (FMS, NetStream.play): -2 a live stream, else a recorded one, else wait for a live
// one; -1 only a live stream (wait for it); >= 0 only a recording, from that position in ms. Flash and ffmpeg send
// the ActionScript seconds times 1000 (-2000, -1000), librtmp -1000, older tools the bare -2/-1.
export type PlayStartMode = 'liveOrRecorded' | 'liveOnly' | 'recorded';

export function playStartMode(start: number): PlayStartMode {
  if (start >= 0) return 'recorded';
  if (start === -1 || start === -1000) return 'liveOnly';
  return 'liveOrRecorded';
}

/** play's `len` for a live stream: undefined plays on to the end (negative, or 0 which means one frame of a recording). */
export function playDurationMs(duration: number): number | undefined {
  return Number.isFinite(duration) && duration > 0 ? duration : undefined;
}
