// The Node client against the real server over TCP: typed RPC both ways, concurrency, timeouts, errors, refused
// and delayed connects, and stream status.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, defineApplication, RpcError, type FlashbackServer } from '../../../src/server/index.js';
import { NetConnection, RtmpClientError } from '../../../src/rtmp/client/index.js';

interface ChatServer {
  add(a: number, b: number): number;
  slow(ms: number): Promise<string>;
  fail(): void;
  crash(): void;
  askBack(question: string): Promise<string>;
  shout(text: string): void;
}
interface ChatClient {
  answer(question: string): string;
  news(text: string): void;
  never(): void;
}

const chat = defineApplication<ChatServer, ChatClient>({
  name: 'chat',
  options: { callTimeoutMs: 200 },
  async onConnect(client, user) {
    if (user === 'mallory') return { reject: 'Banned.', application: { reason: 'banned' } };
    if (user === 'late') await new Promise((r) => setTimeout(r, 50));
    client.state.set('user', user);
    return true;
  },
  methods: {
    add: (_c, a, b) => a + b,
    slow: async (_c, ms) => {
      await new Promise((r) => setTimeout(r, ms));
      return `slept ${ms}`;
    },
    fail: () => {
      throw new RpcError('Not allowed.', { code: 'Chat.Denied' });
    },
    crash: () => {
      throw new Error('internal detail');
    },
    askBack: async (client, q) => `client said ${await client.call('answer', q)}`,
    shout: (client, text) => client.instance.broadcast('news', `${String(client.state.get('user'))}: ${text}`),
  },
});

