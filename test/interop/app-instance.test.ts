// One URL, one (application, instance, stream) whichever client splits it: ffmpeg and librtmp put the first two
// path segments in `app` for a three-segment URL, Flash-style clients connect to the first two and play the rest.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defineApplication } from '../../src/server/index.js';
import { NetConnection } from '../../src/rtmp/client/index.js';
import { needTools, runTool } from './tools.js';
import { startTestServer } from './harness.js';

describe('interop: application/instance/stream from one URL', () => {
  it('ffmpeg, rtmpdump and the Node client reach the same instance and stream', async (t) => {
    if (!needTools(t, 'ffmpeg', 'rtmpdump')) return;
    const seen: string[] = [];
    const app = defineApplication({
      name: 'probe',
      onPlay: (client, req) => {
        seen.push(`${client.connect.flashVer?.split(' ')[0] ?? '?'} ${client.app}/${client.instance.name}/${req.stream.name}`);
        return true;
      },
    });
    const srv = await startTestServer([app]);
    try {
      const url = `${srv.url}/probe/room1/cam`;
      await runTool('ffmpeg', ['-hide_banner', '-nostdin', '-rw_timeout', '5000000', '-i', url, '-t', '1', '-f', 'null', '-'], 15_000);
      await runTool('rtmpdump', ['-r', url, '-v', '-m', '5', '-o', '/dev/null'], 15_000);
      const nc = new NetConnection();
      await nc.connect(`${srv.url}/probe/room1`);
      const s = await nc.createStream();
      await s.play('cam').catch(() => undefined);
      await nc.close();
      assert.equal(seen.length, 3, seen.join('\n'));
      assert.deepEqual(
        seen.map((x) => x.split(' ')[1]),
        ['probe/room1/cam', 'probe/room1/cam', 'probe/room1/cam'],
      );
    } finally {
      await srv.close();
    }
  });
});
