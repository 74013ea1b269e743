// A child logger created only when something is actually logged at an enabled level: pino's child() serialises
// its bindings at once, which costs more than the rest of a connection's setup when the level hides every line.
import type { Logger } from './logger.js';

type Level = 'error' | 'warn' | 'info' | 'debug';

export function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const real = (): Logger => (child ??= parent.child(bindings));
  const method =
    (level: Level) =>
    (a: Record<string, unknown> | string, b?: string): void => {
      if (parent.isLevelEnabled !== undefined && !parent.isLevelEnabled(level)) return;
      const target = real();
      if (typeof a === 'string') target[level](a);
      else target[level](a, b);
    };
  return {
    error: method('error'),
    warn: method('warn'),
    info: method('info'),
    debug: method('debug'),
    isLevelEnabled: (level: string) => parent.isLevelEnabled?.(level) ?? true,
    child: (more) => lazyChild(parent, { ...bindings, ...more }),
  };
}
