// instance.broadcast encodes the call once per (AMF encoding, chunk size) and writes the same bytes to every
// client, on the reserved chunk stream 8 with a fmt 0 first chunk, transaction id 0, message stream 0.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AmfValue } from '../../../src/amf/index.js';
import {
  ChunkReader,
  ClientSession,
  decodeCommand,
  type ClientEvent,
  type ClientOutput,
  type RtmpMessage,
  type SessionState,
} from '../../../src/rtmp/index.js';
import { BROADCAST_CSID, createBroadcastCodec, type BroadcastCodec, type SharedCallTarget } from '../../../src/server/app/broadcast.js';
import { ServerClient, type ClientTransport } from '../../../src/server/app/client.js';
import { ServerInstance } from '../../../src/server/app/instance.js';
import { createServer, defineApplication, type ByteTransport, type ConnectInfo } from '../../../src/server/index.js';

/** A connection as broadcast sees it, recording what it is given. */
class FakeConnection implements ClientTransport, SharedCallTarget {
  readonly written: Buffer[] = [];
  readonly notified: string[] = [];
  closed = false;
  /** writeShared's answer: false means "above the high-water mark". */
  belowHighWater = true;
  onWrite: (() => void) | undefined;
  readonly session: { state: SessionState; objectEncoding: 0 | 3; outgoingChunkSize: number };

  constructor(objectEncoding: 0 | 3, chunkSize: number, state: SessionState = 'connected') {
    this.session = { state, objectEncoding, outgoingChunkSize: chunkSize };
  }
  writeShared(bytes: Buffer): boolean {
    this.written.push(bytes);
    this.onWrite?.();
    return this.belowHighWater;
  }
  call(): Promise<AmfValue> {
    return Promise.reject(new Error('not used'));
  }
  notify(method: string): void {
    this.notified.push(method);
  }
  close(): void {
    this.closed = true;
  }
}

/** A transport with only the per-client methods (no shared writes). */
class NotifyOnlyTransport implements ClientTransport {
  readonly notified: Array<[string, readonly AmfValue[]]> = [];
  call(): Promise<AmfValue> {
    return Promise.reject(new Error('not used'));
  }
  notify(method: string, args: readonly AmfValue[]): void {
    this.notified.push([method, args]);
  }
  close(): void {}
}

const app = defineApplication({ name: 'room' });
const connectInfo: ConnectInfo = { app: 'room', tcUrl: 'rtmp://h/room', objectEncoding: 0, query: {}, commandObject: {} };

/** The real codec, counting how often each part ran. */
function countingCodec() {
  const real = createBroadcastCodec();
  const bodies: string[] = [];
  const chunkings: string[] = [];
  const codec: BroadcastCodec = {
    body(method, args, format) {
      bodies.push(format.amf3Type ? 'amf3' : 'amf0');
      return real.body(method, args, format);
    },
    chunks(message, size, csid) {
      chunkings.push(`${message.typeId}/${size}`);
      return real.chunks(message, size, csid);
    },
  };
  return { codec, bodies, chunkings };
}

function room(codec: BroadcastCodec) {
  const inst = new ServerInstance(app, '_definst_', '/media/room', codec);
  let n = 0;
  const join = (transport: ClientTransport): ServerClient => {
    const client = new ServerClient(`c${++n}`, '10.0.0.1', inst, connectInfo, [], transport, undefined);
    inst.add(client);
    return client;
  };
  return { inst, join };
}

/** Decodes a client's bytes the way a peer does: chunk reader at the chunk size, then the command decoder. */
function decodeAll(bytes: readonly Buffer[], chunkSize: number): Array<{ csid: number; message: RtmpMessage }> {
  const reader = new ChunkReader();
  reader.setChunkSize(chunkSize);
  const got: Array<{ csid: number; message: RtmpMessage }> = [];
  for (const b of bytes) reader.read(b, (message, csid) => got.push({ csid, message }));
  return got;
}

const long = 'x'.repeat(700); // longer than the 128-byte chunk size: several chunks there, one at 4096

