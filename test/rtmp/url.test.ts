import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectTarget, LocalProtocolError, parseRtmpUrl } from '../../src/rtmp/index.js';

describe('parseRtmpUrl (split as ffmpeg does)', () => {
  const cases: Array<[string, { app: string; application: string; instance: string; streamName: string; query: string; tcUrl: string; port: number }]> = [
    ['rtmp://localhost/live', { app: 'live', application: 'live', instance: '_definst_', streamName: '', query: '', tcUrl: 'rtmp://localhost/live', port: 1935 }],
    ['rtmp://localhost/live/stream', { app: 'live', application: 'live', instance: '_definst_', streamName: 'stream', query: '', tcUrl: 'rtmp://localhost/live', port: 1935 }],
    ['rtmp://h:19350/live/room1/cam', { app: 'live/room1', application: 'live', instance: 'room1', streamName: 'cam', query: '', tcUrl: 'rtmp://h:19350/live/room1', port: 19350 }],
    ['rtmp://h/vod/mp4:folder/file.mp4', { app: 'vod', application: 'vod', instance: '_definst_', streamName: 'mp4:folder/file.mp4', query: '', tcUrl: 'rtmp://h/vod', port: 1935 }],
    ['rtmp://h/vod/inst/mp4:a/b.mp4', { app: 'vod/inst', application: 'vod', instance: 'inst', streamName: 'mp4:a/b.mp4', query: '', tcUrl: 'rtmp://h/vod/inst', port: 1935 }],
    ['rtmp://a.rtmp.youtube.com/live2/xxxx-yyyy-zzzz', { app: 'live2', application: 'live2', instance: '_definst_', streamName: 'xxxx-yyyy-zzzz', query: '', tcUrl: 'rtmp://a.rtmp.youtube.com/live2', port: 1935 }],
    ['rtmp://live.twitch.tv/app/live_123_abc?bandwidthtest=true', { app: 'app', application: 'app', instance: '_definst_', streamName: 'live_123_abc', query: 'bandwidthtest=true', tcUrl: 'rtmp://live.twitch.tv/app', port: 1935 }],
    ['rtmps://live-api-s.facebook.com:443/rtmp/FB-123', { app: 'rtmp', application: 'rtmp', instance: '_definst_', streamName: 'FB-123', query: '', tcUrl: 'rtmps://live-api-s.facebook.com:443/rtmp', port: 443 }],
    ['rtmpt://h/app', { app: 'app', application: 'app', instance: '_definst_', streamName: '', query: '', tcUrl: 'rtmpt://h/app', port: 80 }],
    ['rtmpe://h/app/s', { app: 'app', application: 'app', instance: '_definst_', streamName: 's', query: '', tcUrl: 'rtmpe://h/app', port: 1935 }],
    ['RTMP://H/app', { app: 'app', application: 'app', instance: '_definst_', streamName: '', query: '', tcUrl: 'rtmp://H/app', port: 1935 }],
    ['rtmp://[::1]:1936/live/s', { app: 'live', application: 'live', instance: '_definst_', streamName: 's', query: '', tcUrl: 'rtmp://[::1]:1936/live', port: 1936 }],
    ['rtmp://h/ondemand/a/b/c', { app: 'ondemand', application: 'ondemand', instance: '_definst_', streamName: 'a/b/c', query: '', tcUrl: 'rtmp://h/ondemand', port: 1935 }],
    ['rtmp://h/live?token=abc', { app: 'live', application: 'live', instance: '_definst_', streamName: '', query: 'token=abc', tcUrl: 'rtmp://h/live', port: 1935 }],
    ['rtmp://h//live//s', { app: 'live', application: 'live', instance: '_definst_', streamName: 's', query: '', tcUrl: 'rtmp://h/live', port: 1935 }],
    ['rtmp://h/a/b/c/d', { app: 'a/b', application: 'a', instance: 'b', streamName: 'c/d', query: '', tcUrl: 'rtmp://h/a/b', port: 1935 }],
  ];
  for (const [url, expected] of cases) {
    it(`splits ${url}`, () => {
      const got = parseRtmpUrl(url);
      const { app, application, instance, streamName, query, tcUrl, port } = got;
      assert.deepEqual({ app, application, instance, streamName, query, tcUrl, port }, expected);
      assert.deepEqual(parseRtmpUrl(url), got, 'same URL, same result');
    });
  }

  it('refuses what is not an RTMP URL', () => {
    for (const url of ['http://h/live', 'rtmp:/h/live', 'rtmp://', 'rtmp://h:0/a', 'rtmp://h:70000/a', 'rtmp://h a/b', 'x'.repeat(5000)]) {
      assert.throws(() => parseRtmpUrl(url), (e: unknown) => e instanceof LocalProtocolError && e.code === 'RTMP_ERR_BAD_URL', url);
    }
  });
});

describe('connectTarget (what a connect carries)', () => {
  it('gives one {application, instance} for one URL whichever client sent the connect', () => {
    // rtmp://h/chat/room1 with stream 'cam' — Flash, ffmpeg (rtmp://h/chat/room1/cam), librtmp/rtmpdump.
    const flash = connectTarget('chat/room1', 'rtmp://h/chat/room1');
    const ffmpeg = connectTarget('chat/room1', 'rtmp://h:1935/chat/room1');
    const obs = connectTarget('', 'rtmp://h/chat/room1');
    for (const t of [flash, ffmpeg, obs]) {
      assert.equal(t.application, 'chat');
      assert.equal(t.instance, 'room1');
    }
  });

  it('defaults the instance to _definst_', () => {
    const t = connectTarget('live', 'rtmp://h/live');
    assert.deepEqual([t.application, t.instance, Object.keys(t.query)], ['live', '_definst_', []]);
  });

  it('merges query strings of app and tcUrl, app first, first value wins', () => {
    const t = connectTarget('live?token=a&x=1', 'rtmp://h/live?token=b&y=2');
    assert.deepEqual({ ...t.query }, { token: 'a', x: '1', y: '2' });
    assert.equal(Object.getPrototypeOf(t.query), null);
    const q = connectTarget('live?__proto__=x&constructor=y', 'rtmp://h/live');
    assert.equal(q.query.__proto__, 'x');
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it('keeps deeper instance paths', () => {
    assert.equal(connectTarget('app/a/b', 'rtmp://h/app/a/b').instance, 'a/b');
  });

  it('falls back to tcUrl when app is empty, and to app when tcUrl is garbage', () => {
    assert.equal(connectTarget('', 'rtmp://h/vod/x').instance, 'x');
    assert.equal(connectTarget('vod', 'not a url').application, 'vod');
  });

  it('refuses traversal, control characters, empty paths and too many parameters', () => {
    const bad: Array<[string, string]> = [
      ['../etc', ''],
      ['live/..', ''],
      ['live/%2e%2e', ''],
      ['live\\x', ''],
      ['live\u0000', ''],
      ['', ''],
      ['', 'rtmp://h/'],
      [`live?${Array.from({ length: 40 }, (_, i) => `k${i}=1`).join('&')}`, ''],
    ];
    for (const [app, tcUrl] of bad) {
      assert.throws(() => connectTarget(app, tcUrl), (e: unknown) => e instanceof LocalProtocolError && e.code === 'RTMP_ERR_BAD_URL', JSON.stringify(app));
    }
  });
});
