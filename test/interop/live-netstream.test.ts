// Live over TCP with the Node NetConnection/NetStream: the FMS status and data sequence a player sees, time to
// first picture with the GOP cache, unpublish/republish notifications, pause, the application hooks (rename a
// stream key to a public name) and publish "record".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { NetConnection, type NetStream } from '../../src/rtmp/client/index.js';
import type { AmfRecord } from '../../src/rtmp/index.js';
import { createServer, defineApplication, type StreamInfo } from '../../src/server/index.js';
import { LiveStreamHandler } from '../../src/server/live/index.js';
import { needTools, runTool } from './tools.js';
import { startLiveServer, until } from './live-harness.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const tags = {
  videoSeq: { type: 9, timestamp: 0, data: hex('17 00 000000 0142c00d ffe1 0004 6742c00d 01 0003 68ce3c') },
  audioSeq: { type: 8, timestamp: 0, data: hex('af 00 1210') },
  key: (ts: number) => ({ type: 9, timestamp: ts, data: Buffer.concat([hex('17 01 000000 00000005 6588800000'), Buffer.alloc(2000, ts & 0xff)]) }),
  inter: (ts: number) => ({ type: 9, timestamp: ts, data: hex('27 01 000000 00000003 419a00') }),
  audio: (ts: number) => ({ type: 8, timestamp: ts, data: hex('af 01 210049') }),
};

async function connect(url: string): Promise<NetConnection> {
  const nc = new NetConnection();
  await nc.connect(url);
  return nc;
}

/** Publishes metadata, both sequence headers and one GOP (keyframe at 0, then inter frames and audio). */
async function startPublishing(nc: NetConnection, name: string, mode: 'live' | 'record' = 'live'): Promise<NetStream> {
  const ns = await nc.createStream();
  await ns.publish(name, mode);
  ns.sendMetadata({ width: 320, height: 240, framerate: 25 });
  ns.send(tags.videoSeq);
  ns.send(tags.audioSeq);
  ns.send(tags.key(0));
  for (let i = 1; i < 5; i++) {
    ns.send(tags.audio(i * 40 - 20));
    ns.send(tags.inter(i * 40));
  }
  return ns;
}

type Seen = string[];
function watch(ns: NetStream, seen: Seen, firstKey?: (at: number) => void): void {
  ns.on('status', (info: AmfRecord) => seen.push(String(info.code)));
  ns.on('userControl', (event) => seen.push(`uc${event}`));
  ns.on('data', (name) => seen.push(`data:${name}`));
  ns.on('media', (tag) => {
    if (tag.type === 9) {
      const kind = tag.data[1] === 0 ? 'vseq' : tag.data[0] >> 4 === 1 ? 'key' : 'inter';
      seen.push(kind);
      if (kind === 'key') firstKey?.(performance.now());
    } else if (tag.type === 8) seen.push(tag.data[1] === 0 ? 'aseq' : 'audio');
  });
}

