// server.attach(): an RTMP connection over a non-TCP transport (what the RTMPT tunnel and WebSocket use),
// here an in-memory pipe to a ClientSession.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, defineApplication, type ByteTransport } from '../../src/server/index.js';
import { ClientSession, type ClientEvent, type ClientOutput } from '../../src/rtmp/index.js';

describe('server.attach', () => {
  it('runs connect and a call over an in-memory transport, and counts it against the limits', async () => {
    const server = createServer({ applications: [defineApplication({ name: 'echo', methods: { echo: (_c, v) => v } })], limits: { maxConnectionsPerIp: 1 } });
    const client = ClientSession.create({ handshake: 'simple' });
    const events: ClientEvent[] = [];
    const feed = (outs: ClientOutput[]): void => {
      for (const o of outs) if (o.kind === 'event') events.push(o.event);
      for (const o of outs) if (o.kind === 'send') attached?.receive(o.bytes);
    };
    let ended = false;
    const transport: ByteTransport = {
      remoteAddress: 'memory',
      write: (b) => setImmediate(() => feed(client.receive(b))),
      writeBatch: (bs) => bs.forEach((b) => transport.write(b)),
      writableLength: 0,
      onDrain: () => {},
      end: () => void (ended = true),
      destroy: () => void (ended = true),
    };
    const attached = server.attach(transport);
    assert.ok(attached);
    assert.equal(server.attach({ ...transport }), undefined, 'second transport from the same address refused');
    feed(client.start());
    const until = async (pred: () => boolean): Promise<void> => {
      for (let i = 0; i < 600 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
      assert.ok(pred());
    };
    await until(() => events.some((e) => e.type === 'handshakeCompleted'));
    feed(client.connect({ app: 'echo', tcUrl: 'rtmp://memory/echo', objectEncoding: 0 }));
    await until(() => events.some((e) => e.type === 'connected'));
    const { outputs } = client.call('echo', ['over memory']);
    feed(outputs);
    await until(() => events.some((e) => e.type === 'callAnswered'));
    const answer = events.find((e) => e.type === 'callAnswered');
    assert.deepEqual(answer?.type === 'callAnswered' && answer.args, ['over memory']);
    await server.close();
    assert.ok(ended);
    attached.closed();
    assert.equal(server.connectionCount, 0);
  });
});
