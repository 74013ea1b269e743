// More live interop: GStreamer publishes and ffmpeg plays; a late joiner starts on a keyframe; a duplicate
// publisher is refused without touching the stream; an audio-only stream plays.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { needTools, runTool, startTool } from './tools.js';
import { countFrames, ffmpegPublishArgs, startLiveServer, until } from './live-harness.js';

const play = (url: string, map: string): ReturnType<typeof runTool> =>
  runTool('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', url, '-map', map, '-f', 'framecrc', '-'], 15_000);

describe('live with more peers', () => {
  it('GStreamer rtmp2sink publishes and ffmpeg plays it', async (t) => {
    if (!needTools(t, 'ffmpeg', 'gst-launch-1.0')) return;
    const server = await startLiveServer();
    try {
      const url = server.url('live/gst');
      const player = play(url, '0:v');
      await until(() => server.handler.stats().players === 1, 5000, 'the player');
      const pub = await runTool('gst-launch-1.0', [
        '-q', 'videotestsrc', 'is-live=true', 'num-buffers=60', '!', 'video/x-raw,width=320,height=240,framerate=25/1', '!',
        'openh264enc', 'gop-size=25', '!', 'h264parse', '!', 'flvmux', 'name=m', 'streamable=true', '!', 'rtmp2sink', `location=${url}`,
        'audiotestsrc', 'is-live=true', 'num-buffers=100', '!', 'audioconvert', '!', 'avenc_aac', '!', 'aacparse', '!', 'm.',
      ], 15_000);
      assert.equal(pub.code, 0, pub.stderr);
      const out = await player;
      assert.equal(out.timedOut, false, out.stderr);
      const frames = countFrames(out.stdout);
      assert.ok(frames >= 55 && frames <= 60, `ffmpeg decoded ${frames} of 60 frames`);
    } finally {
      await server.close();
    }
  });

  it('a late joiner starts on the cached keyframe, near the live point', async (t) => {
    if (!needTools(t, 'ffmpeg', 'ffprobe', 'rtmpdump')) return;
    const server = await startLiveServer();
    try {
      const url = server.url('live/late');
      const pub = startTool('ffmpeg', ffmpegPublishArgs(url, 4));
      try {
        await until(() => server.handler.stats().messages > 50, 5000, 'the stream to run');
        // Join between two keyframes (GOP of 1 s): about 1.5 s into the stream.
        await new Promise((r) => setTimeout(r, 500));
        const file = join(server.mediaDir, 'late.flv');
        const dump = await runTool('rtmpdump', ['-q', '-r', url, '--live', '-o', file], 10_000);
        assert.equal(dump.timedOut, false);
        const probe = await runTool('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', file], 10_000);
        const packets = probe.stdout.trim().split('\n').map((l) => l.split(','));
        assert.ok(packets.length > 25, `${packets.length} video packets`);
        assert.match(packets[0][1], /^K/, 'the first video packet is a keyframe');
        const firstPts = Number(packets[0][0]);
        assert.ok(firstPts >= 0.9 && firstPts <= 2.1, `joined at ${firstPts} s, within one GOP of the live point`);
        const frames = await runTool('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v', '-f', 'framecrc', '-'], 10_000);
        assert.equal(frames.stderr, '', 'every frame decodes without errors (no frame needs a missing reference)');
      } finally {
        await pub.stop();
      }
    } finally {
      await server.close();
    }
  });

  it('refuses a second publisher on the same name and the stream plays on undamaged', async (t) => {
    if (!needTools(t, 'ffmpeg')) return;
    const server = await startLiveServer();
    try {
      const url = server.url('live/dup');
      const player = play(url, '0:v');
      await until(() => server.handler.stats().players === 1, 5000, 'the player');
      const first = runTool('ffmpeg', ffmpegPublishArgs(url, 3), 15_000);
      await new Promise((r) => setTimeout(r, 1000));
      const second = await runTool('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'color=red:size=160x120:rate=25:duration=1',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'flv', url], 10_000);
      assert.notEqual(second.code, 0, 'ffmpeg fails to publish a taken name');
      assert.match(second.stderr, /BadName|error/i);
      assert.equal((await first).code, 0);
      const out = await player;
      const frames = countFrames(out.stdout);
      assert.ok(frames >= 70 && frames <= 75, `decoded ${frames} of the first publisher's 75 frames`);
      assert.equal(out.stderr, '', 'no decoding errors: nothing of the refused publisher got in');
    } finally {
      await server.close();
    }
  });

  it('relays the Flash Player codecs (Sorenson H.263 + Nellymoser, then Speex and MP3) to a late joiner', async (t) => {
    if (!needTools(t, 'ffmpeg')) return;
    const server = await startLiveServer();
    try {
      for (const [name, audio] of [['flash-nelly', ['-c:a', 'nellymoser', '-ar', '22050']], ['flash-speex', ['-c:a', 'libspeex', '-ar', '16000']], ['flash-mp3', ['-c:a', 'libmp3lame', '-ar', '44100']]] as const) {
        const url = server.url(`live/${name}`);
        const pub = startTool('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re',
          '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=2', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2',
          '-c:v', 'flv', '-g', '25', ...audio, '-ac', '1', '-f', 'flv', url]);
        try {
          // Join after the first keyframe: the GOP cache must start this player on a Sorenson keyframe.
          await until(() => server.handler.stats().messages > 40, 5000, `${name} running`);
          const out = await runTool('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', url, '-f', 'framecrc', '-'], 15_000);
          assert.equal(out.timedOut, false, out.stderr);
          assert.equal(out.stderr, '', `${name}: decodes without errors`);
          const video = countFrames(out.stdout, 0) + countFrames(out.stdout, 1);
          assert.ok(video > 30, `${name}: ${video} frames decoded`);
        } finally {
          await pub.stop();
        }
        await until(() => server.handler.stats().publishers === 0, 3000, 'unpublished');
      }
    } finally {
      await server.close();
    }
  });

  it('plays an audio-only stream', async (t) => {
    if (!needTools(t, 'ffmpeg')) return;
    const server = await startLiveServer();
    try {
      const url = server.url('live/radio');
      const player = play(url, '0:a');
      await until(() => server.handler.stats().players === 1, 5000, 'the player');
      const pub = await runTool('ffmpeg', ffmpegPublishArgs(url, 2, { video: false }), 15_000);
      assert.equal(pub.code, 0, pub.stderr);
      const out = await player;
      assert.equal(out.timedOut, false, out.stderr);
      const frames = countFrames(out.stdout);
      // 2 s of 44.1 kHz AAC is about 86 frames of 1024 samples.
      assert.ok(frames >= 80 && frames <= 90, `decoded ${frames} AAC frames`);
    } finally {
      await server.close();
    }
  });
});
