import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectEvent, rig, settle } from './fakes.js';
import { defineApplication, type Client } from '../../src/server/application.js';
import { RpcError } from '../../src/server/rpc/rpc-error.js';
import type { AmfValue } from '../../src/amf/index.js';
import type { ServerEvent } from '../../src/rtmp/index.js';
import { createLiveApplication } from '../../src/server/apps/live.js';
import { createVodApplication } from '../../src/server/apps/vod.js';
import { RecordingHandler } from './fakes.js';

const handshake = { type: 'handshakeCompleted', digest: false } as const;

/** Waits (bounded) for a condition that depends on timers in the code under test. */
async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((res) => setTimeout(res, 5));
}

describe('rtmp-connection: connect', () => {
  it('accepts a connect to a known application and adds the client to the instance', async () => {
    const r = rig([createLiveApplication()]);
    r.emit(handshake, connectEvent('live'));
    await settle();
    assert.deepEqual(r.transport.sent[0], { op: 'accept', requestId: 1, info: { information: { clientid: '7' } } });
    assert.equal(r.conn.instance.name, '_definst_');
    assert.deepEqual([...r.conn.instance.clients.keys()], ['7']);
    assert.equal(r.conn.client.connect.flashVer, 'LNX 9,0,124,2');
  });

  it('answers an Enhanced RTMP fourCcList in the live application, and adds nothing for legacy clients', async () => {
    const r = rig([createLiveApplication()]);
    const ev = connectEvent('live') as Extract<ServerEvent, { type: 'connectRequested' }>;
    const request = { ...ev.request, commandObject: { ...ev.request.commandObject, fourCcList: ['hvc1', 'av01', 'bad!!', 'hvc1'] } };
    r.emit(handshake, { ...ev, request });
    await settle();
    assert.deepEqual(r.transport.sent[0], {
      op: 'accept',
      requestId: 1,
      info: { properties: { fourCcList: ['hvc1', 'av01'] }, information: { clientid: '7' } },
    });
  });

  it('refuses an unknown application with InvalidApp and closes', async () => {
    const r = rig([createLiveApplication()]);
    r.emit(handshake, connectEvent('nope'));
    await settle();
    assert.equal(r.transport.sent[0].op, 'reject');
    assert.equal(r.transport.sent[0].code, 'NetConnection.Connect.InvalidApp');
    assert.ok(r.transport.ended);
    assert.equal(r.closed.length, 1);
  });

  it('passes connect arguments to onConnect and waits for an async decision', async () => {
    let release!: (v: boolean) => void;
    const seen: unknown[] = [];
    const app = defineApplication({
      name: 'gate',
      onConnect(_c: Client, ...args) {
        seen.push(...args);
        return new Promise<boolean>((res) => (release = res));
      },
    });
    const r = rig([app]);
    r.emit(handshake, connectEvent('gate', ['user', 42]));
    // A call arriving while onConnect is pending waits behind it.
    r.emit({ type: 'callReceived', requestId: 2, name: 'x', transactionId: 2, commandObject: null, args: [] });
    await settle();
    assert.deepEqual(r.transport.sent, []);
    assert.deepEqual(seen, ['user', 42]);
    release(true);
    await settle();
    assert.deepEqual(r.transport.ops(), ['accept', 'replyError']);
  });

  it('rejects with the application object, and redirects', async () => {
    const r = rig([defineApplication({ name: 'a', onConnect: () => ({ reject: 'No.', application: { why: 'banned' } }) })]);
    r.emit(handshake, connectEvent('a'));
    await settle();
    assert.deepEqual(r.transport.sent[0], { op: 'reject', requestId: 1, code: 'NetConnection.Connect.Rejected', description: 'No.', extra: { application: { why: 'banned' } } });
    const r2 = rig([defineApplication({ name: 'a', onConnect: () => ({ redirect: 'rtmp://other/a' }) })]);
    r2.emit(handshake, connectEvent('a'));
    await settle();
    assert.deepEqual(r2.transport.sent[0].extra, { ex: { code: 302, redirect: 'rtmp://other/a' } });
  });

  it('rejects when onConnect throws, without affecting the server', async () => {
    const r = rig([defineApplication({ name: 'a', onConnect: () => { throw new Error('boom'); } })]);
    r.emit(handshake, connectEvent('a'));
    await settle();
    assert.equal(r.transport.sent[0].code, 'NetConnection.Connect.Rejected');
  });

  it('runs onAppStart once per instance and onAppStop after the last client', async () => {
    const log: string[] = [];
    const app = defineApplication({
      name: 'a',
      onAppStart: async (i) => void log.push(`start ${i.name}`),
      onAppStop: (i) => void log.push(`stop ${i.name}`),
      onDisconnect: (c) => void log.push(`bye ${c.id}`),
    });
    const r = rig([app]);
    r.emit(handshake, connectEvent('a/room', [], 'rtmp://h/a/room'));
    await settle();
    r.conn.transportClosed();
    assert.deepEqual(log, ['start room', 'bye 7', 'stop room']);
    assert.equal(r.handler.disconnects, 1);
  });
});

