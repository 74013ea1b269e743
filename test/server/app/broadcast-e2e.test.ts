// instance.broadcast over real sockets: an AMF0 client, an AMF3 client and a client the server writes to with a
// smaller chunk size all get the call through their NetConnection.client handlers, and RPC still works after it
// (the session's own csid 3 header state was not disturbed by the shared bytes on csid 8).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setChunkSizeMessage } from '../../../src/rtmp/index.js';
import { NetConnection } from '../../../src/rtmp/client/index.js';
import { createServer, defineApplication, type FlashbackServer, type StreamEventHandler } from '../../../src/server/index.js';

interface RoomServer {
  shout(text: string, extra: { readonly list: readonly number[]; readonly note: string }): void;
  add(a: number, b: number): number;
}
interface RoomClient {
  news(from: string, text: string, extra: { readonly list: readonly number[]; readonly note: string }): void;
}

const SMALL_CHUNK = 300;

/** Bounds a wait: a client that misreads the shared bytes never calls its handler. */
function within<T>(promise: Promise<T>, what: string, ms = 3000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Playing 'small-chunks' makes the server write to that client with SMALL_CHUNK (a per-connection chunk size). */
const chunkSizeSwitch: StreamEventHandler = {
  handle(conn, event) {
    if (event.type !== 'playRequested') return;
    conn.push(conn.session.sendMessage(setChunkSizeMessage(SMALL_CHUNK)));
    conn.push(conn.session.sendStatus(event.streamId, { level: 'status', code: 'NetStream.Play.Start', description: 'ok' }));
    return true;
  },
  disconnected() {},
};

const roomApp = defineApplication<RoomServer, RoomClient>({
  name: 'room',
  streams: chunkSizeSwitch,
  onConnect(client, user) {
    client.state.set('user', String(user));
  },
  methods: {
    shout: (client, text, extra) => client.instance.broadcast('news', String(client.state.get('user')), text, extra),
    add: (_c, a, b) => a + b,
  },
});

describe('instance.broadcast over TCP', () => {
  let server: FlashbackServer;
  let url: string;
  before(async () => {
    server = createServer({ host: '127.0.0.1', port: 0, applications: [roomApp] });
    url = `rtmp://127.0.0.1:${(await server.listen()).port}/room/lobby`;
  });
  after(() => server.close());

  it('reaches AMF0, AMF3 and small-chunk clients, and RPC works afterwards', { timeout: 15_000 }, async () => {
    const open = async (user: string, objectEncoding: 0 | 3, clientChunkSize?: number) => {
      const nc = new NetConnection<RoomServer, RoomClient>({
        objectEncoding,
        callTimeoutMs: 2000,
        session: clientChunkSize === undefined ? undefined : { chunkSize: clientChunkSize },
      });
      await nc.connect(url, user);
      return nc;
    };
    const amf0 = await open('ann', 0);
    const amf3 = await open('bob', 3);
    const small = await open('cy', 3, 200);
    const all = [amf0, amf3, small];
    try {
      await (await small.createStream()).play('small-chunks');
      assert.equal(small.rtmpSession?.incomingChunkSize, SMALL_CHUNK);
      assert.equal(amf0.rtmpSession?.incomingChunkSize, 4096);

      const text = 'hello '.repeat(300); // 1800 bytes: several chunks at 300, one at 4096
      const extra = { list: [1, 2, 3], note: 'typed both ways' };
      const got = all.map(
        (nc) =>
          new Promise<unknown[]>((resolve) => {
            nc.client = { news: (...args) => resolve(args) };
          }),
      );
      amf3.notify('shout', text, extra);
      const received = await within(Promise.all(got), 'first broadcast');
      for (const args of received) assert.deepEqual(args, ['bob', text, extra]);

      // Twice more, from the other clients: the shared chunk stream is reused with fmt 0 each time.
      for (const [i, from] of [amf0, small].entries()) {
        const again = all.map(
          (nc) =>
            new Promise<string>((resolve) => {
              nc.client = { news: (_who, t) => resolve(t) };
            }),
        );
        from.notify('shout', `round ${i}`, extra);
        assert.deepEqual(await within(Promise.all(again), `round ${i}`), all.map(() => `round ${i}`));
      }

      // RPC round trips after the broadcasts, on every client, several in flight.
      const sums = await Promise.all(all.flatMap((nc) => [nc.call('add', 2, 3), nc.call('add', 40, 2)]));
      assert.deepEqual(sums, [5, 42, 5, 42, 5, 42]);
    } finally {
      await Promise.all(all.map((nc) => nc.close()));
    }
  });
});
