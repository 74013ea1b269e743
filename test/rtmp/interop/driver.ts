// A minimal TCP driver for interop tests of the sans-IO ServerSession: accepts every connect, creates streams,
// answers publish/play with onStatus and records what happened. Not the real server (src/server): just enough
// to put real peers (ffmpeg, rtmpdump, GStreamer, tshark) in front of the protocol layer.
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { AmfValue } from '../../../src/amf/index.js';
import {
  type RtmpMessage,
  ServerSession,
  type ServerEvent,
  type ServerSessionConfig,
  UserControlEvent,
} from '../../../src/rtmp/index.js';
import { flvMessages, makeFlv, tempDir } from './tools.js';

export interface DriverOptions {
  readonly session?: Partial<ServerSessionConfig>;
  /** Called for every event; the default behaviour still runs. */
  readonly onEvent?: (event: ServerEvent, session: ServerSession, socket: Socket) => void;
  /** Reject connects with this code instead of accepting. */
  readonly rejectWith?: string;
  /** Played to every player (data messages first), then Play.Stop and StreamEOF. */
  readonly playMessages?: readonly RtmpMessage[];
}

export interface TestDriver {
  readonly port: number;
  readonly events: ServerEvent[];
  readonly sessions: ServerSession[];
  close(): Promise<void>;
}

export async function startDriver(options: DriverOptions = {}): Promise<TestDriver> {
  const events: ServerEvent[] = [];
  const sessions: ServerSession[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const session = ServerSession.create(options.session);
    sessions.push(session);
    const run = (outputs: ReturnType<ServerSession['receive']>): void => {
      for (const o of outputs) {
        if (o.kind === 'send') {
          if (!socket.destroyed) socket.write(o.bytes);
          continue;
        }
        const e = o.event;
        events.push(e);
        options.onEvent?.(e, session, socket);
        switch (e.type) {
          case 'connectRequested':
            if (options.rejectWith !== undefined) {
              run(session.reject(e.requestId, options.rejectWith, 'Rejected by the test driver.'));
              socket.end();
            } else {
              run(session.accept(e.requestId, { information: { clientid: 'test1' } }));
            }
            break;
          case 'callReceived':
            if (e.transactionId !== 0) run(session.reply(e.requestId, ['echo', e.name, ...e.args] as AmfValue));
            break;
          case 'publishRequested':
            run(session.sendStatus(e.streamId, { level: 'status', code: 'NetStream.Publish.Start', description: `${e.name} is now published.` }));
            break;
          case 'playRequested':
            run(session.sendUserControl(UserControlEvent.StreamBegin, e.streamId));
            run(session.sendStatus(e.streamId, { level: 'status', code: 'NetStream.Play.Start', description: `Started playing ${e.name}.` }));
            if (options.playMessages !== undefined) {
              for (const m of options.playMessages) run(session.sendMessage({ ...m, streamId: e.streamId }));
              run(session.sendStatus(e.streamId, { level: 'status', code: 'NetStream.Play.Stop', description: `Stopped playing ${e.name}.` }));
              run(session.sendUserControl(UserControlEvent.StreamEOF, e.streamId));
            }
            break;
          case 'protocolError':
            socket.destroy();
            break;
          default:
        }
      }
    };
    socket.on('data', (chunk: Buffer) => run(session.receive(chunk)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    events,
    sessions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A player test's setup: a temp dir holding a 2-second lavfi FLV (`src`), a driver that plays its messages to every
 * player, and the path the player should write (`out`). Everything is closed and removed after `fn`.
 */
export async function withPlayingDriver(fn: (ctx: { driver: TestDriver; src: string; out: string }) => Promise<void>): Promise<void> {
  const tmp = tempDir();
  try {
    const src = join(tmp.dir, 'src.flv');
    await makeFlv(src);
    const driver = await startDriver({ playMessages: flvMessages(src) });
    try {
      await fn({ driver, src, out: join(tmp.dir, 'out.flv') });
    } finally {
      await driver.close();
    }
  } finally {
    tmp.remove();
  }
}