describe('rtmp-connection: application start', () => {
  it('rejects connects while onAppStart fails, and retries it on the next connect', async () => {
    let attempts = 0;
    const app = defineApplication({
      name: 'flaky',
      onAppStart: async () => {
        if (++attempts === 1) throw new Error('database down');
      },
    });
    const r = rig([app]);
    r.emit(handshake, connectEvent('flaky'));
    await settle();
    assert.equal(r.transport.sent[0].code, 'NetConnection.Connect.Rejected');
    // The failed start is forgotten: the same registry starts the instance on the next acquire.
    const inst = await r.registry.acquire(app, '_definst_');
    assert.equal(attempts, 2);
    assert.equal(inst.refs, 1);
  });
});

describe('rtmp-connection: calls', () => {
  const app = defineApplication({
    name: 'rpc',
    methods: {
      add: (_c, a, b) => (a as number) + (b as number),
      slow: async (_c, ms) => new Promise((res) => setTimeout(() => res(`waited ${ms}`), ms as number)),
      fail: () => { throw new RpcError('Nope.', { application: { n: 1 } }); },
      crash: () => { throw new Error('secret internals'); },
      _hidden: () => 'x',
    },
  });

  async function connected() {
    const r = rig([app]);
    r.emit(handshake, connectEvent('rpc'));
    await settle();
    r.transport.sent.length = 0;
    return r;
  }
  const call = (requestId: number, name: string, args: AmfValue[] = [], transactionId = requestId) =>
    ({ type: 'callReceived', requestId, name, transactionId, commandObject: null, args }) as const;

  it('answers declared methods, sync and async, concurrently', async () => {
    const r = await connected();
    r.emit(call(2, 'slow', [20]), call(3, 'add', [2, 3]));
    await until(() => r.transport.sent.length >= 2);
    assert.deepEqual(r.transport.sent, [
      { op: 'reply', requestId: 3, result: 5 },
      { op: 'reply', requestId: 2, result: 'waited 20' },
    ]);
  });

  it('answers NetConnection.Call.Failed for unknown, underscore and prototype names', async () => {
    const r = await connected();
    r.emit(call(2, 'nope'), call(3, '_hidden'), call(4, 'toString'), call(5, 'constructor'), call(6, '__proto__'), call(7, 'hasOwnProperty'));
    await settle();
    assert.deepEqual(r.transport.ops(), Array(6).fill('replyError'));
    for (const s of r.transport.sent) assert.equal((s.info as { code: string }).code, 'NetConnection.Call.Failed');
  });

  it('sends an RpcError description but hides other exceptions', async () => {
    const r = await connected();
    r.emit(call(2, 'fail'), call(3, 'crash'));
    await settle();
    assert.deepEqual(r.transport.sent[0].info, { level: 'error', code: 'NetConnection.Call.Failed', description: 'Nope.', application: { n: 1 } });
    assert.deepEqual(r.transport.sent[1].info, { level: 'error', code: 'NetConnection.Call.Failed', description: 'Method failed.' });
  });

  it('answers FCSubscribe with onFCSubscribe without the application declaring it', async () => {
    const r = await connected();
    r.emit(call(2, 'FCSubscribe', ['cam']));
    await settle();
    assert.deepEqual(r.transport.sent, [
      { op: 'reply', requestId: 2, result: null },
      { op: 'call', method: 'onFCSubscribe', args: [{ code: 'NetStream.Play.Start', description: 'cam' }], callId: 0 },
    ]);
  });

  it('does not answer transaction id 0', async () => {
    const r = await connected();
    r.emit(call(2, 'add', [1, 1], 0), call(3, 'nope', [], 0));
    await settle();
    assert.deepEqual(r.transport.sent, []);
  });

  it('client.call resolves with the answer, rejects on _error and on timeout', async () => {
    const r = await connected();
    const c = r.conn.client;
    const p1 = c.call('ask', 1);
    const p2 = c.call('ask', 2);
    r.emit({ type: 'callAnswered', callId: 1, ok: true, args: ['yes'] }, { type: 'callAnswered', callId: 2, ok: false, args: [{ code: 'X' }] });
    assert.equal(await p1, 'yes');
    await assert.rejects(p2, (e: Error & { code?: string; info?: unknown }) => e.code === 'SERVER_ERR_CALL_FAILED' && (e.info as { code: string }).code === 'X');
    const r2 = rig([defineApplication({ name: 'rpc', options: { callTimeoutMs: 10 } })]);
    r2.emit(handshake, connectEvent('rpc'));
    await settle();
    await assert.rejects(r2.conn.client.call('never'), (e: Error & { code?: string }) => e.code === 'SERVER_ERR_CALL_TIMEOUT');
  });

  it('refuses a call beyond maxPendingCalls before sending it; an answer frees a slot', async () => {
    const r = rig([app], { maxPendingCalls: 2 });
    r.emit(handshake, connectEvent('rpc'));
    await settle();
    r.transport.sent.length = 0;
    const c = r.conn.client;
    const p1 = c.call('ask', 1);
    const p2 = c.call('ask', 2);
    await assert.rejects(c.call('ask', 3), (e: Error & { code?: string }) => e.code === 'SERVER_ERR_LIMIT');
    assert.deepEqual(r.transport.ops(), ['call', 'call']);
    r.emit({ type: 'callAnswered', callId: 1, ok: true, args: ['one'] });
    assert.equal(await p1, 'one');
    const p4 = c.call('ask', 4);
    assert.deepEqual(r.transport.ops(), ['call', 'call', 'call']);
    r.conn.transportClosed();
    await assert.rejects(p2);
    await assert.rejects(p4);
  });

  it('rejects pending calls when the connection closes, and broadcast reaches every client', async () => {
    const r = await connected();
    const p = r.conn.client.call('ask');
    r.conn.instance.broadcast('news', 'hello');
    assert.deepEqual(r.transport.sent.at(-1), { op: 'call', method: 'news', args: ['hello'], callId: 0 });
    r.conn.transportClosed();
    await assert.rejects(p, (e: Error & { code?: string }) => e.code === 'SERVER_ERR_CLOSED');
  });
});

