// Hostile input to the server session: random bytes, random chunk streams, deep and cyclic AMF, __proto__ keys.
// The session must answer with a protocolError event or ignore the input — never throw, hang or blow up.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ClientSession, ServerSession, type SessionOutput } from '../../../src/rtmp/index.js';
import { connectedPair, pair } from './pair.js';

function command(body: Buffer, typeId = 20, streamId = 0, csid = 3): Buffer {
  const h = Buffer.alloc(12);
  h[0] = csid;
  h.writeUIntBE(body.length, 4, 3);
  h[7] = typeId;
  h.writeUInt32LE(streamId, 8);
  // Chunk the body at the default 128 bytes.
  const parts: Buffer[] = [h];
  for (let o = 0; o < body.length; o += 128) {
    if (o > 0) parts.push(Buffer.from([0xc0 | csid]));
    parts.push(body.subarray(o, o + 128));
  }
  return Buffer.concat(parts);
}

function errorCode(out: SessionOutput[]): string | undefined {
  for (const o of out) if (o.kind === 'event' && o.event.type === 'protocolError') return o.event.code;
  return undefined;
}

describe('ServerSession against hostile input', () => {
  it('survives random bytes before and after the handshake', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), fc.boolean(), (bytes, handshaken) => {
        const s = handshaken ? pair().server : ServerSession.create();
        const out = s.receive(Buffer.from(bytes));
        assert.ok(out.length < 100);
      }),
      { numRuns: 300 },
    );
  });

  it('survives random chunk sequences on a connected session', () => {
    const chunk = fc.record({
      fmt: fc.integer({ min: 0, max: 3 }),
      csid: fc.integer({ min: 2, max: 8 }),
      len: fc.integer({ min: 0, max: 300 }),
      typeId: fc.integer({ min: 0, max: 25 }),
      streamId: fc.integer({ min: 0, max: 3 }),
      body: fc.uint8Array({ maxLength: 300 }),
    });
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 20 }), (chunks) => {
        const p = connectedPair();
        const parts = chunks.map((c) => {
          const h = Buffer.alloc(12);
          h[0] = (c.fmt << 6) | c.csid;
          h.writeUIntBE(c.len, 4, 3);
          h[7] = c.typeId;
          h.writeUInt32LE(c.streamId, 8);
          const size = [12, 8, 4, 1][c.fmt];
          return Buffer.concat([h.subarray(0, size), Buffer.from(c.body)]);
        });
        p.server.receive(Buffer.concat(parts));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses AMF nested deeper than the limit with RTMP_ERR_BAD_AMF', () => {
    const p = pair();
    // connect, 1, then 10,000 nested strict arrays of one element.
    const depth = 10_000;
    const body = Buffer.concat([
      Buffer.from('020007636f6e6e656374003ff0000000000000', 'hex'),
      Buffer.alloc(depth * 5).fill(0).map((_, i) => [0x0a, 0, 0, 0, 1][i % 5]),
      Buffer.from([0x05]),
    ]);
    const out = p.server.receive(command(body));
    assert.equal(errorCode(out), 'RTMP_ERR_BAD_AMF');
  });

  it('keeps a __proto__ key of the command object as data, never as a prototype', () => {
    const p = pair();
    // connect(1, {app: 'live', __proto__: {polluted: true}})
    const obj = Buffer.concat([
      Buffer.from('03', 'hex'),
      Buffer.from('0003617070020004 6c697665'.replace(/ /g, ''), 'hex'),
      Buffer.from('0009', 'hex'), Buffer.from('__proto__'),
      Buffer.from('03 0008 706f6c6c75746564 0101 000009'.replace(/ /g, ''), 'hex'),
      Buffer.from('000009', 'hex'),
    ]);
    const body = Buffer.concat([Buffer.from('020007636f6e6e656374003ff0000000000000', 'hex'), obj]);
    const out = p.server.receive(command(body));
    // The AMF layer keeps the key as an own data property: the connect goes through with it.
    const ev = out.find((o) => o.kind === 'event' && o.event.type === 'connectRequested');
    assert.ok(ev !== undefined && ev.kind === 'event' && ev.event.type === 'connectRequested', JSON.stringify(out));
    const co = ev.event.request.commandObject;
    assert.equal(Object.getPrototypeOf(co), Object.prototype);
    assert.ok(Object.hasOwn(co, '__proto__'));
    assert.equal((co as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('decodes a Flash Player type-17 call (0x00, AMF0 name and id, AMF3 object after 0x11)', () => {
    const p = connectedPair({ commandObject: { objectEncoding: 3 } });
    // 00 | "echo" | 2.0 | null | 0x11 {a: 1} as an AMF3 dynamic anonymous object
    const body = Buffer.from('00 02 0004 6563686f 00 4000000000000000 05 11 0a 0b 01 03 61 04 01 01'.replace(/ /g, ''), 'hex');
    const out = p.server.receive(command(body, 17, 0, 3));
    const call = out.find((o) => o.kind === 'event' && o.event.type === 'callReceived');
    assert.ok(call !== undefined && call.kind === 'event' && call.event.type === 'callReceived', JSON.stringify(out));
    assert.equal(call.event.name, 'echo');
    assert.equal(call.event.transactionId, 2);
    assert.deepEqual(call.event.args, [{ a: 1 }]);
  });

  it('refuses more unanswered calls than maxPendingRequests', () => {
    const p = connectedPair({ server: { maxPendingRequests: 3 } });
    let code: string | undefined;
    for (let i = 0; i < 5 && code === undefined; i++) {
      const outputs = p.client.call('slow', [i]).outputs;
      for (const o of outputs) if (o.kind === 'send') code = errorCode(p.server.receive(o.bytes)) ?? code;
    }
    assert.equal(code, 'RTMP_ERR_TOO_MANY_PENDING_REQUESTS');
  });

  it('answers createStream beyond maxStreams with _error, not a disconnect', () => {
    const p = connectedPair({ server: { maxStreams: 2 } });
    for (let i = 0; i < 3; i++) p.fromClient(p.client.createStream().outputs);
    assert.equal(p.server.openStreams.size, 2);
    const failed = p.clientEvents.filter((e) => e.type === 'callAnswered' && !e.ok);
    assert.equal(failed.length, 1);
    assert.equal(p.server.state, 'connected');
  });
});

describe('ClientSession against hostile input', () => {
  it('survives random bytes from a server, before and after the handshake: events only, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), fc.boolean(), (bytes, handshaken) => {
        let c: ClientSession;
        if (handshaken) {
          c = connectedPair().client;
        } else {
          c = ClientSession.create({ handshake: 'simple' });
          c.start();
        }
        const out = c.receive(Buffer.from(bytes));
        assert.ok(out.length < 100);
        for (const o of out) if (o.kind === 'event' && o.event.type === 'protocolError') assert.match(o.event.code, /^RTMP_ERR_/);
      }),
      { numRuns: 300 },
    );
  });
});