describe('instance.broadcast: encode once', () => {
  it('encodes once per (encoding, chunk size) and every client decodes the call', () => {
    const { codec, bodies, chunkings } = countingCodec();
    const { inst, join } = room(codec);
    const conns = [
      new FakeConnection(0, 4096),
      new FakeConnection(0, 4096),
      new FakeConnection(0, 128),
      new FakeConnection(3, 4096),
      new FakeConnection(3, 128),
      new FakeConnection(3, 128),
      new FakeConnection(0, 128),
    ];
    for (const c of conns) join(c);
    inst.broadcast('onChat', 'alice', { text: long, n: 42 }, [1, 2]);

    assert.deepEqual(bodies.sort(), ['amf0', 'amf3']);
    assert.deepEqual(chunkings.sort(), ['17/128', '17/4096', '20/128', '20/4096']);
    for (const c of conns) {
      assert.equal(c.written.length, 1);
      assert.deepEqual(c.notified, []);
      const [{ csid, message }] = decodeAll(c.written, c.session.outgoingChunkSize);
      assert.equal(csid, BROADCAST_CSID);
      assert.equal(c.written[0][0], BROADCAST_CSID, 'fmt 0 basic header on csid 8');
      assert.equal(message.streamId, 0);
      assert.equal(message.timestamp, 0);
      assert.equal(message.typeId, c.session.objectEncoding === 3 ? 17 : 20);
      const cmd = decodeCommand(message);
      assert.equal(cmd.name, 'onChat');
      assert.equal(cmd.transactionId, 0);
      assert.equal(cmd.commandObject, null);
      assert.deepEqual(cmd.args, ['alice', { text: long, n: 42 }, [1, 2]]);
    }
    // The AMF3 body switches to AMF3 for the object (0x11 marker), as an objectEncoding 3 client expects.
    assert.ok(conns[3].written[0].includes(Buffer.from([0x11, 0x0a])));
    // Same (encoding, chunk size): the very same Buffer.
    assert.equal(conns[0].written[0], conns[1].written[0]);
    assert.equal(conns[2].written[0], conns[6].written[0]);
    assert.equal(conns[4].written[0], conns[5].written[0]);
    assert.notEqual(conns[0].written[0], conns[2].written[0]);
    // The small chunk size really split the message (6 continuation headers for ~750 bytes at 128).
    assert.ok(conns[2].written[0].length > conns[0].written[0].length);
  });

  it('encodes nothing for an encoding no client uses', () => {
    const { codec, bodies, chunkings } = countingCodec();
    const { inst, join } = room(codec);
    join(new FakeConnection(3, 4096));
    join(new FakeConnection(3, 4096));
    inst.broadcast('tick', 1);
    assert.deepEqual(bodies, ['amf3']);
    assert.deepEqual(chunkings, ['17/4096']);
  });

  it('skips closed and still-connecting clients, and writes above the high-water mark as notify did', () => {
    const { codec } = countingCodec();
    const { inst, join } = room(codec);
    const closed = new FakeConnection(0, 4096);
    closed.closed = true;
    const pending = new FakeConnection(0, 4096, 'connectPending');
    const full = new FakeConnection(0, 4096);
    full.belowHighWater = false;
    const ok = new FakeConnection(0, 4096);
    for (const c of [closed, pending, full, ok]) join(c);
    inst.broadcast('a');
    inst.broadcast('b');
    assert.equal(closed.written.length, 0);
    assert.equal(pending.written.length, 0);
    assert.deepEqual(decodeAll(full.written, 4096).map((m) => decodeCommand(m.message).name), ['a', 'b']);
    assert.deepEqual(decodeAll(ok.written, 4096).map((m) => decodeCommand(m.message).name), ['a', 'b']);
  });

  it('skips a client closed by an earlier write of the same broadcast', () => {
    const { codec } = countingCodec();
    const { inst, join } = room(codec);
    const first = new FakeConnection(0, 4096);
    const second = new FakeConnection(0, 4096);
    join(first);
    join(second);
    first.onWrite = () => void (second.closed = true);
    inst.broadcast('x');
    assert.equal(first.written.length, 1);
    assert.equal(second.written.length, 0);
  });

  it('gives a client without shared writes its own notify', () => {
    const { codec, bodies } = countingCodec();
    const { inst, join } = room(codec);
    const plain = new NotifyOnlyTransport();
    join(plain);
    const shared = new FakeConnection(0, 4096);
    join(shared);
    inst.broadcast('hello', 'world');
    assert.deepEqual(plain.notified, [['hello', ['world']]]);
    assert.equal(shared.written.length, 1);
    assert.deepEqual(bodies, ['amf0']);
  });

  it('throws before writing anything when an encoding fails', () => {
    const real = createBroadcastCodec();
    const codec: BroadcastCodec = {
      body(method, args, format) {
        if (format.amf3Type) throw new Error('cannot encode as AMF3');
        return real.body(method, args, format);
      },
      chunks: real.chunks,
    };
    const { inst, join } = room(codec);
    const a = new FakeConnection(0, 4096);
    const b = new FakeConnection(3, 4096);
    join(a);
    join(b);
    assert.throws(() => inst.broadcast('x'), /cannot encode as AMF3/);
    assert.equal(a.written.length + b.written.length, 0);
  });

  it('refuses a call larger than an RTMP message with SERVER_ERR_LIMIT', () => {
    const { inst, join } = room(createBroadcastCodec());
    const a = new FakeConnection(0, 4096);
    join(a);
    assert.throws(() => inst.broadcast('big', 'y'.repeat(0x1000000)), (e: Error & { code?: string }) => e.code === 'SERVER_ERR_LIMIT');
    assert.equal(a.written.length, 0);
  });

  it('writes a broadcast made while one is being written after it, on every client', () => {
    const { inst, join } = room(createBroadcastCodec());
    const conns = [new FakeConnection(0, 4096), new FakeConnection(0, 4096), new FakeConnection(3, 4096)];
    for (const c of conns) join(c);
    // As onDisconnect of a client dropped by the first write would: a nested broadcast.
    conns[0].onWrite = () => {
      conns[0].onWrite = undefined;
      inst.broadcast('second');
    };
    inst.broadcast('first');
    for (const c of conns) {
      assert.deepEqual(decodeAll(c.written, 4096).map((m) => decodeCommand(m.message).name), ['first', 'second']);
    }
  });
});

