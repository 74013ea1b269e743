// A Flashback server with the live handler on 127.0.0.1:0 for interop tests, and the lavfi commands that
// publish test media. Every test gets its own server, media folder and stream names.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../../src/server/index.js';
import { LiveStreamHandler, type LiveOptions } from '../../src/server/live/index.js';

export interface LiveServer {
  readonly port: number;
  readonly mediaDir: string;
  readonly handler: LiveStreamHandler;
  url(path: string): string;
  close(): Promise<void>;
}

export async function startLiveServer(options: Partial<LiveOptions> = {}): Promise<LiveServer> {
  const mediaDir = mkdtempSync(join(tmpdir(), 'flashback-live-'));
  const handler = new LiveStreamHandler(options);
  const server = createServer({ host: '127.0.0.1', port: 0, mediaDir, streamHandler: handler });
  const { port } = await server.listen();
  return {
    port,
    mediaDir,
    handler,
    url: (path) => `rtmp://127.0.0.1:${port}/${path}`,
    close: async () => {
      await server.close();
      rmSync(mediaDir, { recursive: true, force: true });
    },
  };
}

/** ffmpeg arguments that publish `seconds` of 320x240 25 fps H.264 (+ AAC unless audio is false) in real time. */
export function ffmpegPublishArgs(url: string, seconds: number, opts: { video?: boolean; audio?: boolean } = {}): string[] {
  const video = opts.video ?? true;
  const audio = opts.audio ?? true;
  return [
    '-hide_banner', '-loglevel', 'error', '-re',
    ...(video ? ['-f', 'lavfi', '-i', `testsrc=size=320x240:rate=25:duration=${seconds}`] : []),
    ...(audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`] : []),
    ...(video ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-pix_fmt', 'yuv420p'] : []),
    ...(audio ? ['-c:a', 'aac', '-b:a', '64k'] : []),
    '-f', 'flv', url,
  ];
}

/** Resolves when `check` is true, polling every 20 ms; rejects after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Frame lines of an ffmpeg `-f framecrc -` output for one stream index. */
export function countFrames(framecrc: string, streamIndex = 0): number {
  return framecrc.split('\n').filter((l) => l.startsWith(`${streamIndex},`)).length;
}
