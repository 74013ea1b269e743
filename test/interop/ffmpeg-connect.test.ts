// ffmpeg's RTMP client against our server: it validates S1/S2 digests (so a bad digest would fail here), and
// playing a stream that does not exist ends cleanly with StreamNotFound.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { needTools, runTool } from './tools.js';
import { startTestServer } from './harness.js';

describe('interop: ffmpeg connect', () => {
  it('completes the digest handshake and gets a clean StreamNotFound', async (t) => {
    if (!needTools(t, 'ffmpeg')) return;
    const srv = await startTestServer(undefined);
    try {
      const run = await runTool('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'verbose', '-rw_timeout', '5000000', '-i', `${srv.url}/live/nothing`, '-t', '1', '-f', 'null', '-'], 15_000);
      assert.equal(run.timedOut, false);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, /stream not found|StreamNotFound/i);
      assert.doesNotMatch(run.stderr, /validating failed|handshake/i);
      const hs = srv.log.find('handshake completed');
      assert.equal(hs[0]?.fields.digest, true);
      assert.equal(srv.log.find('client connected').length, 1);
    } finally {
      await srv.close();
    }
  });

  it('is refused with InvalidApp for an unknown application', async (t) => {
    if (!needTools(t, 'ffmpeg')) return;
    const srv = await startTestServer(undefined);
    try {
      const run = await runTool('ffmpeg', ['-hide_banner', '-nostdin', '-rw_timeout', '5000000', '-i', `${srv.url}/nope/x`, '-f', 'null', '-'], 15_000);
      assert.notEqual(run.code, 0);
      assert.deepEqual(srv.log.find('connect refused').map((e) => e.fields.code), ['NetConnection.Connect.InvalidApp']);
    } finally {
      await srv.close();
    }
  });
});
