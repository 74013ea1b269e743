// A child logger created only when something is actually logged at an enabled level: pino's child() serialises
// its bindings at once, which costs more than the rest of a connection's setup when the level hides every line.
// A class (methods on the prototype) so that an idle connection's logger is one small object.
import type { Logger } from './logger.js';

type Level = 'error' | 'warn' | 'info' | 'debug';

class LazyLogger implements Logger {
  private real: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Record<string, unknown>,
  ) {}

  private log(level: Level, a: Record<string, unknown> | string, b?: string): void {
    if (this.parent.isLevelEnabled !== undefined && !this.parent.isLevelEnabled(level)) return;
    const target = (this.real ??= this.parent.child(this.bindings));
    if (typeof a === 'string') target[level](a);
    else target[level](a, b);
  }

  error(a: Record<string, unknown> | string, b?: string): void {
    this.log('error', a, b);
  }
  warn(a: Record<string, unknown> | string, b?: string): void {
    this.log('warn', a, b);
  }
  info(a: Record<string, unknown> | string, b?: string): void {
    this.log('info', a, b);
  }
  debug(a: Record<string, unknown> | string, b?: string): void {
    this.log('debug', a, b);
  }
  isLevelEnabled(level: string): boolean {
    return this.parent.isLevelEnabled?.(level) ?? true;
  }
  child(more: Record<string, unknown>): Logger {
    return new LazyLogger(this.parent, { ...this.bindings, ...more });
  }
}

export function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  return new LazyLogger(parent, bindings);
}
