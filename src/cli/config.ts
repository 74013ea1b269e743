// The JSON config file and how it merges with flags and defaults (flags > file > defaults). Relative paths in the
// file are relative to the file. Unknown keys are errors, so a typo never silently falls back to a default.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isApplicationName } from '../server/app/registry.js';
import { resolveLimits, type ServerLimits } from '../server/limits.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** One entry of `applications`: settings for a built-in app, or a module to load. */
export interface ApplicationConfig {
  /** Module (JS, or TS when tsx is installed) exporting an ApplicationDefinition; absolute after loading. */
  readonly module?: string;
  /** Built-in `live`: the key publishers must present (`?key=…`). */
  readonly publishKey?: string;
  /** Free-form options handed to a module's factory function. */
  readonly options?: Record<string, unknown>;
}

export interface FlashbackConfig {
  readonly host: string;
  readonly rtmpPort: number;
  readonly httpPort: number;
  /** Absolute media root. */
  readonly media: string;
  /** Absolute folder of user application modules, if any. */
  readonly apps?: string;
  readonly logLevel: LogLevel;
  readonly applications: Readonly<Record<string, ApplicationConfig>>;
  readonly limits: Partial<ServerLimits>;
  /** RTMP session settings (chunkSize, windowAckSize, fmsVersion, …), passed through. */
  readonly rtmp: Record<string, unknown>;
  /** Live streaming settings (GOP cache, slow players, recording, frame gathering), checked against LIVE_KEYS. */
  readonly live: LiveConfig;
}

/** The live stream handler's settings a config file may set (see docs/live.md). */
export interface LiveConfig {
  readonly gopCacheBytes?: number;
  readonly playerBacklogBytes?: number;
  readonly laggingDisconnectMs?: number;
  readonly gatherMinPlayers?: number;
  readonly maxGatherMs?: number;
  readonly recordAll?: boolean;
  /** Absolute after loading. */
  readonly recordDir?: string;
  readonly recordedStart?: 'live' | 'notFound';
  readonly dataStartStatus?: boolean;
}

export class ConfigError extends Error {
  readonly code = 'CLI_ERR_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ConfigFlags {
  readonly host?: string;
  readonly rtmpPort?: number;
  readonly httpPort?: number;
  readonly media?: string;
  readonly apps?: string;
  readonly logLevel?: LogLevel;
  readonly config?: string;
}

const TOP_KEYS = new Set(['host', 'rtmpPort', 'httpPort', 'media', 'apps', 'logLevel', 'applications', 'limits', 'rtmp', 'live']);
const APP_KEYS = new Set(['module', 'publishKey', 'options']);
const integer = (min: number, max: number) => (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
/** The RTMP session settings a file may set, each with what it accepts (the session itself trusts its config). */
/** What one settings key accepts, and how to say so. */
interface KeyRule {
  readonly ok: (v: unknown) => boolean;
  readonly want: string;
}
const RTMP_KEYS: ReadonlyMap<string, KeyRule> = new Map([
  ['chunkSize', { ok: integer(1, 0x7fffffff), want: 'an integer from 1 to 2147483647' }],
  ['windowAckSize', { ok: integer(1, 0xffffffff), want: 'an integer from 1 to 4294967295' }],
  ['peerBandwidth', { ok: integer(1, 0xffffffff), want: 'an integer from 1 to 4294967295' }],
  ['fmsVersion', { ok: (v: unknown) => typeof v === 'string', want: 'a string' }],
  ['maxMessageBytes', { ok: integer(1, 0xffffff), want: 'an integer from 1 to 16777215' }],
  ['maxChunkStreams', { ok: integer(1, 65599), want: 'an integer from 1 to 65599' }],
  ['handshake', { ok: (v: unknown) => v === 'auto' || v === 'simple', want: "'auto' or 'simple'" }],
]);
/** The live settings a file may set, each with what it accepts. */
const LIVE_KEYS: ReadonlyMap<string, KeyRule> = new Map<keyof LiveConfig, KeyRule>([
  ['gopCacheBytes', { ok: integer(0, 1 << 30), want: 'an integer from 0 (off) to 1073741824' }],
  ['playerBacklogBytes', { ok: integer(1024, 1 << 30), want: 'an integer from 1024 to 1073741824' }],
  ['laggingDisconnectMs', { ok: integer(0, 3_600_000), want: 'an integer from 0 to 3600000' }],
  ['gatherMinPlayers', { ok: integer(0, 1_000_000), want: 'an integer from 0 (off) to 1000000' }],
  ['maxGatherMs', { ok: integer(1, 1000), want: 'an integer from 1 to 1000' }],
  ['recordAll', { ok: (v: unknown) => typeof v === 'boolean', want: 'true or false' }],
  ['recordDir', { ok: (v: unknown) => typeof v === 'string' && v !== '', want: 'a folder path' }],
  ['recordedStart', { ok: (v: unknown) => v === 'live' || v === 'notFound', want: "'live' or 'notFound'" }],
  ['dataStartStatus', { ok: (v: unknown) => typeof v === 'boolean', want: 'true or false' }],
]);

/** Builds the effective configuration from flags, the optional file they name, and defaults. */
export function loadConfig(flags: ConfigFlags, cwd = process.cwd()): FlashbackConfig {
  let file: Record<string, unknown> = {};
  let base = cwd;
  if (flags.config !== undefined) {
    const path = resolve(cwd, flags.config);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
    }
    file = parseConfigText(text, path);
    base = dirname(path);
  }
  return mergeConfig(flags, file, cwd, base);
}

