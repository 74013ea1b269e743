// Flex RemoteObject traffic through the gateway: ping, RemotingMessage, login/logout, errors, small forms.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AcknowledgeMessage,
  CommandMessage,
  decodeEnvelope,
  encodeEnvelope,
  ErrorMessage,
  Gateway,
  RemotingFault,
  RemotingMessage,
  type Envelope,
} from '../../src/remoting/index.js';
import { DSC, PING, hex } from './captures.js';

/** A Flex request packet: version 3, target "null", the message in a one-element strict array behind 0x11. */
function flexPacket(message: Buffer): Buffer {
  const value = Buffer.concat([hex('0a 00000001 11'), message]);
  const head = hex('0003 0000 0001 0004 6e756c6c 0002 2f31');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(value.length);
  return Buffer.concat([head, len, value]);
}

function remoting(destination: string, operation: string, body: unknown[], extra: Partial<RemotingMessage> = {}): RemotingMessage {
  const m = new RemotingMessage();
  Object.assign(m, { destination, operation, body, messageId: 'REQ-1', headers: { DSId: 'CLIENT-1' } }, extra);
  return m;
}

function command(operation: number, body: unknown = null, headers: Record<string, unknown> = { DSId: 'nil' }): CommandMessage {
  const m = new CommandMessage();
  Object.assign(m, { operation, body, messageId: 'CMD-1', headers });
  return m;
}

async function roundTrip(g: Gateway, msgs: unknown[], sessionId?: string) {
  const req: Envelope = { version: 3, headers: [], bodies: msgs.map((m, i) => ({ target: 'null', response: `/${i + 1}`, value: [m as never] })) };
  const res = await g.processBytes(encodeEnvelope(req, { classRegistry: g.classRegistry }), { sessionId });
  return { res, env: g.decode(res.bytes) };
}

