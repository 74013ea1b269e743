// nginx-rtmp as an RTMP client of the protocol layer: an nginx application configured to `push` relays a stream
// published to it (by ffmpeg) to our session, with nginx's own handshake, connect, publish and chunking.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { startDriver } from './driver.js';
import { flvMessages, needTools, makeFlv, runTool, tempDir } from './tools.js';

const MODULE = '/usr/lib/nginx/modules/ngx_rtmp_module.so';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('nginx-rtmp', () => {
  it('relays a published stream to our session (push): publish, then every message intact and in order', async (t) => {
    if (!needTools(t, 'nginx', 'ffmpeg')) return;
    if (!existsSync(MODULE)) {
      if (process.env.CI === 'true') throw new Error(`${MODULE} is required under CI=true`);
      t.skip('nginx rtmp module not installed');
      return;
    }
    const tmp = tempDir();
    const driver = await startDriver();
    const port = await freePort();
    mkdirSync(join(tmp.dir, 'logs'));
    const conf = join(tmp.dir, 'nginx.conf');
    writeFileSync(conf, [
      `load_module ${MODULE};`,
      'daemon off; master_process off; worker_processes 1;',
      `error_log ${join(tmp.dir, 'logs', 'error.log')} info; pid ${join(tmp.dir, 'nginx.pid')};`,
      'events { worker_connections 64; }',
      `rtmp { server { listen 127.0.0.1:${port}; chunk_size 4096;`,
      `  application live { live on; push rtmp://127.0.0.1:${driver.port}/relay; } } }`,
    ].join('\n'));
    const nginx = spawn('nginx', ['-p', tmp.dir, '-c', conf], { stdio: 'ignore' });
    try {
      const src = join(tmp.dir, 'src.flv');
      await makeFlv(src);
      // Wait (bounded) for nginx to listen. Probe by connecting: binding the port ourselves could take it from
      // nginx while it starts.
      for (let i = 0; i < 100 && nginx.exitCode === null; i++) {
        const up = await new Promise<boolean>((resolve) => {
          const c = connect(port, '127.0.0.1');
          c.once('connect', () => { c.destroy(); resolve(true); });
          c.once('error', () => resolve(false));
        });
        if (up) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const r = await runTool('ffmpeg', ['-v', 'error', '-re', '-i', src, '-c', 'copy', '-f', 'flv', `rtmp://127.0.0.1:${port}/live/cam`], 20_000);
      assert.equal(r.code, 0, r.stderr);
      // Bounded wait for the relay to drain: until the source's last frame has arrived (or 10 s on a loaded machine).
      const last = flvMessages(src).at(-1)?.payload ?? Buffer.alloc(0);
      const arrived = (): boolean => driver.events.some((e) => e.type === 'mediaReceived' && e.message.payload.equals(last));
      for (let i = 0; i < 100 && !arrived(); i++) {
        await new Promise((res) => setTimeout(res, 100));
      }
      const types = driver.events.map((e) => e.type);
      assert.ok(!types.includes('protocolError'), types.join());
      // nginx signs C1 as Flash Player does, and checks our S1 digest.
      assert.deepEqual(driver.events.find((e) => e.type === 'handshakeCompleted'), { type: 'handshakeCompleted', digest: true });
      const c = driver.events.find((e) => e.type === 'connectRequested');
      assert.ok(c?.type === 'connectRequested');
      assert.equal(c.request.app, 'relay');
      const pub = driver.events.find((e) => e.type === 'publishRequested');
      assert.equal(pub?.type === 'publishRequested' && pub.name, 'cam');
      const media = driver.events.flatMap((e) => (e.type === 'mediaReceived' && e.message.typeId !== 18 ? [e.message] : []));
      // nginx starts relaying once its push connection is up, so the first frames of the publish may be missing
      // (it sends the codec headers again first); from then on every message must arrive intact and in order.
      const source = flvMessages(src).filter((m) => m.typeId !== 18);
      const key = (m: { typeId: number; payload: Buffer }): string => `${m.typeId}:${m.payload.toString('base64')}`;
      const known = new Set(source.map(key));
      assert.ok(media.length >= source.length / 2, `only ${media.length} of ${source.length} relayed`);
      assert.ok(media.every((m) => known.has(key(m))), 'every relayed payload is a source payload, byte for byte');
      const tail = source.slice(-20).map(key);
      assert.deepEqual(media.slice(-20).map(key), tail, 'the end of the stream arrives complete and in order');
    } finally {
      // An nginx that already exited (bad config, port taken) emits no second 'exit': do not wait for one.
      if (nginx.exitCode === null && nginx.signalCode === null) {
        const exited = new Promise((r) => nginx.once('exit', r));
        nginx.kill('SIGKILL');
        await exited;
      }
      await driver.close();
      tmp.remove();
    }
  });
});
