// Real peers for interop tests of the protocol layer: the shared tool helpers of test/interop, plus tiny media
// made with ffmpeg's lavfi and read back as RTMP messages.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RtmpMessage } from '../../../src/rtmp/index.js';
import { runTool } from '../../interop/tools.js';

/** Finding tools (skip without them, FAIL under CI=true) and running them with a hard limit: the shared helpers. */
export { needTools, runTool } from '../../interop/tools.js';

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'flashback-rtmp-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A 2-second 320x240 H.264/AAC FLV made with lavfi. */
export async function makeFlv(path: string, seconds = 2): Promise<void> {
  const r = await runTool('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k', '-f', 'flv', path,
  ], 30_000);
  if (r.code !== 0) throw new Error(`ffmpeg could not make media: ${r.stderr}`);
}

/** FLV tags as RTMP messages on stream 1 (a tiny reader for tests: header, then type/size/timestamp/body). */
export function flvMessages(path: string): RtmpMessage[] {
  const b = readFileSync(path);
  const out: RtmpMessage[] = [];
  let o = b.readUInt32BE(5) + 4;
  while (o + 11 <= b.length) {
    const typeId = b[o] & 0x1f;
    const size = b.readUIntBE(o + 1, 3);
    const timestamp = (b.readUIntBE(o + 4, 3) | (b[o + 7] << 24)) >>> 0;
    if (o + 11 + size > b.length) break;
    out.push({ typeId, streamId: 1, timestamp, payload: b.subarray(o + 11, o + 11 + size) });
    o += 11 + size + 4;
  }
  return out;
}

/** Packets per stream of a media file, as ffprobe counts them. */
export async function packetCounts(path: string): Promise<number[]> {
  const r = await runTool('ffprobe', ['-v', 'error', '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', path], 15_000);
  return r.stdout.trim().split('\n').filter(Boolean).map(Number);
}
