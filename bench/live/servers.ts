// The servers under test, each started by the benchmark with its own config on loopback in a temp dir:
// nginx with the RTMP module, Node-Media-Server (npm devDependency), Flashback's CLI, and bare-node: the bare
// Node fan-out of bare-fanout.mjs, the floor of what a Node server can cost on this machine.
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { freePort, startChild, whenListening, type ManagedChild } from '../common/child.js';

export type ServerName = 'flashback' | 'bare-node' | 'nginx-rtmp' | 'node-media-server';
export const SERVER_NAMES: readonly ServerName[] = ['flashback', 'bare-node', 'nginx-rtmp', 'node-media-server'];
/** A reference floor for the fan-out, not a server: it has no slow-player handling, so it skips that case. */
export const FANOUT_ONLY: ReadonlySet<ServerName> = new Set(['bare-node']);

export interface RunningServer {
  readonly name: ServerName;
  readonly pid: number;
  readonly port: number;
  readonly app: string;
  readonly dir: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Flashback only: write a V8 CPU profile (node --cpu-prof) into this folder. */
  readonly cpuProfileDir?: string;
  readonly keepDir?: boolean;
  /** Flashback and bare-node: extra node flags (e.g. --max-semi-space-size=4). */
  readonly nodeFlags?: readonly string[];
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const NGINX_RTMP_MODULE = '/usr/lib/nginx/modules/ngx_rtmp_module.so';

function which(cmd: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Why a server cannot run here, or undefined when it can. */
export function unavailable(name: ServerName): string | undefined {
  if (name === 'nginx-rtmp') {
    if (which('nginx') === undefined) return 'nginx is not installed';
    if (!existsSync(NGINX_RTMP_MODULE)) return `${NGINX_RTMP_MODULE} is missing (libnginx-mod-rtmp)`;
  } else if (name === 'node-media-server') {
    try {
      createRequire(import.meta.url).resolve('node-media-server/bin/app.js');
    } catch {
      return 'npm node-media-server is not installed';
    }
  } else if (name === 'bare-node' && !existsSync(join(repoRoot, 'src/rtmp/index.ts'))) {
    return 'src/rtmp/index.ts does not exist yet';
  } else if (name === 'flashback' && !existsSync(join(repoRoot, 'src/cli/main.ts'))) {
    return 'src/cli/main.ts does not exist yet';
  }
  return undefined;
}

let built = false;

/**
 * Flashback is measured as users run it (`npm start`): compiled to dist/ and started with the flags of the
 * `flashback` command's shebang. Running it through tsx would add the loader thread and source maps.
 */
function buildFlashback(): string {
  if (!built) {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(repoRoot, 'tsconfig.build.json')], {
      stdio: 'inherit',
    });
    built = true;
  }
  return join(repoRoot, 'dist/cli/main.js');
}

/** The node flags of dist/cli/main.js's shebang (`#!/usr/bin/env -S node …`). */
function shebangFlags(main: string): string[] {
  const first = readFileSync(main, 'utf8').split('\n', 1)[0];
  const m = /^#!\S*env -S node\s*(.*)$/.exec(first);
  return m === null ? [] : m[1].split(/\s+/).filter((f) => f.length > 0);
}

async function started(name: ServerName, child: ManagedChild, port: number, dir: string, opts: ServerOptions): Promise<RunningServer> {
  const stop = await whenListening(name, child, port, dir, opts.keepDir === true);
  return { name, pid: child.pid, port, app: 'live', dir, stop };
}

export async function startServer(name: ServerName, opts: ServerOptions = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), `flashback-bench-${name}-`));
  const port = await freePort();
  const logFile = join(dir, 'server.log');
  if (name === 'nginx-rtmp') {
    // One process (no master), one worker's worth of work: the same single core the Node servers get.
    const conf = [
      `load_module ${NGINX_RTMP_MODULE};`,
      'daemon off;',
      'master_process off;',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 4096; }',
      'rtmp {',
      '  server {',
      `    listen 127.0.0.1:${port};`,
      '    chunk_size 4096;',
      '    application live { live on; }',
      '  }',
      '}',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'nginx.conf'), conf);
    const child = startChild('nginx', ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { logFile });
    return started(name, child, port, dir, opts);
  }
  if (name === 'node-media-server') {
    const app = createRequire(import.meta.url).resolve('node-media-server/bin/app.js');
    const config = {
      bind: '127.0.0.1',
      rtmp: { port },
      store: { path: join(dir, 'data') },
      record: { auto: false, path: join(dir, 'record') },
      auth: { play: false, publish: false, secret: 'bench-not-secret' },
      webadmin: { enable: false },
    };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
    const child = startChild(process.execPath, [app, '-c', join(dir, 'config.json')], { logFile, cwd: dir });
    return started(name, child, port, dir, opts);
  }
  const main = buildFlashback();
  if (name === 'bare-node') {
    // Same node binary and flags as Flashback; it imports Flashback's chunk and AMF code from dist/.
    const script = join(repoRoot, 'bench/live/bare-fanout.mjs');
    const args = [...shebangFlags(main), ...(opts.nodeFlags ?? []), script, '--host', '127.0.0.1', '--port', String(port)];
    const child = startChild(process.execPath, args, { logFile, cwd: repoRoot });
    return started(name, child, port, dir, opts);
  }
  const httpPort = await freePort();
  const prof = opts.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`];
  const child = startChild(
    process.execPath,
    [
      ...prof,
      ...shebangFlags(main),
      ...(opts.nodeFlags ?? []),
      main,
      '--host',
      '127.0.0.1',
      '--rtmp-port',
      String(port),
      '--http-port',
      String(httpPort),
      '--media',
      join(dir, 'media'),
      '--log-level',
      'warn',
    ],
    { logFile, cwd: repoRoot },
  );
  return started(name, child, port, dir, opts);
}
