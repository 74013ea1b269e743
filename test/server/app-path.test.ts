import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAppPath } from '../../src/server/app-path.js';
import { ServerError } from '../../src/server/errors.js';

function parts(app: string, tcUrl: string): [string, string, Record<string, string>] {
  const p = parseAppPath(app, tcUrl);
  return [p.application, p.instance, { ...p.query }];
}

describe('app-path', () => {
  it('takes the application from app, default instance _definst_', () => {
    assert.deepEqual(parts('live', 'rtmp://h:1935/live'), ['live', '_definst_', {}]);
    assert.deepEqual(parts('Live/', 'rtmp://h/Live'), ['live', '_definst_', {}]);
  });

  it('splits app/instance as Flash and ffmpeg send it', () => {
    assert.deepEqual(parts('chat/room1', 'rtmp://h/chat/room1'), ['chat', 'room1', {}]);
    assert.deepEqual(parts('vod/_definst_', 'rtmp://h:1935/vod/_definst_'), ['vod', '_definst_', {}]);
  });

  it('merges the query of app and tcUrl, app first', () => {
    assert.deepEqual(parts('live?token=a', 'rtmp://h/live?token=b&u=1'), ['live', '_definst_', { token: 'a', u: '1' }]);
    assert.deepEqual(parts('live', 'rtmp://h/live?token=b'), ['live', '_definst_', { token: 'b' }]);
  });

  it('forgives doubled slashes as the RTMP layer does (one rule for every URL)', () => {
    assert.deepEqual(parts('live//x', ''), ['live', 'x', {}]);
  });

  it('falls back to the tcUrl path when app is empty', () => {
    assert.deepEqual(parts('', 'rtmp://h:1935/chat/r2?x=1'), ['chat', 'r2', { x: '1' }]);
  });

  it('rejects missing, traversing and encoded paths with SERVER_ERR_APP_PATH', () => {
    for (const [app, tc] of [
      ['', 'rtmp://h/'],
      ['', 'garbage'],
      ['live/../x', ''],
      ['li%2fve', ''],
      ['live/a\u0000', ''],
      ['a'.repeat(3000), ''],
      ['live?' + 'a=1&'.repeat(50), ''],
    ]) {
      assert.throws(() => parseAppPath(app, tc), (e: unknown) => e instanceof ServerError && e.code === 'SERVER_ERR_APP_PATH', app);
    }
  });
});
