// The command-line flags of `flashback`.
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { LOG_LEVELS, type LogLevel } from './config.js';

function portArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('not a port number');
  return n;
}

function levelArg(value: string): LogLevel {
  if (!LOG_LEVELS.includes(value as LogLevel)) throw new InvalidArgumentError(`one of ${LOG_LEVELS.join(', ')}`);
  return value as LogLevel;
}

/** The commander program (no action attached: main() reads its options). */
export function buildProgram(): Command {
  return new Command('flashback')
    .version(packageVersion(), '-V, --version')
    .description('Flash Media Server replacement: RTMP server with live streaming, RPC and applications')
    .option('--rtmp-port <port>', 'RTMP port (default 1935)', portArg)
    .option('--http-port <port>', 'HTTP port (default 8080)', portArg)
    .option('--host <address>', 'interface to bind (default 0.0.0.0)')
    .option('--media <dir>', "media root; application files live in <dir>/<app>/ (default ./media)")
    .option('--apps <dir>', 'folder of application modules (.js, or .ts with tsx)')
    .option('--config <file>', 'JSON configuration file')
    .option('--log-level <level>', `log level: ${LOG_LEVELS.join(', ')} (default info)`, levelArg)
    .allowExcessArguments(false);
}


/** The version in package.json (two levels up from both src/cli and dist/cli). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
