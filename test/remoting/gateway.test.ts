// Gateway dispatch without HTTP: batching, faults, the sandbox at the wire, auth, sessions, response headers,
// logging. Envelopes go in as objects or as bytes (processBytes), never through a socket.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CommandMessage,
  decodeEnvelope,
  ErrorMessage,
  encodeEnvelope,
  Gateway,
  RemotingFault,
  type CallContext,
  type Envelope,
  type RemotingBody,
  type RemotingHeader,
} from '../../src/remoting/index.js';
import { hex } from './helpers.js';
import { MAX_RETAINED_BYTES } from '../../src/amf/byte-writer.js';

function envelope(bodies: Array<[target: string, args: unknown[]]>, headers: RemotingHeader[] = [], version: 0 | 3 = 0): Envelope {
  return { version, headers, bodies: bodies.map(([target, args], i) => ({ target, response: `/${i + 1}`, value: args as never })) };
}

function fault(b: RemotingBody): Record<string, unknown> {
  assert.match(b.target, /\/onStatus$/);
  return b.value as Record<string, unknown>;
}

describe('gateway: public surface', () => {
  it('exposes only the documented API; the Flex dispatcher hooks are not reachable from a Gateway', () => {
    assert.deepEqual(Object.getOwnPropertyNames(Gateway.prototype).sort(), [
      'addService', 'constructor', 'decode', 'encode', 'handle', 'process', 'processBytes', 'removeService', 'understandHeader',
    ]);
    const g = new Gateway() as unknown as Record<string, unknown>;
    for (const name of ['invoke', 'resolve', 'authenticate', 'callStart', 'logCall', 'internals']) assert.equal(g[name], undefined, name);
  });
});

describe('gateway: batching', () => {
  it('answers every body in request order at <response>/onResult, running async calls concurrently', async () => {
    const g = new Gateway();
    // Each call waits on its own gate: all three must be running at once before any can finish, and they are
    // released last-first, so the answer order can only come from the request order (no clock involved).
    const gates = new Map<number, () => void>();
    let running = 0;
    let peak = 0;
    g.addService('slow', {
      wait: async (n: number) => {
        peak = Math.max(peak, ++running);
        await new Promise<void>((r) => gates.set(n, r));
        running--;
        return n;
      },
    });
    const answer = g.handle(envelope([['slow.wait', [150]], ['slow.wait', [100]], ['slow.wait', [50]]]));
    for (let i = 0; i < 100 && gates.size < 3; i++) await new Promise((r) => setImmediate(r));
    assert.equal(peak, 3, 'calls ran one after another');
    for (const n of [50, 100, 150]) gates.get(n)!();
    const out = await answer;
    assert.deepEqual(out.bodies.map((b) => [b.target, b.response, b.value]), [
      ['/1/onResult', 'null', 150], ['/2/onResult', 'null', 100], ['/3/onResult', 'null', 50],
    ]);
  });

  it('keeps a failing call from touching the others', async () => {
    const g = new Gateway();
    g.addService('svc', { ok: (x: number) => x * 2, boom: () => { throw new Error('db password is hunter2'); }, rej: async () => { throw new Error('x'); } });
    const out = await g.handle(envelope([['svc.ok', [1]], ['svc.boom', []], ['svc.rej', []], ['svc.ok', [2]]]));
    assert.equal(out.bodies[0].value, 2);
    assert.equal(fault(out.bodies[1]).code, 'Server.Processing');
    assert.equal(fault(out.bodies[2]).code, 'Server.Processing');
    assert.equal(out.bodies[3].value, 4);
  });

  it('answers an empty packet with an empty packet of the same version', async () => {
    const g = new Gateway();
    assert.deepEqual(await g.handle({ version: 3, headers: [], bodies: [] }), { version: 3, headers: [], bodies: [] });
  });

  it('answers a version 3 request with AMF3 values behind 0x11', async () => {
    const g = new Gateway();
    g.addService('echo', { echo: (x: unknown) => x });
    const res = await g.processBytes(encodeEnvelope(envelope([['echo.echo', [{ a: 1 }]]], [], 3)));
    const valueStart = res.bytes.indexOf(Buffer.from('null')) + 4 + 4;
    assert.equal(res.bytes[valueStart], 0x11);
    assert.deepEqual({ ...(decodeEnvelope(res.bytes).bodies[0].value as object) }, { a: 1 });
  });
});