describe('NetConnection against the server', () => {
  let server: FlashbackServer;
  let url: string;
  before(async () => {
    server = createServer({ host: '127.0.0.1', port: 0, applications: [chat] });
    url = `rtmp://127.0.0.1:${(await server.listen()).port}/chat`;
  });
  after(() => server.close());

  const open = async (user: string, objectEncoding: 0 | 3 = 0): Promise<NetConnection<ChatServer, ChatClient>> => {
    const nc = new NetConnection<ChatServer, ChatClient>({ objectEncoding, callTimeoutMs: 1000 });
    await nc.connect(url, user);
    return nc;
  };

  for (const enc of [0, 3] as const) {
    it(`calls server methods concurrently (objectEncoding ${enc})`, async () => {
      const nc = await open('alice', enc);
      try {
        const [slow, sum, many] = await Promise.all([nc.call('slow', 30), nc.call('add', 2, 3), Promise.all(Array.from({ length: 50 }, (_, i) => nc.call('add', i, 1)))]);
        assert.equal(slow, 'slept 30');
        assert.equal(sum, 5);
        assert.deepEqual(many, Array.from({ length: 50 }, (_, i) => i + 1));
      } finally {
        await nc.close();
      }
    });
  }

  it('sends calls fired in one tick in two socket writes (the first at once, the rest in one writev)', async () => {
    const nc = await open('alice');
    try {
      // Count the stream's physical writes: _write for one buffer, _writev for a corked batch.
      const socket = (nc as unknown as { socket: { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void } }).socket;
      const writes: number[] = [];
      const write = socket._write.bind(socket);
      const writev = socket._writev.bind(socket);
      socket._write = (...a: unknown[]) => {
        writes.push(1);
        write(...a);
      };
      socket._writev = (chunks: unknown, ...rest: unknown[]) => {
        writes.push((chunks as unknown[]).length);
        writev(chunks, ...rest);
      };
      const sums = await Promise.all(Array.from({ length: 50 }, (_, i) => nc.call('add', i, 1)));
      assert.deepEqual(sums, Array.from({ length: 50 }, (_, i) => i + 1));
      assert.deepEqual(writes, [1, 49]);
      // A lone call later still goes out at once, on its own.
      assert.equal(await nc.call('add', 1, 1), 2);
      assert.deepEqual(writes, [1, 49, 1]);
    } finally {
      await nc.close();
    }
  });

  it('answers server→client calls, and broadcasts reach every client', async () => {
    const a = await open('alice');
    const b = await open('bob');
    try {
      a.client = { answer: (q) => `${q}!` };
      assert.equal(await a.call('askBack', 'ping'), 'client said ping!');
      const got: string[] = [];
      const both = new Promise<void>((resolve) => {
        const on = (t: string) => {
          got.push(t);
          if (got.length === 2) resolve();
        };
        a.client = { news: on };
        b.client = { news: on };
      });
      a.notify('shout', 'hi');
      await both;
      assert.deepEqual(got, ['alice: hi', 'alice: hi']);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('gets _error for unknown, underscore and prototype methods, and RpcError details', async () => {
    const nc = new NetConnection({ callTimeoutMs: 1000 });
    await nc.connect(url, 'carol');
    try {
      for (const name of ['nope', '_hidden', 'toString', 'constructor', '__proto__']) {
        await assert.rejects(nc.call(name), (e: unknown) => e instanceof RtmpClientError && e.code === 'RTMP_CLIENT_ERR_CALL_FAILED' && (e.info as { code: string }).code === 'NetConnection.Call.Failed', name);
      }
      await assert.rejects(nc.call('fail'), (e: RtmpClientError) => (e.info as { code: string; description: string }).code === 'Chat.Denied');
      await assert.rejects(nc.call('crash'), (e: RtmpClientError) => (e.info as { description: string }).description === 'Method failed.');
      assert.equal(await nc.call('add', 1, 1), 2, 'the connection survives failed calls');
    } finally {
      await nc.close();
    }
  });

  it('survives a handler whose result AMF cannot encode: that call fails, the connection stays', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const nc = await open('judy');
    try {
      nc.client = { answer: async () => 10n as unknown as string };
      await assert.rejects(nc.call('askBack', 'x'), (e: RtmpClientError) => e.code === 'RTMP_CLIENT_ERR_CALL_FAILED');
      assert.equal(await nc.call('add', 2, 2), 4);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await nc.close();
    }
  });

  it('never runs a getter or an inherited function for a server→client call', async () => {
    const nc = await open('kate');
    try {
      let touched = false;
      const unhandled: string[] = [];
      nc.on('unhandledCall', (name) => unhandled.push(name));
      nc.client = Object.defineProperty(Object.create({ answer: () => 'inherited' }) as object, 'answer', {
        get: () => { touched = true; return () => 'from a getter'; },
        enumerable: true,
      });
      await assert.rejects(nc.call('askBack', 'x'), (e: RtmpClientError) => e.code === 'RTMP_CLIENT_ERR_CALL_FAILED');
      assert.equal(touched, false);
      assert.deepEqual(unhandled, ['answer']);
    } finally {
      await nc.close();
    }
  });

  it('rejects bad URLs and unreachable servers with a rejected promise', async () => {
    await assert.rejects(new NetConnection().connect('http://example.com/app'), (e: Error & { code?: string }) => e.code === 'RTMP_ERR_BAD_URL');
    const closed = createServer({ host: '127.0.0.1', port: 0 });
    const { port } = await closed.listen();
    await closed.close();
    await assert.rejects(new NetConnection().connect(`rtmp://127.0.0.1:${port}/live`), (e: RtmpClientError) => e.code === 'RTMP_CLIENT_ERR_CLOSED');
  });

  it('reports applications, instances and clients in server.stats()', async () => {
    const a = await open('hank');
    const b = new NetConnection<ChatServer, ChatClient>();
    await b.connect(url.replace('/chat', '/chat/room2'), 'ivy');
    try {
      const snapshot = () =>
        JSON.stringify([...(server.stats().applications.find((x) => x.name === 'chat')?.instances ?? [])].sort((x, y) => x.name.localeCompare(y.name)));
      const expected = JSON.stringify([{ name: '_definst_', clients: 1 }, { name: 'room2', clients: 1 }]);
      // Connections of earlier tests may still be finishing on the server side.
      for (let i = 0; i < 300 && snapshot() !== expected; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(snapshot(), expected);
      assert.ok(server.stats().connections >= 2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('measures the round-trip time with ping()', async () => {
    const nc = await open('gina');
    try {
      const rtts = await Promise.all([nc.ping(), nc.ping()]);
      for (const rtt of rtts) assert.ok(rtt >= 0 && rtt < 1000, String(rtt));
    } finally {
      await nc.close();
    }
  });

  it('times out calls on both sides', async () => {
    const nc = await open('dave');
    try {
      await assert.rejects(nc.callWithTimeout(20, 'slow', 200), (e: RtmpClientError) => e.code === 'RTMP_CLIENT_ERR_CALL_TIMEOUT');
      // The client never answers 'never'-style calls here: no handler → _error; a silent client → server timeout.
      nc.client = { answer: () => new Promise<string>(() => {}) };
      await assert.rejects(nc.call('askBack', 'x'), (e: RtmpClientError) => e.code === 'RTMP_CLIENT_ERR_CALL_FAILED');
    } finally {
      await nc.close();
    }
  });

  it('rejects a banned user with the application info, and waits for a slow onConnect', async () => {
    const nc = new NetConnection();
    await assert.rejects(nc.connect(url, 'mallory'), (e: RtmpClientError) => {
      const info = e.info as { code: string; description: string; application: { reason: string } };
      return e.code === 'RTMP_CLIENT_ERR_CONNECT_REJECTED' && info.code === 'NetConnection.Connect.Rejected' && info.description === 'Banned.' && info.application.reason === 'banned';
    });
    const t0 = performance.now();
    const late = await open('late');
    assert.ok(performance.now() - t0 >= 45);
    assert.equal(await late.call('add', 1, 2), 3);
    await late.close();
    const bad = new NetConnection();
    await assert.rejects(bad.connect(url.replace('/chat', '/nope')), (e: RtmpClientError) => (e.info as { code: string }).code === 'NetConnection.Connect.InvalidApp');
  });

  it('gets StreamNotFound and BadName from the default stream handler', async () => {
    const nc = await open('erin');
    try {
      const s = await nc.createStream();
      assert.equal(s.streamId, 1);
      await assert.rejects(s.play('nothing'), (e: RtmpClientError) => (e.info as { code: string }).code === 'NetStream.Play.StreamNotFound');
      const p = await nc.createStream();
      await assert.rejects(p.publish('x'), (e: RtmpClientError) => (e.info as { code: string }).code === 'NetStream.Publish.BadName');
    } finally {
      await nc.close();
    }
  });

  it('closes pending calls when the server shuts down', async () => {
    const local = createServer({ host: '127.0.0.1', port: 0, applications: [chat] });
    const { port } = await local.listen();
    const nc = new NetConnection<ChatServer, ChatClient>();
    await nc.connect(`rtmp://127.0.0.1:${port}/chat`, 'frank');
    const pending = assert.rejects(nc.call('slow', 5000), (e: RtmpClientError) => e.code === 'RTMP_CLIENT_ERR_CLOSED');
    const closed = new Promise((r) => nc.once('close', r));
    await local.close();
    await pending;
    await closed;
    assert.equal(local.connectionCount, 0);
  });
});