describe('rtmp-connection: streams', () => {
  async function connected(app = createLiveApplication({ publishKey: 's3cret' })) {
    const r = rig([app]);
    r.emit(handshake, connectEvent('live'));
    await settle();
    r.transport.sent.length = 0;
    return r;
  }
  const publish = (name: string) => ({ type: 'publishRequested', requestId: 3, streamId: 1, name, mode: 'live' }) as const;

  it('routes an accepted publish with the resolved name, and refuses a bad key', async () => {
    const r = await connected();
    r.emit(publish('cam?key=wrong'));
    await settle();
    assert.deepEqual(r.transport.sent, [{ op: 'status', streamId: 1, code: 'NetStream.Publish.BadName', description: 'Publishing requires a valid key.' }]);
    assert.equal(r.handler.events.length, 0);
    r.emit(publish('cam?key=s3cret'));
    await settle();
    const ev = r.handler.events[0];
    assert.equal(ev.type, 'publishRequested');
    assert.equal(ev.type === 'publishRequested' && ev.stream.name, 'cam');
  });

  it('accepts the publish key on the connect URL too', async () => {
    const r = rig([createLiveApplication({ publishKey: 's3cret' })]);
    r.emit(handshake, connectEvent('live', [], 'rtmp://h/live?key=s3cret'));
    await settle();
    r.emit(publish('cam'));
    await settle();
    assert.equal(r.handler.events.length, 1);
  });

  it('refuses traversal names before the application sees them', async () => {
    let called = false;
    const r = await connected(defineApplication({ name: 'live', onPlay: () => void (called = true) }));
    r.emit({ type: 'playRequested', requestId: 3, streamId: 1, name: '../../etc/passwd', start: -2, duration: -1, reset: true });
    await settle();
    assert.equal(called, false);
    assert.equal(r.transport.sent[0].code, 'NetStream.Play.StreamNotFound');
  });

  it('renames, keeps media in order behind an async onPublish, and reports onUnpublish', async () => {
    const log: string[] = [];
    const app = defineApplication({
      name: 'live',
      onPublish: async (_c, req) => {
        await new Promise((res) => setTimeout(res, 5));
        return { rename: `public-${req.stream.name}` };
      },
      onUnpublish: (_c, s) => void log.push(`unpublish ${s.stream.name}`),
    });
    const r = await connected(app);
    const media = (ts: number) => ({ type: 'mediaReceived', message: { typeId: 9, streamId: 1, timestamp: ts, payload: Buffer.alloc(1) } }) as const;
    r.emit(publish('key1'), media(0), media(40), { type: 'closeStreamRequested', streamId: 1 });
    await until(() => log.length > 0);
    assert.deepEqual(r.handler.events.map((e) => e.type), ['publishRequested', 'mediaReceived', 'mediaReceived', 'closeStreamRequested']);
    const ev = r.handler.events[0];
    assert.equal(ev.type === 'publishRequested' && ev.stream.name, 'public-key1');
    assert.deepEqual(log, ['unpublish public-key1']);
  });

  it('refuses only the stream when onPlay throws', async () => {
    const r = await connected(defineApplication({ name: 'live', onPlay: () => { throw new Error('boom'); } }));
    r.emit({ type: 'playRequested', requestId: 3, streamId: 1, name: 'x', start: -2, duration: -1, reset: true });
    await settle();
    assert.equal(r.transport.sent[0].code, 'NetStream.Play.Failed');
    assert.equal(r.transport.ended || r.transport.destroyed, false);
  });

  it('does not report onStop for a play the handler refused', async () => {
    const log: string[] = [];
    const r = await connected(defineApplication({ name: 'live', onStop: () => void log.push('stop') }));
    r.handler.result = false;
    r.emit({ type: 'playRequested', requestId: 3, streamId: 1, name: 'x', start: -2, duration: -1, reset: true });
    await settle();
    r.conn.transportClosed();
    assert.deepEqual(log, []);
  });
});

