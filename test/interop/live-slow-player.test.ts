// Backpressure over real sockets: one player stops reading while another keeps up. The stalled one fills its
// kernel buffers, then skips to keyframes with a bounded queue and is disconnected after laggingDisconnectMs;
// the healthy one gets every frame.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { NetConnection } from '../../src/rtmp/client/index.js';
import { startLiveServer, until } from './live-harness.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('slow player over TCP', () => {
  it('bounds a stalled player, cuts it off, and never costs the healthy player a frame', async () => {
    const server = await startLiveServer({ laggingDisconnectMs: 500, playerBacklogBytes: 512 * 1024 });
    const url = server.url('live');
    const [pub, healthy, stalled] = [new NetConnection(), new NetConnection(), new NetConnection()];
    await Promise.all([pub.connect(url), healthy.connect(url), stalled.connect(url)]);
    try {
      let frames = 0;
      const hs = await healthy.createStream();
      hs.on('media', (t) => { if (t.type === 9 && t.data[1] === 1) frames++; });
      await hs.play('fast');
      const ss = await stalled.createStream();
      await ss.play('fast');
      // The test reaches into the client to stop reading, as a frozen player would.
      (stalled as unknown as { socket: Socket }).socket.pause();

      const ns = await pub.createStream();
      await ns.publish('fast');
      ns.send({ type: 9, timestamp: 0, data: hex('17 00 000000 0142c00d ffe1 0004 6742c00d 01 0003 68ce3c') });
      const total = 300;
      let maxQueued = 0;
      for (let i = 0; i < total; i++) {
        const key = i % 25 === 0;
        // ~60 KB frames at ~7 MB/s: 18 MB in about 2.5 s, far more than the loopback socket buffers hold.
        ns.send({ type: 9, timestamp: i * 40, data: Buffer.concat([hex(key ? '17 01 000000' : '27 01 000000'), Buffer.alloc(60_000, i & 0xff)]) });
        await new Promise((r) => setTimeout(r, 8));
        for (const s of server.handler.registry.all()) for (const p of s.players) maxQueued = Math.max(maxQueued, p.conn.writableLength + p.queuedBytes);
      }
      await until(() => frames === total, 10_000, `all frames at the healthy player (${frames})`);
      // The server drops it from the stream (its socket is then ended, and destroyed if it never drains).
      await until(() => server.handler.stats().players === 1, 5000, 'the stalled player cut off');
      // Node never holds more for it than the limit (largest frame + margin) plus the frame that crossed it.
      assert.ok(maxQueued < 512 * 1024 + 2 * 61_000, `queued at most ${maxQueued} bytes for one player`);
    } finally {
      await Promise.all([pub.close(), healthy.close(), stalled.close()]);
      await server.close();
    }
  });
});