describe('gateway: faults', () => {
  it('sends {code, description, details, level} and hides internal messages and stacks', async () => {
    const g = new Gateway();
    g.addService('svc', { boom: () => { throw new Error('db password is hunter2'); } });
    const f = fault((await g.handle(envelope([['svc.boom', []]]))).bodies[0]);
    assert.deepEqual(Object.keys(f).sort(), ['code', 'description', 'details', 'level']);
    assert.equal(f.level, 'error');
    assert.doesNotMatch(JSON.stringify(f), /hunter2|at |\.ts/);
  });

  it('shows the message and stack only in debug mode', async () => {
    const g = new Gateway({ debug: true });
    g.addService('svc', { boom: () => { throw new Error('detail for developers'); } });
    const f = fault((await g.handle(envelope([['svc.boom', []]]))).bodies[0]);
    assert.equal(f.description, 'detail for developers');
    assert.match(String(f.details), /gateway\.test\.ts/);
  });

  it('passes a RemotingFault through with its own code, text and details', async () => {
    const g = new Gateway();
    g.addService('svc', { nope: () => { throw new RemotingFault('App.NotFound', 'No such user', 'id 7'); } });
    const f = fault((await g.handle(envelope([['svc.nope', []]]))).bodies[0]);
    assert.deepEqual(f, { code: 'App.NotFound', description: 'No such user', details: 'id 7', level: 'error' });
  });

  it('answers unknown targets and prototype names with Server.ResourceUnavailable, never calling anything', async () => {
    const g = new Gateway();
    g.addService('echo', { echo: (x: unknown) => x });
    const targets = ['nope.echo', 'echo.nope', 'echo.constructor', 'echo.__proto__', 'echo.toString', 'echo.hasOwnProperty',
      'echo._x', 'constructor.constructor', 'echo.echo.call', '', 'null', 'Function.prototype.call'];
    const out = await g.handle(envelope(targets.map((t) => [t, ['process.exit()']])));
    for (const b of out.bodies) assert.equal(fault(b).code, 'Server.ResourceUnavailable');
  });

  it('refuses wrong argument counts before the call', async () => {
    let called = false;
    const g = new Gateway();
    g.addService('svc', { two: (a: unknown, b: unknown) => { called = true; return [a, b]; } });
    const f = fault((await g.handle(envelope([['svc.two', [1]]]))).bodies[0]);
    assert.equal(f.code, 'Client.Call.BadArguments');
    assert.equal(called, false);
  });

  it('times out a call that never settles', async () => {
    const g = new Gateway({ callTimeoutMs: 20 });
    g.addService('svc', { hang: () => new Promise(() => {}) });
    const f = fault((await g.handle(envelope([['svc.hang', []]]))).bodies[0]);
    assert.equal(f.code, 'Server.Processing.Timeout');
  });

  it('faults every call when a mustUnderstand header is unknown, and accepts known ones', async () => {
    const g = new Gateway({ knownHeaders: ['Locale'] });
    g.addService('echo', { echo: (x: unknown) => x });
    const bad = await g.handle(envelope([['echo.echo', [1]]], [{ name: 'Magic', mustUnderstand: true, value: 1 }]));
    assert.equal(fault(bad.bodies[0]).code, 'Client.Header.MustUnderstand');
    const ok = await g.handle(envelope([['echo.echo', [1]]], [{ name: 'Locale', mustUnderstand: true, value: 'fr' }, { name: 'Other', mustUnderstand: false, value: 1 }]));
    assert.equal(ok.bodies[0].value, 1);
  });

  it('understands a header it asked for (RequestPersistentHeader) from that session only', async () => {
    const g = new Gateway();
    g.addService('echo', { echo: (x: unknown) => x });
    g.addService('ask', { token: (ctx: CallContext) => ctx.requestPersistentHeader('Token', 't', true) }, { withContext: true });
    const token: RemotingHeader = { name: 'Token', mustUnderstand: true, value: 't' };
    const asked = await g.process(envelope([['ask.token', []]]));
    // Asking for a mustUnderstand header starts a session to remember it in (handed out like any other).
    const id = asked.session!.id;
    assert.deepEqual(asked.envelope.headers.map((h) => h.name), ['AppendToGatewayUrl', 'RequestPersistentHeader']);
    const back = await g.handle(envelope([['echo.echo', [2]]], [token]), { sessionId: id });
    assert.equal(back.bodies[0].value, 2);
    // Another client, with no session or with its own, was never asked for it.
    const stranger = await g.handle(envelope([['echo.echo', [3]]], [token]));
    assert.equal(fault(stranger.bodies[0]).code, 'Client.Header.MustUnderstand');
    const other = (await g.process(envelope([['ask.nothing', []]]))).session;
    assert.equal(other, undefined);
    g.addService('cart', { open: (ctx: CallContext) => ctx.session(true)!.id }, { withContext: true });
    const otherId = (await g.handle(envelope([['cart.open', []]]))).bodies[0].value as string;
    const otherBack = await g.handle(envelope([['echo.echo', [4]]], [token]), { sessionId: otherId });
    assert.equal(fault(otherBack.bodies[0]).code, 'Client.Header.MustUnderstand');
  });
});

