// ffmpeg against the protocol layer: publishing (releaseStream, FCPublish, createStream, publish, media) and
// playing (every frame we chunk arrives intact). ffmpeg signs C1 either way; when it plays it also checks our S1
// digest and S2 signature whenever S1 announces a version ("Server response validating failed" otherwise).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startDriver, withPlayingDriver } from './driver.js';
import { flvMessages, needTools, makeFlv, packetCounts, runTool, tempDir } from './tools.js';

describe('ffmpeg', () => {
  it('publishes (digest C1 answered in kind); every frame arrives as mediaReceived', async (t) => {
    if (!needTools(t, 'ffmpeg')) return;
    const tmp = tempDir();
    const driver = await startDriver();
    try {
      const src = join(tmp.dir, 'src.flv');
      await makeFlv(src);
      const r = await runTool('ffmpeg', ['-v', 'error', '-re', '-i', src, '-c', 'copy', '-f', 'flv', `rtmp://127.0.0.1:${driver.port}/live/cam?key=1`], 20_000);
      assert.equal(r.code, 0, r.stderr);
      const types = driver.events.map((e) => e.type);
      assert.ok(!types.includes('protocolError'), types.join());
      assert.deepEqual(driver.events.find((e) => e.type === 'handshakeCompleted'), { type: 'handshakeCompleted', digest: true });
      for (const expected of ['connectRequested', 'releaseStreamRequested', 'fcPublishRequested', 'streamCreated', 'publishRequested']) {
        assert.ok(types.includes(expected as (typeof types)[number]), `missing ${expected} in ${types.join()}`);
      }
      const pub = driver.events.find((e) => e.type === 'publishRequested');
      assert.equal(pub?.type === 'publishRequested' && pub.name, 'cam?key=1');
      const media = driver.events.filter((e) => e.type === 'mediaReceived');
      const sent = flvMessages(src);
      const got = media.map((e) => (e.type === 'mediaReceived' ? e.message : undefined)).filter((m) => m !== undefined && m.typeId !== 18);
      const want = sent.filter((m) => m.typeId !== 18);
      assert.equal(got.length, want.length);
      for (let i = 0; i < want.length; i++) {
        assert.equal(got[i]?.typeId, want[i].typeId);
        assert.equal(got[i]?.timestamp, want[i].timestamp);
        assert.deepEqual(got[i]?.payload, want[i].payload);
      }
    } finally {
      await driver.close();
      tmp.remove();
    }
  });

  it('plays what the session chunks (4096-byte chunks, header compression) frame for frame, after validating our S1/S2', async (t) => {
    if (!needTools(t, 'ffmpeg', 'ffprobe')) return;
    await withPlayingDriver(async ({ driver, src, out }) => {
      const r = await runTool('ffmpeg', ['-v', 'error', '-i', `rtmp://127.0.0.1:${driver.port}/vod/src`, '-c', 'copy', '-f', 'flv', '-y', out], 20_000);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(driver.events.find((e) => e.type === 'handshakeCompleted'), { type: 'handshakeCompleted', digest: true });
      assert.deepEqual(await packetCounts(out), await packetCounts(src));
      const play = driver.events.find((e) => e.type === 'playRequested');
      assert.equal(play?.type === 'playRequested' && play.name, 'src');
    });
  });
});
