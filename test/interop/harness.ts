// An in-process Flashback server for interop tests, with a logger that keeps every entry for assertions.
import { createServer, type ApplicationDefinition, type FlashbackServer, type Logger, type ServerOptions } from '../../src/server/index.js';

export interface LogEntry {
  readonly level: string;
  readonly msg: string | undefined;
  readonly fields: Record<string, unknown>;
}

export class RecordingLogger implements Logger {
  constructor(
    readonly entries: LogEntry[] = [],
    private readonly bindings: Record<string, unknown> = {},
  ) {}
  private log(level: string, a: Record<string, unknown> | string, b?: string): void {
    if (typeof a === 'string') this.entries.push({ level, msg: a, fields: { ...this.bindings } });
    else this.entries.push({ level, msg: b, fields: { ...this.bindings, ...a } });
  }
  error = (a: Record<string, unknown> | string, b?: string): void => this.log('error', a, b);
  warn = (a: Record<string, unknown> | string, b?: string): void => this.log('warn', a, b);
  info = (a: Record<string, unknown> | string, b?: string): void => this.log('info', a, b);
  debug = (a: Record<string, unknown> | string, b?: string): void => this.log('debug', a, b);
  child(bindings: Record<string, unknown>): Logger {
    return new RecordingLogger(this.entries, { ...this.bindings, ...bindings });
  }
  find(msg: string): LogEntry[] {
    return this.entries.filter((e) => e.msg === msg);
  }
}

export interface TestServer {
  readonly server: FlashbackServer;
  readonly port: number;
  readonly url: string;
  readonly log: RecordingLogger;
  close(): Promise<void>;
}

export async function startTestServer(
  applications: readonly ApplicationDefinition[] | undefined,
  options: Omit<ServerOptions, 'applications' | 'host' | 'port' | 'logger'> = {},
): Promise<TestServer> {
  const log = new RecordingLogger();
  const server = createServer({ ...options, host: '127.0.0.1', port: 0, logger: log, ...(applications && { applications }) });
  const { port } = await server.listen();
  return { server, port, url: `rtmp://127.0.0.1:${port}`, log, close: () => server.close() };
}