export function parseConfigText(text: string, where = 'config'): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${where}: invalid JSON: ${(err as Error).message}`);
  }
  if (!isRecord(value)) throw new ConfigError(`${where}: the top level must be an object`);
  return value;
}

/** Merges flags over a parsed file over defaults. `cwd` resolves flag paths, `base` resolves file paths. */
export function mergeConfig(flags: ConfigFlags, file: Record<string, unknown>, cwd: string, base: string): FlashbackConfig {
  for (const key of Object.keys(file)) if (!TOP_KEYS.has(key)) throw new ConfigError(`unknown config key '${key}'`);
  const fileApps = optionalRecord(file.applications, 'applications');
  const applications: Record<string, ApplicationConfig> = Object.create(null) as Record<string, ApplicationConfig>;
  for (const [name, raw] of Object.entries(fileApps ?? {})) {
    if (!isApplicationName(name)) throw new ConfigError(`bad application name '${name}'`);
    const entry = optionalRecord(raw, `applications.${name}`) ?? {};
    for (const key of Object.keys(entry)) if (!APP_KEYS.has(key)) throw new ConfigError(`unknown key '${key}' in applications.${name}`);
    const module = optionalString(entry.module, `applications.${name}.module`);
    const publishKey = optionalString(entry.publishKey, `applications.${name}.publishKey`);
    const options = optionalRecord(entry.options, `applications.${name}.options`);
    applications[name] = {
      ...(module !== undefined && { module: resolve(base, module) }),
      ...(publishKey !== undefined && { publishKey }),
      ...(options !== undefined && { options }),
    };
  }
  const limits = optionalRecord(file.limits, 'limits') ?? {};
  try {
    resolveLimits(limits); // the server's own check, so the file fails at startup with the same words
  } catch (err) {
    if (err instanceof RangeError) throw new ConfigError(err.message);
    throw err;
  }
  const rtmp = checkedSection(file.rtmp, 'rtmp', RTMP_KEYS);
  const live = checkedSection(file.live, 'live', LIVE_KEYS);
  if (typeof live.recordDir === 'string') live.recordDir = resolve(base, live.recordDir);

  const fileMedia = optionalString(file.media, 'media');
  const fileApps2 = optionalString(file.apps, 'apps');
  const logLevel = flags.logLevel ?? optionalString(file.logLevel, 'logLevel') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) throw new ConfigError(`bad log level '${logLevel}'`);
  const appsDir = flags.apps !== undefined ? resolve(cwd, flags.apps) : fileApps2 !== undefined ? resolve(base, fileApps2) : undefined;
  return {
    host: flags.host ?? optionalString(file.host, 'host') ?? '0.0.0.0',
    rtmpPort: port(flags.rtmpPort ?? file.rtmpPort ?? 1935, 'rtmpPort'),
    httpPort: port(flags.httpPort ?? file.httpPort ?? 8080, 'httpPort'),
    media: flags.media !== undefined ? resolve(cwd, flags.media) : resolve(base, fileMedia ?? './media'),
    ...(appsDir !== undefined && { apps: appsDir }),
    logLevel: logLevel as LogLevel,
    applications,
    limits: limits as Partial<ServerLimits>,
    rtmp,
    live: live as LiveConfig,
  };
}

/** A copy of a settings object of the file whose every key has a rule and passes it (so no `__proto__` key). */
function checkedSection(raw: unknown, name: string, rules: ReadonlyMap<string, KeyRule>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(optionalRecord(raw, name) ?? {})) {
    const rule = rules.get(key);
    if (rule === undefined) throw new ConfigError(`unknown key '${key}' in ${name}`);
    if (!rule.ok(value)) throw new ConfigError(`'${name}.${key}' must be ${rule.want}`);
    out[key] = value;
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalRecord(v: unknown, what: string): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  if (!isRecord(v)) throw new ConfigError(`'${what}' must be an object`);
  return v;
}

function optionalString(v: unknown, what: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ConfigError(`'${what}' must be a string`);
  return v;
}

function port(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535) throw new ConfigError(`'${what}' must be a port number`);
  return v;
}
