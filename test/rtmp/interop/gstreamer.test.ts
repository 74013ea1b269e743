// GStreamer's rtmp2 elements against the protocol layer: rtmp2sink publishes, rtmp2src plays.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startDriver, withPlayingDriver } from './driver.js';
import { flvMessages, needTools, makeFlv, packetCounts, runTool, tempDir } from './tools.js';

describe('GStreamer rtmp2', () => {
  it('rtmp2sink publishes an FLV: publish request and every tag arrive', async (t) => {
    if (!needTools(t, 'gst-launch-1.0', 'ffmpeg')) return;
    const tmp = tempDir();
    const driver = await startDriver();
    try {
      const src = join(tmp.dir, 'src.flv');
      await makeFlv(src);
      const r = await runTool('gst-launch-1.0', [
        '-q', 'filesrc', `location=${src}`, '!', 'flvdemux', 'name=d',
        'flvmux', 'name=m', 'streamable=true', '!', 'rtmp2sink', `location=rtmp://127.0.0.1:${driver.port}/live/gst`,
        'd.video', '!', 'queue', '!', 'h264parse', '!', 'm.', 'd.audio', '!', 'queue', '!', 'aacparse', '!', 'm.',
      ], 20_000);
      assert.equal(r.code, 0, r.stderr);
      const types = driver.events.map((e) => e.type);
      assert.ok(!types.includes('protocolError'), types.join());
      const pub = driver.events.find((e) => e.type === 'publishRequested');
      assert.equal(pub?.type === 'publishRequested' && pub.name, 'gst');
      const media = driver.events.filter((e) => e.type === 'mediaReceived' && e.message.typeId !== 18);
      const want = flvMessages(src).filter((m) => m.typeId !== 18);
      assert.equal(media.length, want.length);
    } finally {
      await driver.close();
      tmp.remove();
    }
  });

  it('rtmp2src plays every frame the session sends', async (t) => {
    if (!needTools(t, 'gst-launch-1.0', 'ffmpeg', 'ffprobe')) return;
    await withPlayingDriver(async ({ driver, src, out }) => {
      const r = await runTool('gst-launch-1.0', [
        '-q', 'rtmp2src', `location=rtmp://127.0.0.1:${driver.port}/vod/src`, '!', 'filesink', `location=${out}`,
      ], 20_000);
      assert.equal(r.code, 0, r.stderr);
      // rtmp2src sometimes loses the encoder's final tiny AAC frame at end of stream (a race on its side: the
      // same bytes reach ffmpeg and rtmpdump whole); everything else must arrive.
      const tiny = flvMessages(src).filter((m) => m.typeId === 8 && m.payload.length <= 8 && m.payload[1] === 1).length;
      const [video, audio] = await packetCounts(src);
      const [gotVideo, gotAudio] = await packetCounts(out);
      assert.equal(gotVideo, video);
      assert.ok(gotAudio <= audio && gotAudio >= audio - tiny, `audio packets ${gotAudio} of ${audio}`);
    });
  });
});