describe('gateway: authentication and access', () => {
  const authenticate = (user: string, password: string) =>
    user === 'admin' && password === 'pw' ? { roles: ['admin'] } : user === 'bob' && password === 'pw';

  function gateway(): Gateway {
    const g = new Gateway({ authenticate });
    g.addService('pub', { who: (ctx: CallContext) => ctx.user ?? 'nobody' }, { withContext: true });
    g.addService('members', { hello: () => 'hi' }, { access: 'authenticated' });
    g.addService('admin', { wipe: () => 'wiped', peek: () => 'peeked' }, { access: { roles: ['admin'] }, methodAccess: { peek: 'authenticated' } });
    g.addService('custom', { run: () => 'ran' }, { access: (ctx) => ctx.user === 'bob' });
    return g;
  }
  const creds = (userid: string, password: string): RemotingHeader => ({ name: 'Credentials', mustUnderstand: false, value: { userid, password } });

  it('refuses protected methods without credentials', async () => {
    const out = await gateway().handle(envelope([['pub.who', []], ['members.hello', []], ['admin.wipe', []]]));
    assert.equal(out.bodies[0].value, 'nobody');
    assert.equal(fault(out.bodies[1]).code, 'Client.Authentication');
    assert.equal(fault(out.bodies[2]).code, 'Client.Authentication');
  });

  it('checks the Credentials header with the hook, then applies roles and per-method rules', async () => {
    const g = gateway();
    const bob = await g.handle(envelope([['pub.who', []], ['members.hello', []], ['admin.wipe', []], ['admin.peek', []], ['custom.run', []]], [creds('bob', 'pw')]));
    assert.equal(bob.bodies[0].value, 'bob');
    assert.equal(bob.bodies[1].value, 'hi');
    assert.equal(fault(bob.bodies[2]).code, 'Client.Authorization');
    assert.equal(bob.bodies[3].value, 'peeked');
    assert.equal(bob.bodies[4].value, 'ran');
    const admin = await g.handle(envelope([['admin.wipe', []], ['custom.run', []]], [creds('admin', 'pw')]));
    assert.equal(admin.bodies[0].value, 'wiped');
    assert.equal(fault(admin.bodies[1]).code, 'Client.Authorization');
  });

  it('faults every call of a packet whose credentials are wrong', async () => {
    const out = await gateway().handle(envelope([['pub.who', []], ['members.hello', []]], [creds('bob', 'bad')]));
    for (const b of out.bodies) assert.equal(fault(b).code, 'Client.Authentication');
  });

  it('reads the AMF3 Credentials header of a real Flash client (PyAMF capture)', async () => {
    const seen: string[] = [];
    const g = new Gateway({ authenticate: (u, p) => { seen.push(`${u}:${p}`); return true; } });
    g.addService('svc', { createGroup: (x: unknown) => x }, { methods: ['createGroup'] });
    const bytes = hex(`0000 0001 000b 43726564656e7469616c73 00 0000002c 11 0a0b01 0d757365726964 061f67656e6f70726f5c40676572617264
      11 70617373776f7264 06096767676701 0001 000f 7376632e63726561746547726f7570 0002 2f31 0000001c 0a00000001 11 0a0b01
      0973747241 060974657374 0973747242 0602 01`);
    const res = decodeEnvelope((await g.processBytes(bytes)).bytes);
    assert.deepEqual(seen, ['genopro\\@gerard:gggg']);
    assert.deepEqual({ ...(res.bodies[0].value as object) }, { strA: 'test', strB: 'test' });
  });

  it('does not leak a throwing authenticate hook, and logs it for the Credentials header and a Flex login alike', async () => {
    const errors: Array<Record<string, unknown>> = [];
    const logger = { info: () => {}, error: (fields: Record<string, unknown>) => void errors.push(fields) };
    const g = new Gateway({ logger, authenticate: () => { throw new Error('ldap at 10.0.0.7 down'); } });
    g.addService('echo', { echo: (x: unknown) => x });
    const f = fault((await g.handle(envelope([['echo.echo', [1]]], [creds('a', 'b')]))).bodies[0]);
    assert.equal(f.code, 'Client.Authentication');
    assert.doesNotMatch(JSON.stringify(f), /ldap/);
    const login = Object.assign(new CommandMessage(), { operation: 8, body: Buffer.from('a:b').toString('base64'), messageId: 'M' });
    const flex = (await g.handle({ version: 3, headers: [], bodies: [{ target: 'null', response: '/1', value: [login] }] })).bodies[0];
    assert.equal((flex.value as ErrorMessage).faultCode, 'Client.Authentication');
    assert.doesNotMatch(JSON.stringify(flex.value), /ldap/);
    assert.deepEqual(errors.map((e) => [e.service, e.error]), [['authenticate', 'ldap at 10.0.0.7 down'], ['authenticate', 'ldap at 10.0.0.7 down']]);
  });
});

