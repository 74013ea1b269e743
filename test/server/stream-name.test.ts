import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveStreamName } from '../../src/server/stream-name.js';
import { StreamNameError } from '../../src/server/errors.js';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof StreamNameError, `not a StreamNameError: ${String(e)}`);
    return e.code;
  }
  assert.fail('did not throw');
}

describe('stream-name', () => {
  it('splits the query string off a live name', () => {
    const s = resolveStreamName('live1?key=x&b=2&key=y');
    assert.equal(s.name, 'live1');
    assert.equal(s.kind, 'flv');
    assert.equal(s.path, 'live1.flv');
    assert.deepEqual({ ...s.query }, { key: 'x', b: '2' });
    assert.equal(Object.getPrototypeOf(s.query), null);
  });

  it('resolves the four FLV spellings to the same stream', () => {
    const forms = [
      'flv:ab/cd/ef/vwxyz',
      'ab/cd/ef/vwxyz.flv',
      'ab/cd/ef/vwxyz',
      'rtmp://host/vod/_definst_/ab/cd/ef/vwxyz.flv',
      'rtmp://host:1935/VOD/ab/cd/ef/vwxyz.flv',
    ];
    for (const raw of forms) {
      const s = resolveStreamName(raw, { app: 'vod' });
      assert.deepEqual([s.kind, s.name, s.path], ['flv', 'ab/cd/ef/vwxyz', 'ab/cd/ef/vwxyz.flv'], raw);
    }
    assert.equal(resolveStreamName('rtmp://h/vod/_definst_/a/b.flv', { app: 'vod' }).instance, '_definst_');
  });

  it('resolves mp4 and mp3 prefixes and extensions', () => {
    assert.deepEqual(pick(resolveStreamName('mp4:film.mp4')), ['mp4', 'film.mp4', 'film.mp4']);
    assert.deepEqual(pick(resolveStreamName('mp4:film')), ['mp4', 'film.mp4', 'film.mp4']);
    assert.deepEqual(pick(resolveStreamName('mp4:dir/film.f4v?t=1')), ['mp4', 'dir/film.f4v', 'dir/film.f4v']);
    assert.deepEqual(pick(resolveStreamName('film.mp4')), ['mp4', 'film.mp4', 'film.mp4']);
    assert.deepEqual(pick(resolveStreamName('mp3:song')), ['mp3', 'song', 'song.mp3']);
    assert.deepEqual(pick(resolveStreamName('MP3:song.mp3')), ['mp3', 'song', 'song.mp3']);
  });

  it('rejects path traversal in every spelling', () => {
    assert.equal(code(() => resolveStreamName('../etc/passwd')), 'STREAM_NAME_ERR_TRAVERSAL');
    assert.equal(code(() => resolveStreamName('flv:a/../../b')), 'STREAM_NAME_ERR_TRAVERSAL');
    assert.equal(code(() => resolveStreamName('mp4:/etc/passwd')), 'STREAM_NAME_ERR_TRAVERSAL');
    assert.equal(code(() => resolveStreamName('a//b')), 'STREAM_NAME_ERR_TRAVERSAL');
    assert.equal(code(() => resolveStreamName('a\\..\\b')), 'STREAM_NAME_ERR_BAD_CHAR');
    assert.equal(code(() => resolveStreamName('a\u0000.flv')), 'STREAM_NAME_ERR_BAD_CHAR');
    assert.equal(code(() => resolveStreamName('C:/x')), 'STREAM_NAME_ERR_BAD_CHAR');
    assert.equal(code(() => resolveStreamName('%2e%2e/x')), 'STREAM_NAME_ERR_ENCODED');
    assert.equal(code(() => resolveStreamName('rtmp://h/vod/_definst_/../x.flv', { app: 'vod' })), 'STREAM_NAME_ERR_TRAVERSAL');
    assert.equal(code(() => resolveStreamName('rtmp://h/other/x.flv', { app: 'vod' })), 'STREAM_NAME_ERR_WRONG_APP');
  });

  it('rejects empty, huge and query-bomb names', () => {
    assert.equal(code(() => resolveStreamName('')), 'STREAM_NAME_ERR_EMPTY');
    assert.equal(code(() => resolveStreamName('?key=x')), 'STREAM_NAME_ERR_EMPTY');
    assert.equal(code(() => resolveStreamName('flv:')), 'STREAM_NAME_ERR_EMPTY');
    assert.equal(code(() => resolveStreamName('a'.repeat(1025))), 'STREAM_NAME_ERR_TOO_LONG');
    assert.equal(code(() => resolveStreamName('a?' + 'x=1&'.repeat(40))), 'STREAM_NAME_ERR_QUERY');
  });

  it('keeps a __proto__ query key as plain data', () => {
    const s = resolveStreamName('a?__proto__=x&constructor=y');
    assert.equal(s.query['__proto__'], 'x');
    assert.equal(({} as Record<string, unknown>)['x'], undefined);
  });
});

function pick(s: { kind: string; name: string; path: string }): string[] {
  return [s.kind, s.name, s.path];
}
