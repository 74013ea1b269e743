// `npm run bench -- rtmp-chunk [--seconds S]`: throughput of the chunk reader and writer (the hot path of every
// publisher and player) against node-media-server 4's parser and chunker on the same bytes, and against a plain
// memcpy of those bytes (the ceiling). Synthetic ~2.5 Mbit/s-shaped stream: 25 fps video (60 KB keyframe every 50
// frames, 8 KB otherwise) interleaved with 200-byte audio, fed in 64 KiB reads. Not a test.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { ChunkReader, encodeMessageChunks, type RtmpMessage } from '../../src/rtmp/index.js';
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

  console.log(`chunk reader/writer, ${messages.length} messages (${(payloadBytes / 1e6).toFixed(1)} MB of payload), MB/s of wire bytes`);
  console.log(formatTable(['case', 'flashback', 'node-media-server', 'ratio', 'memcpy', 'of memcpy'], rows));
}