describe('instance.broadcast through a real connection', () => {
  it('never overtakes earlier output and leaves the session\'s csid 3 header state intact', async () => {
    const server = createServer({
      applications: [
        defineApplication({
          name: 'order',
          methods: {
            run(client) {
              // 'one' and 'six' encode to the same length, so the session sends 'six' with a fmt 2 header (no
              // length): a broadcast written on csid 3 would have left the peer with its own length there.
              client.notify('one', 1);
              client.instance.broadcast('two', 'a longer argument');
              client.notify('six', 6);
              return 'done';
            },
          },
        }),
      ],
    });
    const client = ClientSession.create({ handshake: 'simple' });
    const events: ClientEvent[] = [];
    const wire: Buffer[] = [];
    let attached: ReturnType<typeof server.attach>;
    const feed = (outs: ClientOutput[]): void => {
      for (const o of outs) if (o.kind === 'event') events.push(o.event);
      for (const o of outs) if (o.kind === 'send') attached?.receive(o.bytes);
    };
    const transport: ByteTransport = {
      remoteAddress: 'memory',
      write: (b) => {
        wire.push(b);
        setImmediate(() => feed(client.receive(b)));
      },
      writeBatch: (bs) => bs.forEach((b) => transport.write(b)),
      writableLength: 0,
      onDrain: () => {},
      end: () => {},
      destroy: () => {},
    };
    attached = server.attach(transport);
    assert.ok(attached);
    const until = async (pred: () => boolean): Promise<void> => {
      for (let i = 0; i < 400 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
      assert.ok(pred());
    };
    try {
      feed(client.start());
      await until(() => events.some((e) => e.type === 'handshakeCompleted'));
      feed(client.connect({ app: 'order', tcUrl: 'rtmp://memory/order', objectEncoding: 0 }));
      await until(() => events.some((e) => e.type === 'connected'));
      for (let round = 0; round < 2; round++) {
        events.length = 0;
        wire.length = 0;
        feed(client.call('run', []).outputs);
        await until(() => events.some((e) => e.type === 'callAnswered'));
        const seen = events.map((e) => (e.type === 'callReceived' ? `${e.name}(${String(e.args[0])})` : e.type === 'callAnswered' ? `answer ${String(e.args[0])}` : e.type));
        assert.deepEqual(seen, ['one(1)', 'two(a longer argument)', 'six(6)', 'answer done']);
        // The broadcast went on csid 8 with a fmt 0 header; the session's own calls stayed on csid 3.
        assert.ok(wire.some((b) => b[0] === BROADCAST_CSID));
        assert.ok(wire.every((b) => (b[0] & 0x3f) !== BROADCAST_CSID || b[0] >> 6 === 0));
      }
    } finally {
      await server.close();
      attached.closed();
    }
  });
});
