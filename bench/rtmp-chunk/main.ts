// `npm run bench -- rtmp-chunk [--seconds S]`: throughput of the chunk reader and writer (the hot path of every
// publisher and player) against node-media-server 4's parser and chunker on the same bytes, and against a plain
// memcpy of those bytes (the ceiling). Synthetic ~2.5 Mbit/s-shaped stream: 25 fps video (60 KB keyframe every 50
// frames, 8 KB otherwise) interleaved with 200-byte audio, fed in 64 KiB reads. Not a test.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import {
  ChunkReader,
  ClientSession,
  type ClientOutput,
  encodeMessageChunks,
  type RtmpMessage,
  ServerSession,
  type SessionOutput,
} from '../../src/rtmp/index.js';
import { formatTable } from '../common/stats.js';

interface NmsRtmp {
  handshakeState: number;
  inChunkSize: number;
  packetHandler: () => void;
  parserData(buffer: Buffer): string | null;
}
interface NmsRtmpClass {
  new (): NmsRtmp;
  chunksCreate(packet: { header: Record<string, number>; payload: Buffer }): Buffer;
}

const require = createRequire(import.meta.url);

function loadNms(): NmsRtmpClass | undefined {
  try {
    return require('node-media-server/src/protocol/rtmp.js') as NmsRtmpClass;
  } catch {
    return undefined;
  }
}

function stream(frames: number): Array<RtmpMessage & { csid: number }> {
  const out: Array<RtmpMessage & { csid: number }> = [];
  for (let i = 0; i < frames; i++) {
    const key = i % 50 === 0;
    const video = Buffer.alloc(key ? 60_000 : 8_000, i & 0xff);
    video[0] = key ? 0x17 : 0x27;
    out.push({ typeId: 9, streamId: 1, timestamp: i * 40, payload: video, csid: 7 });
    out.push({ typeId: 8, streamId: 1, timestamp: i * 40 + 3, payload: Buffer.alloc(200, 0xaf), csid: 6 });
  }
  return out;
}

function pieces(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let o = 0; o < bytes.length; o += size) out.push(bytes.subarray(o, o + size));
  return out;
}

/** Runs fn repeatedly for about `seconds`; returns runs per second (after one warm-up run). */
function rate(fn: () => void, seconds: number): number {
  fn();
  let runs = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    fn();
    runs++;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  return runs / elapsed;
}

export async function run(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...args], options: { seconds: { type: 'string', default: '1.5' } } });
  const seconds = Number(values.seconds);
  const Nms = loadNms();
  const messages = stream(500);
  const payloadBytes = messages.reduce((n, m) => n + m.payload.length, 0);
  const rows: string[][] = [];
  const mbps = (runsPerSec: number, bytes: number): string => ((runsPerSec * bytes) / 1e6).toFixed(0);

  for (const chunkSize of [128, 4096, 65535]) {
    const wire = Buffer.concat(messages.map((m) => encodeMessageChunks(m, chunkSize, m.csid)));
    const reads = pieces(wire, 65536);
    const scratch = Buffer.allocUnsafe(65536);

    const memcpy = rate(() => {
      for (const r of reads) r.copy(scratch);
    }, seconds);
    let count = 0;
    const ours = rate(() => {
      const reader = new ChunkReader();
      reader.setChunkSize(chunkSize);
      count = 0;
      for (const r of reads) reader.read(r, () => count++);
    }, seconds);
    if (count !== messages.length) throw new Error(`our reader delivered ${count} of ${messages.length}`);
    let nms = Number.NaN;
    if (Nms !== undefined) {
      let nmsCount = 0;
      nms = rate(() => {
        const p = new Nms();
        p.handshakeState = 3;
        p.inChunkSize = chunkSize;
        p.packetHandler = () => void nmsCount++;
        nmsCount = 0;
        for (const r of reads) p.parserData(r);
      }, seconds);
      if (nmsCount !== messages.length) throw new Error(`node-media-server delivered ${nmsCount} of ${messages.length}`);
    }
    rows.push([
      `read, chunk size ${chunkSize}`,
      mbps(ours, wire.length),
      Number.isNaN(nms) ? '-' : mbps(nms, wire.length),
      Number.isNaN(nms) ? '-' : (ours / nms).toFixed(2),
      mbps(memcpy, wire.length),
      (ours / memcpy).toFixed(2),
    ]);
  }

  // Writer: node-media-server always chunks at 65535, so compare at that size.
  const writeOurs = rate(() => {
    for (const m of messages) encodeMessageChunks(m, 65535, m.csid);
  }, seconds);
  const scratch = Buffer.allocUnsafe(70_000);
  const writeCopy = rate(() => {
    for (const m of messages) m.payload.copy(scratch);
  }, seconds);
  let writeNms = Number.NaN;
  if (Nms !== undefined) {
    writeNms = rate(() => {
      for (const m of messages) {
        Nms.chunksCreate({
          header: { fmt: 0, cid: m.csid, timestamp: m.timestamp, length: m.payload.length, type: m.typeId, stream_id: m.streamId },
          payload: m.payload,
        });
      }
    }, seconds);
  }
  rows.push([
    'write, chunk size 65535',
    mbps(writeOurs, payloadBytes),
    Number.isNaN(writeNms) ? '-' : mbps(writeNms, payloadBytes),
    Number.isNaN(writeNms) ? '-' : (writeOurs / writeNms).toFixed(2),
    mbps(writeCopy, payloadBytes),
    (writeOurs / writeCopy).toFixed(2),
  ]);

  // Whole-session ingest: a publisher's bytes through ServerSession.receive (chunk reader + events + acks).
  const ingest = sessionIngest(messages, seconds);
  rows.push(['ServerSession ingest, chunk size 4096', ingest.mbps.toFixed(0), '-', '-', '-', '-']);

  console.log(`chunk reader/writer, ${messages.length} messages (${(payloadBytes / 1e6).toFixed(1)} MB of payload), MB/s of wire bytes`);
  console.log(formatTable(['case', 'flashback', 'node-media-server', 'ratio', 'memcpy', 'of memcpy'], rows));
}