describe('gateway: sessions and response headers', () => {
  it('starts a session on demand, tells the client with AppendToGatewayUrl, and finds it again', async () => {
    const g = new Gateway();
    g.addService('cart', {
      add: (ctx: CallContext, item: string) => {
        const s = ctx.session(true)!;
        const items = (s.data.get('items') as string[] | undefined) ?? [];
        items.push(item);
        s.data.set('items', items);
        return items.length;
      },
    }, { withContext: true });
    const first = await g.process(envelope([['cart.add', ['apple']]]));
    assert.equal(first.sessionStarted, true);
    const id = first.session!.id;
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.deepEqual(first.envelope.headers, [{ name: 'AppendToGatewayUrl', mustUnderstand: false, value: `?flashback_session=${id}` }]);
    const second = await g.process(envelope([['cart.add', ['pear']]]), { sessionId: id, urlHasQuery: true });
    assert.equal(second.envelope.bodies[0].value, 2);
    assert.equal(second.sessionStarted, false);
    assert.deepEqual(second.envelope.headers, []);
    // An unknown or malformed id starts nothing by itself and is never trusted.
    const third = await g.process(envelope([['cart.add', ['fig']]]), { sessionId: '../../etc/passwd' });
    assert.equal(third.envelope.bodies[0].value, 1);
    assert.notEqual(third.session!.id, id);
  });

  it('gives services a typed API for the headers that call the Flash client', async () => {
    const g = new Gateway({ sessionUrlParameter: false });
    g.addService('svc', {
      go: (ctx: CallContext) => {
        ctx.appendToGatewayUrl(';jsessionid=abc');
        ctx.replaceGatewayUrl('http://other.example/gateway');
        ctx.requestPersistentHeader('Locale', 'fr', true);
        ctx.callClient('showMessage', { text: 'hello' });
        return null;
      },
    }, { withContext: true });
    const out = await g.handle(envelope([['svc.go', []]]));
    assert.deepEqual(out.headers, [
      { name: 'AppendToGatewayUrl', mustUnderstand: false, value: ';jsessionid=abc' },
      { name: 'ReplaceGatewayUrl', mustUnderstand: false, value: 'http://other.example/gateway' },
      { name: 'RequestPersistentHeader', mustUnderstand: false, value: { name: 'Locale', mustUnderstand: true, data: 'fr' } },
      { name: 'showMessage', mustUnderstand: false, value: { text: 'hello' } },
    ]);
  });
});

