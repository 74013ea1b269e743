// librtmp (rtmpdump) against the protocol layer: connect with extra arguments (-C), the Flash Player 9 digest
// handshake (librtmp signs C1 when given a SWF hash and refuses an S1 without a valid FMS digest), and playing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startDriver, withPlayingDriver } from './driver.js';
import { flvMessages, needTools, makeFlv, packetCounts, runTool, tempDir } from './tools.js';

describe('rtmpdump (librtmp)', () => {
  it('connects with extra connect arguments (-C) that arrive typed and in order', async (t) => {
    if (!needTools(t, 'rtmpdump')) return;
    // Rejecting the connect ends the conversation at once: only the connect matters here.
    const driver = await startDriver({ rejectWith: 'NetConnection.Connect.Rejected' });
    try {
      await runTool('rtmpdump', [
        '-r', `rtmp://127.0.0.1:${driver.port}/chat/room1/none`, '-o', '/dev/null', '-m', '2',
        '-C', 'S:hello', '-C', 'N:42', '-C', 'B:1', '-C', 'O:1', '-C', 'NS:nick:bob', '-C', 'NN:age:7', '-C', 'O:0', '-C', 'Z:',
      ], 10_000);
      const c = driver.events.find((e) => e.type === 'connectRequested');
      assert.ok(c?.type === 'connectRequested', driver.events.map((e) => e.type).join());
      assert.deepEqual(c.request.args, ['hello', 42, true, { nick: 'bob', age: 7 }, null]);
      assert.equal(c.request.app, 'chat/room1');
      assert.equal(c.request.tcUrl, `rtmp://127.0.0.1:${driver.port}/chat/room1`);
      assert.equal(c.request.commandObject.flashVer, 'LNX 10,0,32,18');
    } finally {
      await driver.close();
    }
  });

  it('completes the digest handshake librtmp verifies, then plays every frame', async (t) => {
    if (!needTools(t, 'rtmpdump', 'ffmpeg', 'ffprobe')) return;
    await withPlayingDriver(async ({ driver, src, out }) => {
      // A SWF hash and size make librtmp use the Flash Player 9 handshake (and check our S1 digest).
      const r = await runTool('rtmpdump', [
        '-r', `rtmp://127.0.0.1:${driver.port}/vod/src`, '-o', out, '-m', '2', '-V',
        '-w', 'a'.repeat(64), '-x', '12345',
      ], 15_000);
      assert.doesNotMatch(r.stderr, /not genuine|signature does not match|failed/i);
      assert.deepEqual(driver.events.find((e) => e.type === 'handshakeCompleted'), { type: 'handshakeCompleted', digest: true });
      assert.deepEqual(await packetCounts(out), await packetCounts(src));
    });
  });
});
