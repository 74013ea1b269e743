// The HTTP glue: status codes, limits, CORS, crossdomain.xml, session cookie and URL parameter, and the
// Express/Connect middleware driven by a minimal connect-style stack built here.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerPost, decodeEnvelope, encodeEnvelope, Gateway, remotingMiddleware, remotingPlugin, type CallContext, type FastifyLike, type FastifyReplyLike, type FastifyRequestLike } from '../../src/remoting/index.js';
import { post, serve } from './helpers.js';

function gateway(): Gateway {
  const g = new Gateway();
  g.addService('echo', { echo: (x: unknown) => x });
  g.addService('counter', {
    bump: (ctx: CallContext) => {
      const s = ctx.session(true)!;
      const n = ((s.data.get('n') as number | undefined) ?? 0) + 1;
      s.data.set('n', n);
      return n;
    },
  }, { withContext: true });
  return g;
}

const call = (target: string, ...args: unknown[]) => encodeEnvelope({ version: 0, headers: [], bodies: [{ target, response: '/1', value: args as never }] });

describe('node:http handler', async () => {
  const policy = '<?xml version="1.0"?><cross-domain-policy><allow-access-from domain="*.example.com"/></cross-domain-policy>';
  const srv = await serve(gateway(), { maxBodyBytes: 4096, cors: { origin: ['https://game.example.com'], credentials: true }, crossdomainXml: policy });
  after(() => srv.close());

  it('answers a POSTed packet with 200 application/x-amf and an exact Content-Length', async () => {
    const res = await post(srv.url, call('echo.echo', 'hi'));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-amf');
    assert.equal(Number(res.headers.get('content-length')), res.body.length);
    assert.equal(decodeEnvelope(res.body).bodies[0].value, 'hi');
    assert.equal(res.headers.get('cache-control'), null, 'no-cache breaks Flash in IE over HTTPS');
  });

  it('refuses other methods with 405 and an Allow header', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await post(srv.url, '', {}, method);
      assert.equal(res.status, 405, method);
      assert.match(res.headers.get('allow') ?? '', /POST/);
    }
  });

  it('refuses other content types with 415', async () => {
    for (const type of ['text/plain', 'application/json', 'application/x-amf-evil', 'multipart/form-data']) {
      assert.equal((await post(srv.url, call('echo.echo', 1), { 'content-type': type })).status, 415, type);
    }
    assert.equal((await post(srv.url, call('echo.echo', 1), { 'content-type': 'application/x-amf; charset=binary' })).status, 200);
  });

  it('refuses bodies above maxBodyBytes with 413, by Content-Length and while streaming', async () => {
    assert.equal((await post(srv.url, Buffer.alloc(5000))).status, 413);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(srv.url, { method: 'POST', headers: { 'content-type': 'application/x-amf', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(Buffer.alloc(1000));
      req.end();
    });
    assert.equal(status, 413);
  });

  it('answers a malformed packet with 400 and the error code only', async () => {
    const res = await post(srv.url, Buffer.from([0, 9, 0, 0, 0, 0]));
    assert.equal(res.status, 400);
    assert.match(res.body.toString(), /^REMOTING_ERR_BAD_VERSION/);
    assert.equal((await post(srv.url, Buffer.alloc(0))).status, 400);
  });

  it('serves crossdomain.xml when configured', async () => {
    const res = await post(srv.url.replace('/gateway', '/crossdomain.xml'), '', {}, 'GET');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/x-cross-domain-policy');
    assert.equal(res.body.toString(), policy);
  });

  it('answers CORS preflight and decorates answers for allowed origins only', async () => {
    const pre = await fetch(srv.url, { method: 'OPTIONS', headers: { origin: 'https://game.example.com', 'access-control-request-method': 'POST' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://game.example.com');
    assert.equal(pre.headers.get('access-control-allow-credentials'), 'true');
    assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
    const ok = await post(srv.url, call('echo.echo', 1), { 'content-type': 'application/x-amf', origin: 'https://game.example.com' });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://game.example.com');
    const other = await post(srv.url, call('echo.echo', 1), { 'content-type': 'application/x-amf', origin: 'https://evil.example' });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  it('keeps a session through the cookie it sets', async () => {
    const first = await post(srv.url, call('counter.bump'));
    const cookie = first.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^FLASHBACK_SESSION=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax$/);
    const second = await post(srv.url, call('counter.bump'), { 'content-type': 'application/x-amf', cookie: cookie.split(';')[0] });
    assert.equal(decodeEnvelope(second.body).bodies[0].value, 2);
    assert.equal(second.headers.get('set-cookie'), null);
  });

  it('keeps a session through the gateway URL parameter it appends (clients without cookies)', async () => {
    const first = decodeEnvelope((await post(srv.url, call('counter.bump'))).body);
    const append = first.headers.find((h) => h.name === 'AppendToGatewayUrl')!.value as string;
    assert.match(append, /^\?flashback_session=[0-9a-f]{32}$/);
    const second = decodeEnvelope((await post(srv.url + append, call('counter.bump'))).body);
    assert.equal(second.bodies[0].value, 2);
  });

  it('swaps an unknown session parameter for the new one with ReplaceGatewayUrl (mount point and publicOrigin kept)', async () => {
    const stale = 'ab'.repeat(16);
    const facts = {
      method: 'POST',
      url: `/?x=a%20b&flashback_session=${stale}&y`,
      originalUrl: `/amf/gw?x=a%20b&flashback_session=${stale}&y`,
      headers: { 'content-type': 'application/x-amf', host: '127.0.0.1:1' },
    };
    const replaced = (reply: { body: Buffer }): string[] => decodeEnvelope(reply.body).headers.map((h) => `${h.name} ${String(h.value)}`);
    const [viaHost] = replaced(await answerPost(gateway(), facts, call('counter.bump')));
    assert.match(viaHost, /^ReplaceGatewayUrl http:\/\/127\.0\.0\.1:1\/amf\/gw\?x=a%20b&y&flashback_session=[0-9a-f]{32}$/);
    assert.ok(!viaHost.includes(stale));
    const [viaOrigin] = replaced(await answerPost(gateway(), { ...facts, headers: { ...facts.headers, host: 'bad host/' } }, call('counter.bump'), { publicOrigin: 'https://games.example.com/' }));
    assert.match(viaOrigin, /^ReplaceGatewayUrl https:\/\/games\.example\.com\/amf\/gw\?x=a%20b&y&flashback_session=[0-9a-f]{32}$/);
    // Without a usable Host the gateway can only append, as before.
    const [fallback] = replaced(await answerPost(gateway(), { ...facts, headers: { ...facts.headers, host: 'bad host/' } }, call('counter.bump')));
    assert.match(fallback, /^AppendToGatewayUrl &flashback_session=[0-9a-f]{32}$/);
  });
});

/** The smallest connect-style app: `use(path, fn)` mounts, `(req, res, next)` chains, errors go to the end. */
function connectApp() {
  const stack: Array<{ path: string; fn: (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: (err?: unknown) => void) => void }> = [];
  const app = (req: IncomingMessage, res: ServerResponse): void => {
    let i = 0;
    const next = (err?: unknown): void => {
      if (err !== undefined) {
        res.writeHead(500).end('error');
        return;
      }
      const layer = stack[i++];
      if (layer === undefined) {
        res.writeHead(404).end('not found');
        return;
      }
      if (!(req.url ?? '/').startsWith(layer.path)) return next();
      layer.fn(req, res, next);
    };
    next();
  };
  app.use = (path: string, fn: (typeof stack)[number]['fn']) => stack.push({ path, fn });
  return app;
}

describe('Express/Connect middleware', () => {
  it('serves the gateway inside a middleware stack, with a body the stream still holds or one already read', async () => {
    const app = connectApp();
    const seen: string[] = [];
    app.use('/', (req, _res, next) => { seen.push(req.url ?? ''); next(); });
    // A body parser like express.raw({ type: 'application/x-amf' }) for one path only.
    app.use('/pre', (req, _res, next) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => { req.body = Buffer.concat(chunks); next(); });
    });
    app.use('/gateway', remotingMiddleware(gateway()));
    app.use('/pre', remotingMiddleware(gateway()));
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ['/gateway', '/pre']) {
        const res = await post(`${base}${path}`, call('echo.echo', path));
        assert.equal(res.status, 200);
        assert.equal(decodeEnvelope(res.body).bodies[0].value, path);
      }
      assert.equal((await post(`${base}/elsewhere`, call('echo.echo', 1))).status, 404);
      assert.equal((await post(`${base}/gateway`, '', {}, 'GET')).status, 405);
      assert.deepEqual(seen, ['/gateway', '/pre', '/elsewhere', '/gateway']);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('Fastify plugin glue', () => {
  it('registers an application/x-amf buffer parser with the body limit and answers through the gateway', async () => {
    const parsers: Array<{ type: string; bodyLimit?: number }> = [];
    const routes: Array<{ method: string | string[]; url: string; handler: (req: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown> }> = [];
    const fake: FastifyLike = {
      addContentTypeParser: (type, opts) => parsers.push({ type, bodyLimit: opts.bodyLimit }),
      route: (opts) => routes.push(opts),
    };
    await remotingPlugin(gateway(), { path: '/amf', maxBodyBytes: 1000, crossdomainXml: '<cross-domain-policy/>' })(fake);
    assert.deepEqual(parsers, [{ type: 'application/x-amf', bodyLimit: 1000 }]);
    assert.deepEqual(routes.map((r) => r.url), ['/amf', '/crossdomain.xml']);
    const sent: { status?: number; headers?: Record<string, string | string[]>; body?: Buffer } = {};
    const reply: FastifyReplyLike = {
      code(s) { sent.status = s; return this; },
      headers(h) { sent.headers = h; return this; },
      send(b) { sent.body = b; return this; },
    };
    await routes[0].handler({ method: 'POST', url: '/amf', headers: { 'content-type': 'application/x-amf' }, body: call('echo.echo', 'fast') }, reply);
    assert.equal(sent.status, 200);
    assert.equal(decodeEnvelope(sent.body!).bodies[0].value, 'fast');
    await routes[1].handler({ method: 'GET', url: '/crossdomain.xml', headers: {} }, reply);
    assert.equal(sent.body!.toString(), '<cross-domain-policy/>');
  });
});

describe('Fastify plugin with real Fastify', () => {
  it('serves the gateway, crossdomain.xml, 413 and 415 inside a Fastify app', async () => {
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    await app.register(remotingPlugin(gateway(), { path: '/gateway', maxBodyBytes: 2000, crossdomainXml: '<cross-domain-policy/>' }));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const ok = await post(`${base}/gateway`, call('echo.echo', 'via fastify'));
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('content-type'), 'application/x-amf');
      assert.equal(decodeEnvelope(ok.body).bodies[0].value, 'via fastify');
      assert.equal((await post(`${base}/crossdomain.xml`, '', {}, 'GET')).body.toString(), '<cross-domain-policy/>');
      assert.equal((await post(`${base}/gateway`, Buffer.alloc(3000))).status, 413);
      assert.equal((await post(`${base}/gateway`, 'x', { 'content-type': 'text/plain' })).status, 415);
      assert.equal((await post(`${base}/gateway`, Buffer.from([0, 9, 0, 0, 0, 0]))).status, 400);
    } finally {
      await app.close();
    }
  });
});

describe('session cookie over TLS', () => {
  it('marks the cookie Secure when the request came over TLS', async () => {
    const facts = { method: 'POST', url: '/gateway', headers: { 'content-type': 'application/x-amf' } };
    const plain = await answerPost(gateway(), facts, call('counter.bump'));
    assert.doesNotMatch(String(plain.headers['set-cookie']), /Secure/);
    const tls = await answerPost(gateway(), { ...facts, secure: true }, call('counter.bump'));
    assert.match(String(tls.headers['set-cookie']), /; Secure$/);
  });
});
