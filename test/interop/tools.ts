// Real peers for interop tests: find a tool (skip without it, but FAIL under CI=true), run it with a hard time
// limit, and always reap it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { TestContext } from 'node:test';

const found = new Map<string, boolean>();

export function hasTool(name: string): boolean {
  let ok = found.get(name);
  if (ok === undefined) {
    ok = spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
    found.set(name, ok);
  }
  return ok;
}

/** True when every tool is present. Otherwise skips the test, or fails it under CI=true. */
export function needTools(t: TestContext, ...names: string[]): boolean {
  const missing = names.filter((n) => !hasTool(n));
  if (missing.length === 0) return true;
  if (process.env.CI === 'true') throw new Error(`required tool missing under CI: ${missing.join(', ')}`);
  t.skip(`missing: ${missing.join(', ')}`);
  return false;
}

export interface ToolRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/** Runs a tool to completion (or kills it after timeoutMs). Output is capped at 4 MiB per stream. */
export function runTool(command: string, args: readonly string[], timeoutMs: number, stdin?: Buffer): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    children.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    child.stdout?.on('data', (b: Buffer) => {
      if ((outLen += b.length) <= 4 << 20) out.push(b);
    });
    child.stderr?.on('data', (b: Buffer) => {
      if ((errLen += b.length) <= 4 << 20) err.push(b);
    });
    if (stdin && child.stdin) child.stdin.end(stdin);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      children.delete(child);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
  });
}

/** Starts a long-running tool; the returned stop() kills it and waits for its exit. */
export function startTool(command: string, args: readonly string[]): { child: ChildProcess; stop: () => Promise<void>; stderr: () => string } {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  const err: Buffer[] = [];
  child.stderr?.on('data', (b: Buffer) => err.push(b));
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  return {
    child,
    stderr: () => Buffer.concat(err).toString('utf8'),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const t = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(t);
      children.delete(child);
    },
  };
}
