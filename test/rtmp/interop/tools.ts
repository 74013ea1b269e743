// Real peers for interop tests: find a tool, skip when it is missing (fail under CI=true), run it with a hard
// timeout, and generate tiny media with ffmpeg's lavfi.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { RtmpMessage } from '../../../src/rtmp/index.js';

/** True when the tool runs; otherwise skips the test, or throws under CI=true (missing peers must fail there). */
export function haveTool(t: TestContext, tool: string, versionArg = '-version'): boolean {
  const r = spawnSync(tool, [versionArg], { stdio: 'ignore', timeout: 10_000 });
  if (r.error === undefined) return true;
  if (process.env.CI === 'true') throw new Error(`${tool} is required under CI=true but is not installed`);
  t.skip(`${tool} not installed`);
  return false;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command; kills it (SIGKILL) after timeoutMs. Never leaves the child behind. */
export function run(command: string, args: readonly string[], timeoutMs = 15_000): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'flashback-rtmp-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A 2-second 320x240 H.264/AAC FLV made with lavfi. */
export async function makeFlv(path: string, seconds = 2): Promise<void> {
  const r = await run('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k', '-f', 'flv', path,
  ]);
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
  const r = await run('ffprobe', ['-v', 'error', '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', path]);
  return r.stdout.trim().split('\n').filter(Boolean).map(Number);
}