describe('Flex messaging through the gateway', () => {
  it('answers the captured ping with an AcknowledgeMessage carrying a fresh DSId and DSMessagingVersion', async () => {
    const g = new Gateway({ now: () => 1_700_000_000_000 });
    const env = g.decode((await g.processBytes(flexPacket(PING))).bytes);
    assert.equal(env.version, 3);
    assert.equal(env.bodies[0].target, '/1/onResult');
    const ack = env.bodies[0].value as AcknowledgeMessage;
    assert.ok(ack instanceof AcknowledgeMessage && !(ack instanceof ErrorMessage));
    assert.equal(ack.correlationId, '50A43A42-6AB3-FA5B-0601-AA658F60C1F5');
    assert.match(String(ack.headers.DSId), /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    assert.equal(ack.headers.DSMessagingVersion, 1);
    assert.equal(ack.clientId, ack.headers.DSId);
    assert.equal(ack.timestamp, 1_700_000_000_000);
    assert.match(String(ack.messageId), /^[0-9A-F-]{36}$/);
  });

  it('does not advertise small messages when told not to', async () => {
    const g = new Gateway({ smallMessages: false });
    const ack = g.decode((await g.processBytes(flexPacket(PING))).bytes).bodies[0].value as AcknowledgeMessage;
    assert.equal(Object.hasOwn(ack.headers, 'DSMessagingVersion'), false);
  });

  it('decodes a small-form DSC command and answers it (poll is unsupported: ErrorMessage)', async () => {
    const g = new Gateway();
    const env = g.decode((await g.processBytes(flexPacket(DSC))).bytes);
    assert.equal(env.bodies[0].target, '/1/onStatus');
    const err = env.bodies[0].value as ErrorMessage;
    assert.ok(err instanceof ErrorMessage);
    assert.equal(err.faultCode, 'Client.Message.Invalid');
    assert.equal(err.correlationId, 'C0DFB77C-D6EE-2431-7315-3266E131A866');
  });

  it('answers a RemotingMessage with an AcknowledgeMessage whose body is the result', async () => {
    const g = new Gateway();
    g.addService('Users', { find: (id: number) => ({ id, name: 'Ada' }) });
    const { env } = await roundTrip(g, [remoting('Users', 'find', [7])]);
    const ack = env.bodies[0].value as AcknowledgeMessage;
    assert.equal(env.bodies[0].target, '/1/onResult');
    assert.ok(ack instanceof AcknowledgeMessage);
    assert.deepEqual({ ...(ack.body as object) }, { id: 7, name: 'Ada' });
    assert.equal(ack.correlationId, 'REQ-1');
    assert.equal(ack.clientId, 'CLIENT-1');
    assert.equal(ack.destination, 'Users');
    assert.notEqual(ack.messageId, 'REQ-1');
  });

  it('answers faults with an ErrorMessage (faultCode, faultString, faultDetail, rootCause)', async () => {
    const g = new Gateway();
    g.addService('Users', {
      find: () => { throw new RemotingFault('App.NotFound', 'No such user', 'id 7', { id: 7 }); },
      crash: () => { throw new Error('secret internals'); },
    });
    const { env } = await roundTrip(g, [remoting('Users', 'find', []), remoting('Users', 'crash', []), remoting('Users', 'nope', [])]);
    const [a, b, c] = env.bodies.map((x) => x.value as ErrorMessage);
    assert.deepEqual([a.faultCode, a.faultString, a.faultDetail, { ...(a.rootCause as object) }], ['App.NotFound', 'No such user', 'id 7', { id: 7 }]);
    assert.equal(a.correlationId, 'REQ-1');
    assert.equal(b.faultCode, 'Server.Processing');
    assert.doesNotMatch(JSON.stringify(b), /secret internals/);
    assert.equal(c.faultCode, 'Server.ResourceUnavailable');
    assert.deepEqual(env.bodies.map((x) => x.target), ['/1/onStatus', '/2/onStatus', '/3/onStatus']);
  });

  it('ignores the source hint and never reaches unregistered destinations or prototype names', async () => {
    const g = new Gateway();
    g.addService('Users', { find: () => 1 });
    const probes = [
      remoting('child_process', 'exec', ['id'], { source: 'child_process' }),
      remoting('Users', 'constructor', []),
      remoting('Users', '__proto__', []),
      remoting('Users', 'find', [], { source: 'fs' }),
    ];
    const { env } = await roundTrip(g, probes);
    assert.deepEqual(env.bodies.map((b) => (b.value as ErrorMessage).faultCode ?? 'ok'), ['Server.ResourceUnavailable', 'Server.ResourceUnavailable', 'Server.ResourceUnavailable', 'ok']);
  });

  it('logs in with base64 user:password, keeps the user in a session, and logs out', async () => {
    const g = new Gateway({ authenticate: (u, p) => (u === 'ada' && p === 'pä:ss' ? { roles: ['staff'] } : false) });
    g.addService('Staff', { secret: () => 42 }, { access: { roles: ['staff'] } });
    const bad = await roundTrip(g, [command(8, Buffer.from('ada:wrong').toString('base64'))]);
    assert.equal((bad.env.bodies[0].value as ErrorMessage).faultCode, 'Client.Authentication');
    const denied = await roundTrip(g, [remoting('Staff', 'secret', [])]);
    assert.equal((denied.env.bodies[0].value as ErrorMessage).faultCode, 'Client.Authentication');

    const login = await roundTrip(g, [command(8, Buffer.from('ada:pä:ss', 'utf8').toString('base64'), { DSId: 'X', DSCredentialsCharset: 'UTF-8' })]);
    assert.equal((login.env.bodies[0].value as AcknowledgeMessage).body, 'success');
    assert.equal(login.res.sessionStarted, true);
    const sid = login.res.session!.id;
    assert.equal(login.env.headers[0].name, 'AppendToGatewayUrl');

    const ok = await roundTrip(g, [remoting('Staff', 'secret', [])], sid);
    assert.equal((ok.env.bodies[0].value as AcknowledgeMessage).body, 42);
    const out = await roundTrip(g, [command(9)], sid);
    assert.equal(out.res.sessionEnded, true);
    const after = await roundTrip(g, [remoting('Staff', 'secret', [])], sid);
    assert.equal((after.env.bodies[0].value as ErrorMessage).faultCode, 'Client.Authentication');
  });

  it('gives a new session id at login, so an id planted before login is never authenticated', async () => {
    const g = new Gateway({ authenticate: () => true });
    g.addService('cart', { put: (ctx: import('../../src/remoting/index.js').CallContext) => { ctx.session(true)!.data.set('k', 'v'); return 1; } }, { withContext: true });
    const planted = (await roundTrip(g, [remoting('cart', 'put', [])])).res.session!.id;
    const login = await roundTrip(g, [command(8, Buffer.from('u:p').toString('base64'))], planted);
    const fresh = login.res.session!;
    assert.notEqual(fresh.id, planted);
    assert.equal(fresh.user, 'u');
    assert.equal(fresh.data.get('k'), 'v');
    assert.equal(g.sessions.get(planted), undefined);
  });

  it('decodes ISO-8859-1 credentials when the client names that charset', async () => {
    const seen: string[] = [];
    const g = new Gateway({ authenticate: (u, p) => { seen.push(`${u}/${p}`); return true; } });
    await roundTrip(g, [command(8, Buffer.from('jos\xe9:x', 'latin1').toString('base64'), { DSCredentialsCharset: 'ISO-8859-1' })]);
    assert.deepEqual(seen, ['jos\u00e9/x']);
  });

  it('answers unknown command operations with an ErrorMessage', async () => {
    const g = new Gateway();
    const { env } = await roundTrip(g, [command(0), command(12345)]);
    assert.equal((env.bodies[0].value as ErrorMessage).faultCode, 'Client.Message.Invalid');
    assert.equal((env.bodies[1].value as ErrorMessage).faultCode, 'Client.Message.Invalid');
  });

  it('mixes Flex and classic bodies in one packet, answering each in its own style', async () => {
    const g = new Gateway();
    g.addService('echo', { echo: (x: unknown) => x });
    const req: Envelope = { version: 3, headers: [], bodies: [
      { target: 'null', response: '/1', value: [remoting('echo', 'echo', ['flex'])] },
      { target: 'echo.echo', response: '/2', value: ['classic'] },
    ] };
    const env = decodeEnvelope((await g.processBytes(encodeEnvelope(req, { classRegistry: g.classRegistry }))).bytes, { classRegistry: g.classRegistry });
    assert.equal((env.bodies[0].value as AcknowledgeMessage).body, 'flex');
    assert.equal(env.bodies[1].value, 'classic');
  });

  it('recognises a RemotingMessage sent as an anonymous AMF0 object with an ECMA-array body (as Ruffle sends it)', async () => {
    const g = new Gateway();
    g.addService('echo', { echo: (x: unknown) => x });
    // Captured from Ruffle (see test/remoting/ruffle): target "null", anonymous object, body {0: "via NetConnection.call"}.
    const req = hex(`00000000000100046e756c6c00022f31 000000f60a00000001030004626f6479 0800000001000130020016766961204e
      6574436f6e6e656374696f6e2e63616c 6c0000090008636c69656e7449640600 0b64657374696e6174696f6e02000465
      63686f00076865616465727303000444 5349640200036e696c000a4453456e64 706f696e740200066d792d616d660000
      0900096d657373616765496402002446 423030303030302d303030302d303030 302d303030302d303030303030303030
      30433100096f7065726174696f6e0200 046563686f0006736f7572636505000a 74696d65546f4c697665000000000000
      000000000974696d657374616d700000 00000000000000000009`);
    const env = g.decode((await g.processBytes(req)).bytes);
    const ack = env.bodies[0].value as AcknowledgeMessage;
    assert.equal(env.bodies[0].target, '/1/onResult');
    assert.ok(ack instanceof AcknowledgeMessage);
    assert.equal(ack.body, 'via NetConnection.call');
    assert.equal(ack.correlationId, 'FB000000-0000-0000-0000-0000000000C1');
  });

  it('leaves anonymous objects alone when the target is a real service', async () => {
    const g = new Gateway();
    g.addService('echo', { echo: (x: unknown) => x });
    const out = await g.handle({ version: 0, headers: [], bodies: [{ target: 'echo.echo', response: '/1', value: [{ operation: 'x', destination: 'y', messageId: 'z' }] }] });
    assert.deepEqual(out.bodies[0].value, { operation: 'x', destination: 'y', messageId: 'z' });
  });
});