describe('live over TCP with the Node client', () => {
  it('sends a late joiner the FMS sequence and a decodable picture within 100 ms', async () => {
    const server = await startLiveServer();
    const pub = await connect(server.url('live'));
    const viewer = await connect(server.url('live'));
    try {
      await startPublishing(pub, 'cam');
      await until(() => server.handler.stats().messages >= 12, 2000, 'the GOP');
      const ns = await viewer.createStream();
      const seen: Seen = [];
      let keyAt = 0;
      watch(ns, seen, (at) => (keyAt ||= at));
      const t0 = performance.now();
      await ns.play('cam');
      await until(() => seen.filter((s) => s === 'inter').length === 4, 2000, 'the GOP at the player');
      assert.deepEqual(seen, [
        'uc0', 'NetStream.Play.Reset', 'NetStream.Play.Start', 'data:|RtmpSampleAccess', 'data:onMetaData',
        'vseq', 'aseq', 'key', 'audio', 'inter', 'audio', 'inter', 'audio', 'inter', 'audio', 'inter',
      ]);
      assert.ok(keyAt - t0 < 100, `first keyframe ${(keyAt - t0).toFixed(1)} ms after play`);
    } finally {
      await Promise.all([pub.close(), viewer.close()]);
      await server.close();
    }
  });

  it('plays to an AMF3 client (Flash Player 9+ default objectEncoding) the same way', async () => {
    const server = await startLiveServer();
    const pub = await connect(server.url('live'));
    const viewer = new NetConnection({ objectEncoding: 3 });
    await viewer.connect(server.url('live'));
    try {
      await startPublishing(pub, 'amf3');
      await until(() => server.handler.stats().messages >= 12, 2000, 'the GOP');
      const ns = await viewer.createStream();
      const seen: Seen = [];
      watch(ns, seen);
      await ns.play('amf3');
      await until(() => seen.filter((s) => s === 'inter').length === 4, 2000, 'the GOP at the player');
      assert.deepEqual(seen.slice(0, 7), [
        'uc0', 'NetStream.Play.Reset', 'NetStream.Play.Start', 'data:|RtmpSampleAccess', 'data:onMetaData', 'vseq', 'aseq',
      ]);
    } finally {
      await Promise.all([pub.close(), viewer.close()]);
      await server.close();
    }
  });

  it('tells players UnpublishNotify + StreamEOF, then PublishNotify when a publisher comes back; pause stops media', async () => {
    const server = await startLiveServer();
    const viewer = await connect(server.url('live'));
    const pub1 = await connect(server.url('live'));
    const pub2 = await connect(server.url('live'));
    try {
      const ns = await viewer.createStream();
      const seen: Seen = [];
      watch(ns, seen);
      await ns.play('show');
      const p1 = await startPublishing(pub1, 'show');
      await until(() => seen.includes('key'), 2000, 'media');
      p1.close();
      await until(() => seen.includes('uc1'), 2000, 'StreamEOF');
      const p2 = await startPublishing(pub2, 'show');
      await until(() => seen.filter((s) => s === 'key').length === 2, 2000, 'media of the second publisher');
      const from = (code: string, n = 1): number => seen.findIndex((s, i) => s === code && seen.slice(0, i + 1).filter((x) => x === code).length === n);
      assert.ok(from('NetStream.Play.PublishNotify') < from('key'));
      assert.ok(from('NetStream.Play.UnpublishNotify') + 1 === from('uc1'), 'StreamEOF right after UnpublishNotify');
      assert.ok(from('NetStream.Play.PublishNotify', 2) > from('uc1'));

      ns.pause(true);
      await until(() => seen.includes('NetStream.Pause.Notify'), 2000, 'Pause.Notify');
      const mark = seen.length;
      p2.send(tags.key(1000));
      p2.send(tags.inter(1040));
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(seen.slice(mark).filter((s) => s === 'key' || s === 'inter'), [], 'no media while paused');
      ns.pause(false);
      await until(() => seen.includes('NetStream.Unpause.Notify'), 2000, 'Unpause.Notify');
      await until(() => seen.slice(mark).includes('key'), 2000, 'the GOP after unpause');
    } finally {
      await Promise.all([viewer.close(), pub1.close(), pub2.close()]);
      await server.close();
    }
  });

  it('lets the application rename a stream key to a public name and sees the query in its hooks', async () => {
    const handler = new LiveStreamHandler();
    const unpublished: StreamInfo[] = [];
    const app = defineApplication({
      name: 'live',
      onPublish: (_client, req) => (req.stream.query.key === 'k1' ? { rename: 'public' } : { reject: 'bad key' }),
      onUnpublish: (_client, info) => void unpublished.push(info),
    });
    const server = createServer({ host: '127.0.0.1', port: 0, applications: [app], streamHandler: handler, mediaDir: '/nonexistent' });
    const { port } = await server.listen();
    const url = `rtmp://127.0.0.1:${port}/live`;
    const [pub, viewer, bad] = await Promise.all([connect(url), connect(url), connect(url)]);
    try {
      const badNs = await bad.createStream();
      await assert.rejects(badNs.publish('secret?key=nope'), /BadName/);
      const ns = await viewer.createStream();
      const seen: Seen = [];
      watch(ns, seen);
      await ns.play('public');
      const p = await startPublishing(pub, 'secret?key=k1');
      await until(() => seen.includes('key'), 2000, 'the renamed stream at the player');
      p.close();
      await until(() => unpublished.length === 1, 2000, 'onUnpublish');
      assert.equal(unpublished[0].stream.name, 'public');
      assert.equal(unpublished[0].stream.raw, 'secret?key=k1');
    } finally {
      await Promise.all([pub.close(), viewer.close(), bad.close()]);
      await server.close();
    }
  });

  it('records a publish "record" into the application folder, readable by ffprobe', async (t) => {
    if (!needTools(t, 'ffprobe')) return;
    const server = await startLiveServer();
    const pub = await connect(server.url('live'));
    try {
      const ns = await startPublishing(pub, 'rec', 'record');
      await until(() => server.handler.stats().messages >= 12, 2000, 'the messages');
      ns.close();
      const file = join(server.mediaDir, 'live', 'rec.flv');
      let probe = await runTool('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', file], 10_000);
      for (let i = 0; i < 20 && !probe.stdout.includes('"duration"'); i++) {
        await new Promise((r) => setTimeout(r, 50));
        probe = await runTool('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', file], 10_000);
      }
      const info = JSON.parse(probe.stdout) as { streams: Array<{ codec_name: string }>; format: { duration: string } };
      assert.deepEqual(info.streams.map((s) => s.codec_name).sort(), ['aac', 'h264']);
      assert.ok(Number(info.format.duration) >= 0.1, `duration ${info.format.duration}`);
    } finally {
      await pub.close();
      await server.close();
    }
  });
});
