// RemotingClient end to end against the real gateway over node:http: AMF0, Flex (AMF3), classic AMF3, batching,
// faults, credentials, and the response headers that steer the client.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createNodeHandler,
  Gateway,
  MemorySessionStore,
  RemotingCallError,
  RemotingClient,
  RemotingError,
  RemotingFault,
  type CallContext,
} from '../../src/remoting/index.js';

interface Hit {
  url: string;
  bytes: number;
}

async function start(g: Gateway) {
  const hits: Hit[] = [];
  const handler = createNodeHandler(g);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    hits.push({ url: req.url ?? '', bytes: Number(req.headers['content-length'] ?? 0) });
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway`;
  return { url, hits, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

function services(g: Gateway): Gateway {
  g.addService('echo', { echo: (x: unknown) => x, add: (a: number, b: number) => a + b, fail: () => { throw new RemotingFault('App.Fail', 'it failed', 'details here'); } });
  g.addService('session', {
    bump: (ctx: CallContext) => {
      const s = ctx.session(true)!;
      const n = ((s.data.get('n') as number | undefined) ?? 0) + 1;
      s.data.set('n', n);
      return n;
    },
    persist: (ctx: CallContext, token: string) => {
      ctx.requestPersistentHeader('Token', token);
      ctx.callClient('notice', 'saved');
      return true;
    },
    token: (ctx: CallContext) => ctx.headers.get('Token') ?? null,
    whoami: (ctx: CallContext) => ctx.user ?? null,
  }, { withContext: true });
  g.addService('members', { secret: () => 'gold' }, { access: 'authenticated' });
  return g;
}

const authenticate = (u: string, p: string) => u === 'ada' && p === 'lovelace';

const values = ['text ü€', 42, -1.5, true, false, null, [1, [2, [3]]], { nested: { list: ['a', 'b'] } }, new Date(Date.UTC(2001, 8, 9, 1, 46, 40))];

for (const mode of [{ objectEncoding: 0 as const }, { objectEncoding: 3 as const }, { objectEncoding: 3 as const, flex: false }]) {
  const label = mode.objectEncoding === 0 ? 'AMF0' : mode.flex === false ? 'classic AMF3' : 'Flex AMF3';
  describe(`RemotingClient, ${label}`, async () => {
    const srv = await start(services(new Gateway({ authenticate })));
    after(() => srv.close());

    it('round-trips strings, numbers, booleans, null, nested arrays, objects and dates', async () => {
      const client = new RemotingClient(srv.url, mode);
      for (const v of values) {
        const back = await client.call('echo.echo', v);
        assert.deepEqual(JSON.parse(JSON.stringify(back)), JSON.parse(JSON.stringify(v)), String(v));
      }
      const d = await client.call<Date>('echo.echo', values[8]);
      assert.ok(d instanceof Date);
      assert.equal(d.getTime(), (values[8] as Date).getTime());
    });

    it('batches calls made in the same tick into one POST, answered in order', async () => {
      const client = new RemotingClient(srv.url, mode);
      await client.call('echo.echo', 'warm-up'); // Flex: ping happens here
      const before = srv.hits.length;
      const results = await Promise.allSettled([client.call('echo.add', 1, 2), client.call('echo.fail'), client.call('echo.echo', 'c'), client.call('nope.x')]);
      assert.equal(srv.hits.length - before, 1, 'one POST for four calls');
      assert.deepEqual(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as RemotingCallError).code)), [3, 'App.Fail', 'c', 'Server.ResourceUnavailable']);
      const fail = (results[1] as PromiseRejectedResult).reason as RemotingCallError;
      assert.ok(fail instanceof RemotingCallError);
      assert.equal(fail.message, 'it failed');
      assert.equal(fail.details, 'details here');
      await client.call('echo.echo', 1);
      await client.call('echo.echo', 2);
      assert.equal(srv.hits.length - before, 3, 'awaited calls go one by one');
    });

    it('authenticates (Credentials header, or Flex login) for protected services', async () => {
      const anon = new RemotingClient(srv.url, mode);
      await assert.rejects(anon.call('members.secret'), (e: RemotingCallError) => e.code === 'Client.Authentication');
      const client = new RemotingClient(srv.url, mode);
      client.setCredentials('ada', 'lovelace');
      assert.equal(await client.call('members.secret'), 'gold');
      assert.equal(await client.call('session.whoami'), 'ada');
      const wrong = new RemotingClient(srv.url, mode);
      wrong.setCredentials('ada', 'nope');
      await assert.rejects(wrong.call('members.secret'), (e: RemotingCallError) => e.code === 'Client.Authentication');
    });

    it('follows AppendToGatewayUrl for the session and sends requested persistent headers', async () => {
      const client = new RemotingClient(srv.url, mode);
      const notices: unknown[] = [];
      client.onHeader = (name, value) => notices.push([name, value]);
      assert.equal(await client.call('session.bump'), 1);
      assert.match(client.url, /\?flashback_session=[0-9a-f]{32}$/);
      assert.equal(await client.call('session.bump'), 2);
      assert.ok(srv.hits.at(-1)!.url.includes('flashback_session='));
      assert.equal(await client.call('session.persist', 'T-1'), true);
      assert.deepEqual(notices, [['notice', 'saved']]);
      assert.equal(await client.call('session.token'), 'T-1');
    });
  });
}

describe('RemotingClient: session renewal through the gateway URL', () => {
  it('replaces the expired session parameter instead of appending another one', async () => {
    let now = 0;
    const srv = await start(services(new Gateway({ sessions: new MemorySessionStore({ ttlMs: 1000, now: () => now }) })));
    try {
      const client = new RemotingClient(`${srv.url}?game=7`);
      const ids = (): string[] => new URL(client.url).searchParams.getAll('flashback_session');
      assert.equal(await client.call('session.bump'), 1);
      const [first] = ids();
      assert.match(first, /^[0-9a-f]{32}$/);
      for (let round = 0; round < 3; round++) {
        now += 5000; // the session expires; the next call starts a new one
        assert.equal(await client.call('session.bump'), 1);
        assert.equal(await client.call('session.bump'), 2);
        assert.equal(ids().length, 1, client.url);
      }
      assert.notEqual(ids()[0], first);
      assert.equal(new URL(client.url).searchParams.get('game'), '7');
      assert.equal(new URL(srv.hits.at(-1)!.url, 'http://x').searchParams.get('flashback_session'), ids()[0]);
    } finally {
      await srv.close();
    }
  });
});

describe('RemotingClient: ReplaceGatewayUrl and transport errors', () => {
  it('moves to the URL the gateway names', async () => {
    const second = await start(services(new Gateway()));
    const g = new Gateway();
    g.addService('move', { go: (ctx: CallContext) => { ctx.replaceGatewayUrl(second.url); return 'moving'; } }, { withContext: true });
    const first = await start(g);
    try {
      const client = new RemotingClient(first.url);
      assert.equal(await client.call('move.go'), 'moving');
      assert.equal(client.url, second.url);
      assert.equal(await client.call('echo.echo', 'there'), 'there');
      assert.equal(second.hits.length, 1);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('rejects with REMOTING_ERR_HTTP on a non-AMF answer and when nothing listens', async () => {
    const server = createServer((_req, res) => res.writeHead(404).end('nope'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      await assert.rejects(new RemotingClient(url).call('a.b'), (e: RemotingError) => e.code === 'REMOTING_ERR_HTTP');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
    await assert.rejects(new RemotingClient(url, { timeoutMs: 2000 }).call('a.b'), (e: RemotingError) => e.code === 'REMOTING_ERR_HTTP');
    await assert.rejects(new RemotingClient().call('a.b'), (e: RemotingError) => e.code === 'REMOTING_ERR_CLOSED');
  });

  it('refuses answers above maxResponseBytes and answers that miss a call', async () => {
    const srv = await start(services(new Gateway()));
    try {
      const small = new RemotingClient(srv.url, { maxResponseBytes: 100 });
      await assert.rejects(small.call('echo.echo', 'x'.repeat(500)), (e: RemotingError) => e.code === 'REMOTING_ERR_HTTP');
    } finally {
      await srv.close();
    }
    // A chunked answer (no Content-Length) that never ends is cut off at the limit, not read whole.
    let written = 0;
    const endless = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-amf' });
      const more = (): void => {
        while (written < 64 * 1024 * 1024 && res.write(Buffer.alloc(16 * 1024))) written += 16 * 1024;
        if (written < 64 * 1024 * 1024 && !res.destroyed) res.once('drain', more);
      };
      more();
    });
    await new Promise<void>((r) => endless.listen(0, '127.0.0.1', r));
    try {
      const client = new RemotingClient(`http://127.0.0.1:${(endless.address() as AddressInfo).port}/`, { maxResponseBytes: 64 * 1024 });
      await assert.rejects(client.call('a.b'), (e: RemotingError) => e.code === 'REMOTING_ERR_HTTP' && /larger than 65536/.test(e.message));
      assert.ok(written < 64 * 1024 * 1024, 'the client stopped reading');
    } finally {
      endless.closeAllConnections();
      await new Promise((r) => endless.close(r));
    }
    // A "gateway" that answers with an empty packet: every call of the batch is rejected, none hangs.
    const empty = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/x-amf' }).end(Buffer.from('000000000000', 'hex')));
    await new Promise<void>((r) => empty.listen(0, '127.0.0.1', r));
    try {
      const client = new RemotingClient(`http://127.0.0.1:${(empty.address() as AddressInfo).port}/`);
      const out = await Promise.allSettled([client.call('a.b'), client.call('c.d')]);
      assert.ok(out.every((r) => r.status === 'rejected' && (r.reason as RemotingError).code === 'REMOTING_ERR_BAD_RESPONSE'));
    } finally {
      empty.closeAllConnections();
      await new Promise((r) => empty.close(r));
    }
  });
});
