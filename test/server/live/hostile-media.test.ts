// A publisher can send anything: the live path relays or drops it, never throws, and the GOP cache stays bounded.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeMessageChunks } from '../../../src/rtmp/index.js';
import { resolveStreamName } from '../../../src/server/stream-name.js';
import { FakeConn, fakeInstance, harness, msg } from './fakes.js';

describe('hostile media from a publisher', () => {
  it('relays or drops random audio, video, data and aggregate payloads without throwing', async () => {
    const h = harness({ gopCacheBytes: 4096 });
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await h.handler.handle(pub, { type: 'publishRequested', requestId: 1, streamId: 1, name: 'x', mode: 'live', stream: resolveStreamName('x') });
    h.handler.handle(viewer, { type: 'playRequested', requestId: 2, streamId: 1, name: 'x', start: -2, duration: -1, reset: true, stream: resolveStreamName('x') });
    fc.assert(
      fc.property(
        fc.constantFrom(8, 9, 15, 18, 22),
        fc.uint8Array({ maxLength: 64 }),
        fc.nat(),
        (typeId, bytes, timestamp) => {
          h.handler.handle(pub, { type: 'mediaReceived', message: { typeId, streamId: 1, timestamp: timestamp >>> 0, payload: Buffer.from(bytes) } });
          h.tick();
        },
      ),
      { numRuns: 2000, seed: 5 },
    );
    const stream = [...h.handler.registry.all()][0];
    assert.ok(stream.gop.size <= 4096);
    // The stream still works afterwards.
    viewer.wire.length = 0;
    h.handler.handle(pub, { type: 'mediaReceived', message: { ...msg.key(1 << 30), streamId: 1 } });
    h.tick();
    assert.ok(viewer.media().some((m) => m.tag === `K${1 << 30}`));
  });

  it('encodes whatever it relays with the real chunk writer', async () => {
    const h = harness({ encode: encodeMessageChunks, gopCacheBytes: 4096 });
    const inst = fakeInstance();
    class Counting extends FakeConn {
      bytes = 0;
      override writeShared(b: Buffer | readonly Buffer[]): boolean { this.bytes += Buffer.isBuffer(b) ? b.length : b.reduce((n, x) => n + x.length, 0); return true; }
    }
    const [pub, viewer] = [new FakeConn('p', inst), new Counting('v', inst, 128)];
    await h.handler.handle(pub, { type: 'publishRequested', requestId: 1, streamId: 1, name: 'x', mode: 'live', stream: resolveStreamName('x') });
    h.handler.handle(viewer, { type: 'playRequested', requestId: 2, streamId: 1, name: 'x', start: -2, duration: -1, reset: true, stream: resolveStreamName('x') });
    fc.assert(
      fc.property(fc.constantFrom(8, 9, 15, 18, 22), fc.uint8Array({ maxLength: 600 }), fc.nat(), (typeId, bytes, ts) => {
        h.handler.handle(pub, { type: 'mediaReceived', message: { typeId, streamId: 1, timestamp: ts >>> 0, payload: Buffer.from(bytes) } });
        h.tick();
      }),
      { numRuns: 1000, seed: 7 },
    );
    assert.ok(viewer.bytes > 0);
  });

  it('survives @setDataFrame without a payload and AMF3 data without its format byte', async () => {
    const h = harness();
    const inst = fakeInstance();
    const pub = new FakeConn('p', inst);
    await h.handler.handle(pub, { type: 'publishRequested', requestId: 1, streamId: 1, name: 'x', mode: 'live', stream: resolveStreamName('x') });
    const prefix = Buffer.from('02000d4073657444617461467261', 'hex'); // '@setDataFra…' cut short
    for (const payload of [prefix, Buffer.from('02000d40736574446174614672616d65', 'hex'), Buffer.alloc(0)]) {
      h.handler.handle(pub, { type: 'mediaReceived', message: { typeId: 18, streamId: 1, timestamp: 0, payload } });
      h.handler.handle(pub, { type: 'mediaReceived', message: { typeId: 15, streamId: 1, timestamp: 0, payload } });
    }
    h.tick();
    assert.equal(h.handler.stats().publishers, 1);
  });
});
