// Structured logs: pino, JSON lines on stdout, with the level from flags/config.
import { pino } from 'pino';
import type { Logger } from '../server/index.js';
import type { LogLevel } from './config.js';

export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger & { flush?: () => void } {
  const options = { level, base: { pid: process.pid }, name: 'flashback' };
  return destination === undefined ? pino(options) : pino(options, destination);
}