/** A connected server session and the bytes a client publishing `messages` sends after connecting. */
function publisherBytes(messages: ReadonlyArray<RtmpMessage & { csid: number }>): { session: () => ServerSession; bytes: Buffer[] } {
  const server = ServerSession.create();
  const client = ClientSession.create();
  const sentByClient: Buffer[] = [];
  const toServer = (outs: ClientOutput[]): void => {
    for (const o of outs) if (o.kind === 'send') { sentByClient.push(o.bytes); toClient(server.receive(o.bytes)); }
  };
  const toClient = (outs: SessionOutput[]): void => {
    for (const o of outs) {
      if (o.kind === 'send') toServer(client.receive(o.bytes));
      else if (o.event.type === 'connectRequested') toClient(server.accept(o.event.requestId));
    }
  };
  toServer(client.start());
  toServer(client.connect({ app: 'live', tcUrl: 'rtmp://localhost/live' }));
  toServer(client.createStream().outputs);
  toServer(client.publish(1, 'bench'));
  const setup = Buffer.concat(sentByClient);
  const media = messages.map((m) => Buffer.concat(client.sendMessage(m).map((o) => (o.kind === 'send' ? o.bytes : Buffer.alloc(0)))));
  const wire = Buffer.concat(media);
  return {
    // A fresh server session brought to the same state by replaying the client's setup bytes.
    session: () => {
      const s = ServerSession.create();
      for (const o of s.receive(setup)) if (o.kind === 'event' && o.event.type === 'connectRequested') s.accept(o.event.requestId);
      return s;
    },
    bytes: pieces(wire, 65536),
  };
}

function sessionIngest(messages: ReadonlyArray<RtmpMessage & { csid: number }>, seconds: number): { mbps: number } {
  const { session, bytes } = publisherBytes(messages);
  const total = bytes.reduce((n, b) => n + b.length, 0);
  // Session setup (handshake, connect) is timed apart and left out: this row is about the media path.
  let spent = 0;
  let runs = 0;
  for (let i = 0; spent < seconds || i < 2; i++) {
    const s = session();
    let media = 0;
    const t0 = process.hrtime.bigint();
    for (const b of bytes) for (const o of s.receive(b)) if (o.kind === 'event' && o.event.type === 'mediaReceived') media++;
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    if (media !== messages.length) throw new Error(`session delivered ${media} of ${messages.length} media messages`);
    if (i === 0) continue; // warm-up
    spent += dt;
    runs++;
  }
  return { mbps: (runs * total) / spent / 1e6 };
}