describe('gateway: logging', () => {
  it('logs service, method, duration and outcome as flat fields, never the arguments', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const g = new Gateway({ logger: { info: (f) => lines.push(f), error: (f) => lines.push(f) } });
    g.addService('echo', { echo: (x: unknown) => x, boom: () => { throw new Error('e'); } });
    // 30 levels of AMF3 arrays, each holding its child twice (the second time by reference): 2^30 leaves if
    // flattened, 150 bytes on the wire. Level 29 holds "x" twice; then each level's reference to its child.
    const graph = [...Array.from({ length: 30 }, () => '09 05 01'), '06 03 78 06 00',
      ...Array.from({ length: 29 }, (_, i) => `09 ${((29 - i) * 2).toString(16).padStart(2, '0')}`)].join(' ');
    const bytes = hex(`0003 0000 0001 0009 6563686f2e6563686f 0002 2f31 00000000 0a00000001 11 ${graph}`);
    const res = await g.processBytes(bytes);
    const back = decodeEnvelope(res.bytes).bodies[0].value as unknown[];
    assert.equal(back[0], back[1], 'the shared child came back as one object');
    assert.ok(res.bytes.length < 300);
    await g.handle(envelope([['echo.boom', []]]));
    for (const line of lines) assert.ok(JSON.stringify(line).length < 2000, 'a log line carries argument data');
    const call = lines.find((l) => l.method === 'boom' && l.outcome === 'fault');
    assert.ok(call);
    assert.deepEqual(Object.keys(call).sort(), ['code', 'durationMs', 'method', 'outcome', 'service']);
  });
});

describe('gateway: results that cannot be encoded', () => {
  it('faults only the call whose result cannot be written in AMF', async () => {
    const g = new Gateway();
    g.addService('svc', { fn: () => () => 1, big: () => 10n, ok: () => 'fine' });
    const out = decodeEnvelope((await g.processBytes(encodeEnvelope(envelope([['svc.fn', []], ['svc.ok', []], ['svc.big', []]])))).bytes);
    assert.equal(fault(out.bodies[0]).code, 'Server.Processing');
    assert.equal(out.bodies[1].value, 'fine');
    assert.equal(fault(out.bodies[2]).code, 'Server.Processing');
    assert.deepEqual(out.bodies.map((b) => b.target), ['/1/onStatus', '/2/onResult', '/3/onStatus']);
  });

  it('faults only the call whose result has a getter that throws', async () => {
    const g = new Gateway();
    const trap = Object.defineProperty({}, 'x', { enumerable: true, get: () => { throw new Error('getter failed'); } });
    g.addService('svc', { trap: () => trap, ok: () => 'fine' });
    const out = decodeEnvelope((await g.processBytes(encodeEnvelope(envelope([['svc.trap', []], ['svc.ok', []]])))).bytes);
    assert.equal(fault(out.bodies[0]).code, 'Server.Processing');
    assert.equal(out.bodies[1].value, 'fine');
  });
});

describe('gateway: encoder buffers', () => {
  it('keeps no encoder buffer past 256 KiB after a large answer (a long string reserves 3 bytes per unit)', () => {
    const g = new Gateway();
    for (const version of [0, 3] as const) {
      const long = 'x'.repeat(100_000);
      const big = g.encode({ version, headers: [], bodies: [{ target: '/1/onResult', response: '', value: long }] });
      assert.equal((decodeEnvelope(big).bodies[0].value as string).length, 100_000);
      assert.ok(Gateway.retainedEncoderBytes(g) <= 2 * MAX_RETAINED_BYTES, `retained ${Gateway.retainedEncoderBytes(g)} bytes`);
      const small = g.encode({ version, headers: [], bodies: [{ target: '/2/onResult', response: '', value: 'ok' }] });
      assert.equal(decodeEnvelope(small).bodies[0].value, 'ok');
    }
    assert.ok(Gateway.retainedEncoderBytes(g) > 0, 'the writers themselves are kept');
  });
});
