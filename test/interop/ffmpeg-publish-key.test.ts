// ffmpeg publishing to a key-protected `live` application, the way OBS users set it up (stream key
// "name?key=…"): a wrong key is refused with a status ffmpeg reports, the right key publishes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLiveApplication, LiveStreamHandler } from '../../src/server/index.js';
import { needTools, runTool } from './tools.js';
import { startTestServer } from './harness.js';

const publishArgs = (url: string): string[] => [
  '-hide_banner', '-nostdin', '-loglevel', 'info',
  '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '1',
  '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25',
  '-rw_timeout', '5000000', '-f', 'flv', url,
];

describe('interop: ffmpeg publish key', () => {
  it('refuses a wrong key and accepts the right one', async (t) => {
    if (!needTools(t, 'ffmpeg')) return;
    const srv = await startTestServer([createLiveApplication({ publishKey: 'k1' })], { streamHandler: new LiveStreamHandler() });
    try {
      const bad = await runTool('ffmpeg', publishArgs(`${srv.url}/live/cam?key=nope`), 20_000);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /BadName|requires a valid key/i);
      const good = await runTool('ffmpeg', publishArgs(`${srv.url}/live/cam?key=k1`), 20_000);
      assert.equal(good.code, 0, good.stderr.slice(-2000));
      const published = srv.log.find('publishing');
      assert.equal(published.length, 1);
      assert.equal(published[0].fields.stream, 'cam');
    } finally {
      await srv.close();
    }
  });
});
