// Bad clients over real sockets: each is dropped with a logged reason, within bounded time, and a well-behaved
// client connected at the same time keeps working.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { defineApplication } from '../../../src/server/index.js';
import { NetConnection } from '../../../src/rtmp/client/index.js';
import { startTestServer, type TestServer } from '../../interop/harness.js';

const echo = defineApplication({ name: 'echo', methods: { echo: (_c, v) => v } });

/** Opens a raw socket, writes `bytes`, resolves when the server closes it (or rejects after `ms`). */
function rawClient(port: number, bytes: Buffer | Buffer[], ms = 3000): Promise<{ closedAfterMs: number; received: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let received = 0;
    const s: Socket = connect(port, '127.0.0.1', () => {
      for (const b of Array.isArray(bytes) ? bytes : [bytes]) s.write(b);
    });
    s.on('data', (d: Buffer) => (received += d.length));
    s.on('error', () => {});
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error('server did not close the connection'));
    }, ms);
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ closedAfterMs: performance.now() - t0, received });
    });
  });
}

/** C0+C1 (simple handshake) then C2 once S0..S2 are in; returns the socket ready for chunks. */
function handshaken(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(Buffer.concat([Buffer.from([3]), Buffer.alloc(1536)])));
    let got = Buffer.alloc(0);
    s.on('error', reject);
    const onData = (d: Buffer): void => {
      got = Buffer.concat([got, d]);
      if (got.length >= 1 + 2 * 1536) {
        s.off('data', onData);
        s.write(got.subarray(1, 1537));
        resolve(s);
      }
    };
    s.on('data', onData);
  });
}

function closedWithin(s: Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (s.destroyed) return resolve(true);
    const t = setTimeout(() => resolve(false), ms);
    s.on('error', () => {});
    s.once('close', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

describe('hostile clients', () => {
  let srv: TestServer;
  let good: NetConnection;
  before(async () => {
    srv = await startTestServer([echo], { limits: { handshakeTimeoutMs: 300, connectTimeoutMs: 1500, maxConnectionsPerIp: 40 }, session: { maxMessageBytes: 64 * 1024 } });
    good = new NetConnection();
    await good.connect(`${srv.url}/echo`);
  });
  after(async () => {
    await good.close();
    await srv.close();
  });

  const stillGood = async (): Promise<void> => assert.equal(await good.call('echo', 'alive'), 'alive');

  it('drops a bad RTMP version byte at once', async () => {
    const r = await rawClient(srv.port, Buffer.from([0x47, 0x45, 0x54, 0x20, 0x2f]));
    assert.ok(r.closedAfterMs < 1000);
    await stillGood();
  });

  it('drops a client that stalls in the handshake', async () => {
    const r = await rawClient(srv.port, Buffer.from([3, 0, 0]));
    assert.ok(r.closedAfterMs >= 250 && r.closedAfterMs < 2500, `${r.closedAfterMs}`);
    assert.ok(srv.log.entries.some((e) => e.fields.reason === 'handshake timeout'));
    await stillGood();
  });

  it('drops a client that handshakes but never connects', async () => {
    const s = await handshaken(srv.port);
    assert.equal(await closedWithin(s, 6000), true);
    assert.ok(srv.log.entries.some((e) => e.fields.reason === 'connect timeout'));
    await stillGood();
  });

  it('drops a message larger than the limit before allocating it', async () => {
    const s = await handshaken(srv.port);
    // fmt 0, csid 3, ts 0, length 0xFFFFFF, type 20, stream 0.
    s.write(Buffer.from([0x03, 0, 0, 0, 0xff, 0xff, 0xff, 20, 0, 0, 0, 0]));
    // Well before the 1.5 s connect timeout: the protocol error closed it.
    assert.equal(await closedWithin(s, 1000), true);
    assert.ok(srv.log.find('protocol error').some((e) => e.fields.code === 'RTMP_ERR_MESSAGE_TOO_LARGE'));
    await stillGood();
  });

  it('drops garbage chunks and bad AMF', async () => {
    const errorsBefore = srv.log.find('protocol error').length; // earlier tests logged some too
    const s = await handshaken(srv.port);
    s.write(randomBytes(4096));
    assert.equal(await closedWithin(s, 1000), true);
    const s2 = await handshaken(srv.port);
    // A complete type-20 message whose body is not AMF.
    s2.write(Buffer.concat([Buffer.from([0x03, 0, 0, 0, 0, 0, 8, 20, 0, 0, 0, 0]), Buffer.from('ffffffffffffffff', 'hex')]));
    assert.equal(await closedWithin(s2, 1000), true);
    assert.ok(srv.log.find('protocol error').length > errorsBefore);
    await stillGood();
  });

  it('survives many simultaneous junk connections', async () => {
    await Promise.all(Array.from({ length: 30 }, () => rawClient(srv.port, randomBytes(3000))));
    await stillGood();
  });
});

describe('connection limits', () => {
  it('enforces maxConnectionsPerIp and maxConnections', async () => {
    const srv = await startTestServer([echo], { limits: { maxConnectionsPerIp: 2 } });
    const a = new NetConnection();
    const b = new NetConnection();
    const c = new NetConnection();
    try {
      await a.connect(`${srv.url}/echo`);
      await b.connect(`${srv.url}/echo`);
      await assert.rejects(c.connect(`${srv.url}/echo`));
      assert.ok(srv.log.entries.some((e) => e.fields.reason === 'maxConnectionsPerIp'));
      assert.equal(await a.call('echo', 1), 1);
    } finally {
      await a.close();
      await b.close();
      await srv.close();
    }
    const srv2 = await startTestServer([echo], { limits: { maxConnections: 1 } });
    const d = new NetConnection();
    const e = new NetConnection();
    try {
      await d.connect(`${srv2.url}/echo`);
      await assert.rejects(e.connect(`${srv2.url}/echo`));
      assert.ok(srv2.log.entries.some((x) => x.fields.reason === 'maxConnections'));
    } finally {
      await d.close();
      await srv2.close();
    }
  });

  it('pings an idle client and the client answers, so it stays', async () => {
    const srv = await startTestServer([echo], { limits: { pingIntervalMs: 100, deadPeerTimeoutMs: 600 } });
    const nc = new NetConnection();
    try {
      await nc.connect(`${srv.url}/echo`);
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(nc.connected, true);
      assert.equal(await nc.call('echo', 'x'), 'x');
    } finally {
      await nc.close();
      await srv.close();
    }
  });
});
