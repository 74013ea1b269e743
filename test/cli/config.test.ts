import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, mergeConfig, parseConfigText } from '../../src/cli/config.js';
import { buildProgram } from '../../src/cli/options.js';

const throwsConfig = (fn: () => unknown, pattern: RegExp): void =>
  assert.throws(fn, (e: unknown) => e instanceof ConfigError && e.code === 'CLI_ERR_CONFIG' && pattern.test(e.message));

describe('cli config', () => {
  it('has zero-config defaults', () => {
    const c = mergeConfig({}, {}, '/srv', '/srv');
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.rtmpPort, 1935);
    assert.equal(c.httpPort, 8080);
    assert.equal(c.media, '/srv/media');
    assert.equal(c.apps, undefined);
    assert.equal(c.logLevel, 'info');
  });

  it('lets flags win over the file, and resolves file paths against the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-config-'));
    const file = join(dir, 'flashback.json');
    writeFileSync(
      file,
      JSON.stringify({
        rtmpPort: 1936,
        media: 'm',
        apps: 'apps',
        logLevel: 'debug',
        applications: { live: { publishKey: 'k' }, chat: { module: './chat.js', options: { room: 1 } } },
        limits: { maxConnectionsPerIp: 5 },
        rtmp: { chunkSize: 8192 },
      }),
    );
    const c = loadConfig({ config: file, rtmpPort: 2000, host: '127.0.0.1' }, '/elsewhere');
    assert.equal(c.rtmpPort, 2000);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.media, join(dir, 'm'));
    assert.equal(c.apps, join(dir, 'apps'));
    assert.equal(c.logLevel, 'debug');
    assert.equal(c.applications.live.publishKey, 'k');
    assert.equal(c.applications.chat.module, join(dir, 'chat.js'));
    assert.deepEqual(c.applications.chat.options, { room: 1 });
    assert.equal(c.limits.maxConnectionsPerIp, 5);
    assert.equal(c.rtmp.chunkSize, 8192);
    assert.equal(loadConfig({ config: file, media: 'x' }, '/elsewhere').media, '/elsewhere/x');
  });

  it('refuses typos, bad types and bad JSON with CLI_ERR_CONFIG', () => {
    throwsConfig(() => mergeConfig({}, { rtmpport: 1 }, '/', '/'), /unknown config key 'rtmpport'/);
    throwsConfig(() => mergeConfig({}, { rtmpPort: 70000 }, '/', '/'), /port/);
    throwsConfig(() => mergeConfig({}, { limits: { maxConections: 1 } }, '/', '/'), /unknown limit/);
    throwsConfig(() => mergeConfig({}, { limits: { maxConnections: -1 } }, '/', '/'), /non-negative/);
    throwsConfig(() => mergeConfig({}, { applications: { live: { key: 'x' } } }, '/', '/'), /unknown key 'key'/);
    throwsConfig(() => mergeConfig({}, { applications: { '../x': {} } }, '/', '/'), /bad application name/);
    throwsConfig(() => mergeConfig({}, { applications: { 'a..b': {} } }, '/', '/'), /bad application name/);
    throwsConfig(() => mergeConfig({}, { rtmp: { chunksize: 1 } }, '/', '/'), /unknown key/);
    // The session takes its settings on trust: a wrong type would only fail later, on every connection.
    throwsConfig(() => mergeConfig({}, { rtmp: { chunkSize: '4096' } }, '/', '/'), /'rtmp.chunkSize' must be an integer/);
    throwsConfig(() => mergeConfig({}, { rtmp: { chunkSize: 0 } }, '/', '/'), /'rtmp.chunkSize'/);
    throwsConfig(() => mergeConfig({}, { rtmp: { maxMessageBytes: 1 << 24 } }, '/', '/'), /'rtmp.maxMessageBytes'/);
    throwsConfig(() => mergeConfig({}, { rtmp: { handshake: 'digest' } }, '/', '/'), /'rtmp.handshake' must be 'auto' or 'simple'/);
    throwsConfig(() => mergeConfig({}, { rtmp: { fmsVersion: 3 } }, '/', '/'), /'rtmp.fmsVersion' must be a string/);
    assert.deepEqual(mergeConfig({}, { rtmp: { handshake: 'simple', fmsVersion: 'FMS/4,5,0,297', windowAckSize: 5_000_000 } }, '/', '/').rtmp, {
      handshake: 'simple',
      fmsVersion: 'FMS/4,5,0,297',
      windowAckSize: 5_000_000,
    });
    throwsConfig(() => mergeConfig({}, { logLevel: 'loud' }, '/', '/'), /log level/);
    throwsConfig(() => parseConfigText('{'), /invalid JSON/);
    throwsConfig(() => parseConfigText('[]'), /object/);
    throwsConfig(() => loadConfig({ config: '/nonexistent/flashback.json' }), /cannot read/);
  });

  it('checks the live section and resolves recordDir against the file', () => {
    const c = mergeConfig({}, { live: { recordAll: true, recordDir: 'rec', gopCacheBytes: 0, gatherMinPlayers: 200 } }, '/cwd', '/etc/fb');
    assert.deepEqual(c.live, { recordAll: true, recordDir: '/etc/fb/rec', gopCacheBytes: 0, gatherMinPlayers: 200 });
    assert.deepEqual(mergeConfig({}, {}, '/', '/').live, {});
    throwsConfig(() => mergeConfig({}, { live: { recordall: true } }, '/', '/'), /unknown key 'recordall' in live/);
    throwsConfig(() => mergeConfig({}, { live: { recordAll: 'yes' } }, '/', '/'), /'live.recordAll' must be true or false/);
    throwsConfig(() => mergeConfig({}, { live: { playerBacklogBytes: 10 } }, '/', '/'), /'live.playerBacklogBytes'/);
    throwsConfig(() => mergeConfig({}, { live: { recordedStart: 'vod' } }, '/', '/'), /'live.recordedStart'/);
    throwsConfig(() => mergeConfig({}, parseConfigText('{"live": {"__proto__": {}}}'), '/', '/'), /unknown key '__proto__' in live/);
  });

  it('keeps a __proto__ key in the JSON from touching prototypes', () => {
    throwsConfig(() => mergeConfig({}, parseConfigText('{"__proto__": {"host": "evil"}}'), '/', '/'), /unknown config key '__proto__'/);
    throwsConfig(() => mergeConfig({}, parseConfigText('{"applications": {"__proto__": {}}}'), '/', '/'), /bad application name/);
    const c = mergeConfig({}, parseConfigText('{"applications": {"constructor": {}}}'), '/', '/');
    assert.deepEqual(Object.keys(c.applications), ['constructor']);
    assert.equal(Object.getPrototypeOf(c.applications), null);
    assert.equal(({} as Record<string, unknown>).host, undefined);
  });

  it('parses the documented flags', () => {
    const p = buildProgram().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    p.parse(['--rtmp-port', '1940', '--http-port', '0', '--media', '/m', '--config', 'c.json', '--host', '::', '--log-level', 'warn', '--apps', 'a'], { from: 'user' });
    assert.deepEqual(p.opts(), { rtmpPort: 1940, httpPort: 0, media: '/m', config: 'c.json', host: '::', logLevel: 'warn', apps: 'a' });
    assert.throws(() => buildProgram().exitOverride().configureOutput({ writeErr: () => {} }).parse(['--rtmp-port', 'x'], { from: 'user' }));
    assert.throws(() => buildProgram().exitOverride().configureOutput({ writeErr: () => {} }).parse(['--log-level', 'loud'], { from: 'user' }));
  });
});
