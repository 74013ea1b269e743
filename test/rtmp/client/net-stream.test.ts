// NetStream with the live handler plugged in: one client publishes FLV tags, another plays them; statuses,
// metadata and media arrive in order with their timestamps.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from '../../../src/server/index.js';
import { LiveStreamHandler } from '../../../src/server/live/index.js';
import { NetConnection, RtmpClientError, type MediaTag } from '../../../src/rtmp/client/index.js';

// An AVC sequence header, a keyframe and an inter frame (bodies only: the live code reads the headers).
const avcConfig = Buffer.from('1700000000014d401effe1000a674d401e9a6602802dd08001000468ee3c80', 'hex');
const key = (n: number) => Buffer.concat([Buffer.from('1701000000', 'hex'), Buffer.alloc(20, n)]);
const inter = (n: number) => Buffer.concat([Buffer.from('2701000000', 'hex'), Buffer.alloc(10, n)]);
const aacConfig = Buffer.from('af001210', 'hex');
const aac = (n: number) => Buffer.concat([Buffer.from('af01', 'hex'), Buffer.alloc(8, n)]);

describe('NetStream publish and play', () => {
  it('delivers published tags to a player with Publish.Start / Play.Start', async () => {
    const server = createServer({ host: '127.0.0.1', port: 0, streamHandler: new LiveStreamHandler() });
    const { port } = await server.listen();
    const url = `rtmp://127.0.0.1:${port}/live`;
    const pub = new NetConnection();
    const play = new NetConnection();
    try {
      await pub.connect(url);
      const ps = await pub.createStream();
      const started = await ps.publish('cam1');
      assert.equal(started.code, 'NetStream.Publish.Start');
      ps.sendMetadata({ width: 320, height: 240, videocodecid: 7, audiocodecid: 10 });
      ps.send({ type: 9, timestamp: 0, data: avcConfig });
      ps.send({ type: 8, timestamp: 0, data: aacConfig });
      ps.send({ type: 9, timestamp: 0, data: key(1) });

      await play.connect(url);
      const s = await play.createStream();
      const got: MediaTag[] = [];
      const names: string[] = [];
      s.on('media', (t) => got.push(t));
      s.on('data', (name) => names.push(name));
      const statuses: string[] = [];
      s.on('status', (i) => statuses.push(String(i.code)));
      const info = await s.play('cam1');
      assert.equal(info.code, 'NetStream.Play.Start');
      for (let i = 1; i <= 5; i++) {
        ps.send({ type: 8, timestamp: i * 40, data: aac(i) });
        ps.send({ type: 9, timestamp: i * 40, data: inter(i) });
      }
      const deadline = Date.now() + 3000;
      while (got.filter((t) => t.type === 9 && t.data[0] === 0x27).length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const inters = got.filter((t) => t.type === 9 && t.data[0] === 0x27);
      assert.deepEqual(inters.map((t) => t.timestamp), [40, 80, 120, 160, 200]);
      assert.deepEqual(inters.map((t) => t.data[5]), [1, 2, 3, 4, 5]);
      assert.ok(got.some((t) => t.type === 9 && t.data.equals(avcConfig)), 'sequence header delivered');
      assert.ok(names.includes('onMetaData'));
      assert.ok(statuses.includes('NetStream.Play.Start'));

      // A second publisher on the same name is refused.
      const other = await play.createStream();
      await assert.rejects(other.publish('cam1'), (e: RtmpClientError) => (e.info as { code: string }).code === 'NetStream.Publish.BadName');
    } finally {
      await pub.close();
      await play.close();
      await server.close();
    }
  });
});