describe('rtmp-connection: per-application stream handlers', () => {
  it('routes to the application own handler, and vod refuses plays without one', async () => {
    const own = new RecordingHandler();
    const r = rig([defineApplication({ name: 'mine', streams: own }), createVodApplication()]);
    r.emit(handshake, connectEvent('mine'));
    await settle();
    r.emit({ type: 'playRequested', requestId: 3, streamId: 1, name: 'x', start: -2, duration: -1, reset: true });
    await settle();
    assert.equal(own.events.length, 1);
    assert.equal(r.handler.events.length, 0);
    r.conn.transportClosed();
    assert.equal(own.disconnects, 1);

    const v = rig([createVodApplication()]);
    v.emit(handshake, connectEvent('vod'));
    await settle();
    v.transport.sent.length = 0;
    v.emit({ type: 'playRequested', requestId: 3, streamId: 1, name: 'mp4:film', start: -2, duration: -1, reset: true });
    await settle();
    assert.equal(v.handler.events.length, 0);
    assert.equal(v.transport.sent[0].code, 'NetStream.Play.StreamNotFound');
  });

  it('calls onBWDone only when the application opts in', async () => {
    const on = rig([defineApplication({ name: 'a', options: { callOnBWDone: true } })]);
    on.emit(handshake, connectEvent('a'));
    await settle();
    assert.deepEqual(on.transport.sent.map((s) => s.method ?? s.op), ['accept', 'onBWDone']);
    const off = rig([defineApplication({ name: 'a' })]);
    off.emit(handshake, connectEvent('a'));
    await settle();
    assert.deepEqual(off.transport.ops(), ['accept']);
  });
});

