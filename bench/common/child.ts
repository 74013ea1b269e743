// Child processes for benchmarks: start a server, wait until its TCP port accepts, stop it for sure.
// Every child started here is remembered and killed when the benchmark exits, even on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const running = new Set<ChildProcess>();

function killAll(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
process.once('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    killAll();
    process.exit(130);
  });
}

export interface StartOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** File that receives the child's stdout and stderr; defaults to discarding them. */
  readonly logFile?: string;
}

export interface ManagedChild {
  readonly pid: number;
  readonly process: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function startChild(command: string, args: readonly string[], options: StartOptions = {}): ManagedChild {
  const fd = options.logFile === undefined ? 'ignore' : openSync(options.logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', fd, fd],
  });
  if (typeof fd === 'number') closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  return {
    pid: child.pid,
    process: child,
    async stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A TCP port that was free on 127.0.0.1 a moment ago (for peers that need a port in their config). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls until 127.0.0.1:port accepts a connection; throws after `timeoutMs` or if the child exits. */
export async function waitForPort(port: number, timeoutMs: number, child?: ManagedChild): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child !== undefined && child.process.exitCode !== null) {
      throw new Error(`process ${child.pid} exited with code ${child.process.exitCode} before listening`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/**
 * Waits until a freshly started server accepts on `port`. On failure the child is stopped and the error names its
 * log folder. Returns the server's stop function: stops the child, then removes `dir` unless `keepDir`.
 */
export async function whenListening(name: string, child: ManagedChild, port: number, dir: string, keepDir = false): Promise<() => Promise<void>> {
  try {
    await waitForPort(port, 20_000, child);
  } catch (e) {
    await child.stop();
    throw new Error(`${name} did not start (logs in ${dir}): ${(e as Error).message}`);
  }
  return async () => {
    await child.stop(5000);
    if (!keepDir) rmSync(dir, { recursive: true, force: true });
  };
}
