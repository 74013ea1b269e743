// Servers for the RTMP core benchmark, each a child process on loopback: Flashback's CLI with an `echo`
// application, a raw Node TCP echo (the ceiling for RPC round trips), and nginx-rtmp (reference for connection
// cost and memory).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { freePort, startChild, whenListening, type ManagedChild } from '../common/child.js';

export interface BenchServer {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const NGINX_RTMP_MODULE = '/usr/lib/nginx/modules/ngx_rtmp_module.so';

async function ready(name: string, child: ManagedChild, port: number, dir: string): Promise<BenchServer> {
  const stop = await whenListening(name, child, port, dir);
  return { name, pid: child.pid, port, stop };
}

/**
 * Compiles the sources with the build config into .tmp/ (not the shared dist/), so the server runs as `npm start`
 * runs it: plain JS, without tsx's load-time transform and its helpers in hot closures.
 */
export function buildFlashback(): string {
  const outDir = join(repoRoot, '.tmp', 'bench-rtmp-dist');
  try {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(repoRoot, 'tsconfig.build.json'), '--outDir', outDir], { stdio: 'pipe' });
  } catch (err) {
    // tsc emits despite type errors elsewhere in the tree; only a missing entry point is fatal.
    if (!existsSync(join(outDir, 'cli/main.js'))) throw err;
  }
  return join(outDir, 'cli/main.js');
}

/**
 * Flashback from its CLI, with an `echo` app (methods echo/add) and connection limits raised for the load.
 * `entry` is a built main.js (see buildFlashback) or undefined to run the TypeScript sources through tsx.
 */
export async function startFlashback(entry?: string, withGcHook = false, nodeFlags: readonly string[] = []): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'flashback-bench-rtmp-'));
  const port = await freePort();
  writeFileSync(join(dir, 'echo.mjs'), "export default { name: 'echo', methods: { echo: (_c, v) => v } };\n");
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ apps: '.', logLevel: 'warn', limits: { maxConnections: 50_000, maxConnectionsPerIp: 50_000 } }),
  );
  const main =
    entry === undefined
      ? ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts')]
      : withGcHook
        ? ['--expose-gc', join(repoRoot, 'bench/rtmp/gc-wrapper.mjs'), entry]
        : [entry];
  const child = startChild(
    process.execPath,
    [...nodeFlags, ...main, '--host', '127.0.0.1', '--rtmp-port', String(port), '--http-port', '0', '--config', join(dir, 'config.json'), '--media', join(dir, 'media')],
    { logFile: join(dir, 'server.log'), cwd: repoRoot },
  );
  return ready('flashback', child, port, dir);
}

/** A plain Node TCP echo server (what an RPC round trip cannot beat). */
export async function startEcho(): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'flashback-bench-echo-'));
  const port = await freePort();
  const script = `require('net').createServer({noDelay:true},(s)=>{s.on('data',(b)=>s.write(b));s.on('error',()=>{})}).listen(${port},'127.0.0.1')`;
  const child = startChild(process.execPath, ['-e', script], { logFile: join(dir, 'server.log') });
  return ready('node-echo', child, port, dir);
}

export function nginxUnavailable(): string | undefined {
  if (!existsSync('/usr/sbin/nginx') && !existsSync('/usr/bin/nginx')) return 'nginx is not installed';
  if (!existsSync(NGINX_RTMP_MODULE)) return `${NGINX_RTMP_MODULE} is missing`;
  return undefined;
}

/** nginx-rtmp, one process (no master), with an application `live`. */
export async function startNginx(): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'flashback-bench-nginx-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      `load_module ${NGINX_RTMP_MODULE};`,
      'daemon off;',
      'master_process off;',
      'worker_processes 1;',
      'worker_rlimit_nofile 20000;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 10000; }',
      `rtmp { server { listen 127.0.0.1:${port}; chunk_size 4096; application live { live on; } } }`,
      '',
    ].join('\n'),
  );
  const child = startChild('nginx', ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { logFile: join(dir, 'server.log') });
  return ready('nginx-rtmp', child, port, dir);
}