describe('rtmp-connection: timers and limits', () => {
  it('drops a client that does not finish the handshake in time', () => {
    const r = rig([createLiveApplication()], { handshakeTimeoutMs: 100 });
    r.clock.now += 101;
    r.conn.tick(r.clock.now);
    assert.ok(r.transport.destroyed);
  });

  it('pings a silent client, then drops it as dead', async () => {
    const r = rig([createLiveApplication()], { pingIntervalMs: 100, deadPeerTimeoutMs: 300 });
    r.emit(handshake, connectEvent('live'));
    await settle();
    r.clock.now += 150;
    r.conn.tick(r.clock.now);
    assert.equal(r.transport.ops().at(-1), 'ping');
    r.clock.now += 20;
    r.conn.tick(r.clock.now);
    assert.equal(r.transport.ops().filter((o) => o === 'ping').length, 1);
    r.conn.receive(Buffer.alloc(0));
    r.clock.now += 299;
    r.conn.tick(r.clock.now);
    assert.equal(r.transport.destroyed, false);
    r.clock.now += 2;
    r.conn.tick(r.clock.now);
    assert.ok(r.transport.destroyed);
  });

  it('closes an idle client when enabled', async () => {
    const r = rig([createLiveApplication()], { idleTimeoutMs: 1000, pingIntervalMs: 0, deadPeerTimeoutMs: 0 });
    r.emit(handshake, connectEvent('live'));
    await settle();
    r.clock.now += 1001;
    r.conn.tick(r.clock.now);
    assert.ok(r.transport.ended);
  });

  it('bounds events queued behind a slow hook', async () => {
    const r = rig([defineApplication({ name: 'a', onConnect: () => new Promise(() => {}) })], { maxQueuedEvents: 3 });
    r.emit(handshake, connectEvent('a'));
    for (let i = 0; i < 4; i++) r.emit({ type: 'pingAnswered', timestamp: i });
    assert.ok(r.transport.destroyed);
  });

  it('closes on a protocol error even while a hook is pending', async () => {
    const r = rig([defineApplication({ name: 'a', onConnect: () => new Promise(() => {}) })]);
    r.emit(handshake, connectEvent('a'), { type: 'protocolError', code: 'RTMP_ERR_BAD_MESSAGE', message: 'x' });
    assert.ok(r.transport.ended);
  });

  it('closes on a protocol error event', async () => {
    const r = rig([createLiveApplication()]);
    r.emit({ type: 'protocolError', code: 'RTMP_ERR_BAD_MESSAGE', message: 'x' });
    assert.ok(r.transport.ended);
  });
});
