// The `flashback` command as users run it: zero config, live and vod apps, InvalidApp, user apps from --apps,
// structured logs, graceful shutdown on SIGTERM/SIGINT.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetConnection, RtmpClientError } from '../../src/rtmp/client/index.js';

const root = new URL('../..', import.meta.url).pathname;
// Resolved here: the CLI runs in a scratch folder where a bare 'tsx' would not resolve.
const tsx = import.meta.resolve('tsx');

interface Cli {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  port: number;
  exited: Promise<number | null>;
}

async function startCli(args: string[]): Promise<Cli> {
  const child = spawn(process.execPath, ['--import', tsx, join(root, 'src/cli/main.ts'), '--rtmp-port', '0', '--host', '127.0.0.1', ...args], {
    cwd: mkdtempSync(join(tmpdir(), 'fb-cli-')),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${stderr}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = JSON.parse(buf.slice(0, nl)) as Record<string, unknown>;
        buf = buf.slice(nl + 1);
        lines.push(line);
        if (line.msg === 'flashback started') {
          clearTimeout(timer);
          resolve((line.rtmp as { port: number }).port);
        }
      }
    });
    void exited.then((code) => reject(new Error(`CLI exited with ${code}: ${stderr}`)));
  });
  return { child, lines, port, exited };
}

describe('flashback CLI', () => {
  it('starts with zero config: live and vod accept, unknown apps get InvalidApp; SIGTERM stops it cleanly', async () => {
    const cli = await startCli([]);
    try {
      const started = cli.lines.find((l) => l.msg === 'flashback started');
      assert.deepEqual(started?.applications, ['live', 'vod']);
      for (const app of ['live', 'vod', 'live/room1']) {
        const nc = new NetConnection();
        const r = await nc.connect(`rtmp://127.0.0.1:${cli.port}/${app}`);
        assert.equal((r.information as { code: string }).code, 'NetConnection.Connect.Success');
        await nc.close();
      }
      const bad = new NetConnection();
      await assert.rejects(bad.connect(`rtmp://127.0.0.1:${cli.port}/nothing`), (e: RtmpClientError) => (e.info as { code: string }).code === 'NetConnection.Connect.InvalidApp');
      // One open client during shutdown.
      const open = new NetConnection();
      await open.connect(`rtmp://127.0.0.1:${cli.port}/live`);
      const closed = new Promise((r) => open.once('close', r));
      cli.child.kill('SIGTERM');
      assert.equal(await cli.exited, 0);
      await closed;
      assert.ok(cli.lines.some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM'));
      assert.ok(cli.lines.some((l) => l.msg === 'connect refused' && l.code === 'NetConnection.Connect.InvalidApp'));
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('records every live stream when the config says live.recordAll', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-cli-rec-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ media: 'm', live: { recordAll: true } }));
    const cli = await startCli(['--config', join(dir, 'config.json')]);
    try {
      const pub = new NetConnection();
      await pub.connect(`rtmp://127.0.0.1:${cli.port}/live`);
      const s = await pub.createStream();
      await s.publish('cam');
      // An AVC sequence header and one keyframe: enough for a file with a header, metadata and two tags.
      s.send({ type: 9, timestamp: 0, data: Buffer.from('1700000000014d401effe10000', 'hex') });
      s.send({ type: 9, timestamp: 40, data: Buffer.from('1701000000000000026588', 'hex') });
      await new Promise((r) => setTimeout(r, 200));
      await pub.close();
      // The recorder writes asynchronously and finishes the file after unpublish: wait (bounded) for the keyframe.
      const file = join(dir, 'm', 'live', 'cam.flv');
      const keyframe = Buffer.from('1701000000000000026588', 'hex');
      const recorded = (): Buffer => (existsSync(file) ? readFileSync(file) : Buffer.alloc(0));
      const deadline = Date.now() + 5000;
      while (!recorded().includes(keyframe) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const bytes = recorded();
      assert.equal(bytes.subarray(0, 3).toString('latin1'), 'FLV');
      assert.ok(bytes.includes(keyframe), 'the keyframe is in the recording');
    } finally {
      cli.child.kill('SIGTERM');
      assert.equal(await cli.exited, 0);
    }
  });

  it('loads user applications from --apps and a config file, publish key included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-cli-apps-'));
    writeFileSync(join(dir, 'greeter.mjs'), "export default { name: 'greeter', methods: { hello: (client, who) => 'hello ' + who + ' from ' + client.app } };\n");
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ apps: '.', applications: { live: { publishKey: 'k1' } }, logLevel: 'debug' }));
    const cli = await startCli(['--config', join(dir, 'config.json')]);
    try {
      const nc = new NetConnection();
      await nc.connect(`rtmp://127.0.0.1:${cli.port}/greeter`);
      assert.equal(await nc.call('hello', 'bob'), 'hello bob from greeter');
      await nc.close();
      const pub = new NetConnection();
      await pub.connect(`rtmp://127.0.0.1:${cli.port}/live`);
      const s = await pub.createStream();
      await assert.rejects(s.publish('cam?key=wrong'), (e: RtmpClientError) => (e.info as { code: string }).code === 'NetStream.Publish.BadName');
      await pub.close();
    } finally {
      cli.child.kill('SIGINT');
      assert.equal(await cli.exited, 0);
    }
  });

  it('exits with code 2 and a message on a bad config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-cli-bad-'));
    writeFileSync(join(dir, 'c.json'), '{"rtmpport": 1}');
    const child = spawn(process.execPath, ['--import', tsx, join(root, 'src/cli/main.ts'), '--config', join(dir, 'c.json')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((r) => child.once('exit', r));
    assert.equal(code, 2);
    assert.match(stderr, /unknown config key 'rtmpport'/);
  });
});
