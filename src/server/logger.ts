// The logging surface the server needs: pino's method shapes, so a pino logger plugs in as is, and tests can pass
// a recorder. Structured fields first, message second.

export interface LogFn {
  (fields: Record<string, unknown>, message?: string): void;
  (message: string): void;
}

export interface Logger {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  child(bindings: Record<string, unknown>): Logger;
  /** pino's: lets callers skip work for lines that would be dropped. */
  isLevelEnabled?(level: string): boolean;
}

const noop = (): void => {};

/** A logger that drops everything. */
export const silentLogger: Logger = { error: noop, warn: noop, info: noop, debug: noop, child: () => silentLogger, isLevelEnabled: () => false };
