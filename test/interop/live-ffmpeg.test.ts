// Live interop with real peers: ffmpeg publishes H.264/AAC in real time; ffmpeg, rtmpdump and GStreamer play it
// and decode it; a recorded copy is checked by ffprobe.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { needTools, runTool } from './tools.js';
import { countFrames, ffmpegPublishArgs, startLiveServer, until } from './live-harness.js';

describe('live with ffmpeg, rtmpdump and GStreamer', () => {
  it('ffmpeg publishes; ffmpeg, rtmpdump and rtmp2src play and decode; the recording passes ffprobe', async (t) => {
    if (!needTools(t, 'ffmpeg', 'ffprobe', 'rtmpdump', 'gst-launch-1.0')) return;
    const server = await startLiveServer({ recordAll: true });
    try {
      const url = server.url('live/interop');
      // Players first: they wait for the publisher (NetStream.Play.Start, then PublishNotify).
      const ffplay = runTool('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', url, '-map', '0:v', '-f', 'framecrc', '-'], 15_000);
      const dumpFile = join(server.mediaDir, 'dump.flv');
      const dump = runTool('rtmpdump', ['-q', '-r', url, '--live', '-o', dumpFile], 15_000);
      const gst = runTool('gst-launch-1.0', [
        'rtmp2src', `location=${url}`, '!', 'flvdemux', 'name=d', 'd.video', '!', 'h264parse', '!', 'avdec_h264', '!',
        'fakesink', 'name=frames', 'silent=false', 'sync=false', '-v',
      ], 15_000);
      await until(() => server.handler.stats().players === 3, 5000, 'three players');
      const publishing = runTool('ffmpeg', ffmpegPublishArgs(url, 3), 15_000);
      // Mid-stream the recording is already a valid file of whole tags: what a crash would leave behind.
      const recorded = join(server.mediaDir, 'live', 'interop.flv');
      await until(() => server.handler.stats().messages > 60, 5000, 'a second of stream');
      const snapshot = join(server.mediaDir, 'snapshot.flv');
      copyFileSync(recorded, snapshot);
      const mid = await runTool('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', snapshot], 10_000);
      assert.equal(mid.stderr, '', 'the file cut mid-stream reads cleanly');
      assert.ok(Number(mid.stdout.trim()) > 10, `mid-stream file has ${mid.stdout.trim()} frames`);
      // A late joiner probed by ffprobe sees exactly a video and an audio stream: nothing we send before the media
      // (status, |RtmpSampleAccess, metadata) becomes a stray data stream for ffmpeg to trip on.
      const kinds = await runTool('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', url], 10_000);
      assert.deepEqual(kinds.stdout.trim().split('\n').sort(), ['audio', 'video'], kinds.stdout + kinds.stderr);
      const pub = await publishing;
      assert.equal(pub.code, 0, pub.stderr);

      const played = await ffplay;
      assert.equal(played.timedOut, false, 'ffmpeg ends at NetStream.Play.UnpublishNotify');
      const ffFrames = countFrames(played.stdout);
      assert.ok(ffFrames >= 70 && ffFrames <= 75, `ffmpeg decoded ${ffFrames} of 75 frames`);

      const dumped = await dump;
      assert.equal(dumped.timedOut, false, 'rtmpdump ends at UnpublishNotify');
      const probe = await runTool('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', dumpFile], 10_000);
      const dumpFrames = Number(probe.stdout.trim());
      assert.ok(dumpFrames >= 70, `rtmpdump's file decodes to ${dumpFrames} frames`);

      const g = await gst;
      assert.equal(g.timedOut, false, 'rtmp2src ends with EOS at UnpublishNotify');
      const gstFrames = g.stdout.split('\n').filter((l) => l.includes('frames') && l.includes('chain')).length;
      assert.ok(gstFrames >= 70, `rtmp2src decoded ${gstFrames} frames\n${g.stderr}`);

      await until(() => existsSync(recorded) && statSync(recorded).size > 0, 2000, 'recording');
      // The rewrite with the final metadata runs right after unpublish.
      await new Promise((r) => setTimeout(r, 300));
      const rec = await runTool('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_name,nb_read_frames:format=duration:format_tags', '-of', 'json', recorded], 10_000);
      assert.equal(rec.stderr, '', 'ffprobe reads the recording without complaint');
      const info = JSON.parse(rec.stdout) as { streams: Array<{ codec_name: string; nb_read_frames: string }>; format: { duration: string } };
      assert.deepEqual(info.streams.map((s) => s.codec_name).sort(), ['aac', 'h264']);
      const video = info.streams.find((s) => s.codec_name === 'h264');
      assert.ok(Number(video?.nb_read_frames) >= 70, `recorded ${video?.nb_read_frames} frames`);
      assert.ok(Math.abs(Number(info.format.duration) - 3) < 0.3, `duration ${info.format.duration}`);
    } finally {
      await server.close();
    }
  });
});
