// createServer(): the Flashback RTMP server with its applications, limits and stream handler.
import { resolve } from 'node:path';
import { DEFAULT_SERVER_SESSION_CONFIG, ServerSession, checkServerSessionConfig, type ServerSessionConfig } from '../rtmp/index.js';
import type { ApplicationDefinition, RpcMethods } from './application.js';
import { ApplicationRegistry, type ApplicationStats } from './app/registry.js';
import { createLiveApplication } from './apps/live.js';
import { createVodApplication } from './apps/vod.js';
import { RefusingStreamHandler } from './default-stream-handler.js';
import { resolveLimits, type ServerLimits } from './limits.js';
import { silentLogger, type Logger } from './logger.js';
import { RtmpTcpServer, type ListenAddress } from './net/tcp-server.js';
import { ConnectionManager, type AttachedTransport } from './connection-manager.js';
import type { ByteTransport } from './transport.js';
import { pooledRandomBytes } from './random-pool.js';
import type { StreamEventHandler } from './stream-handler.js';

export interface ServerOptions {
  /** Interface to bind. Defaults to '0.0.0.0'. */
  readonly host?: string;
  /** RTMP port; 0 picks a free one. Defaults to 1935. */
  readonly port?: number;
  /** Media root; each application's files live in `<mediaDir>/<app>/`. Defaults to './media'. */
  readonly mediaDir?: string;
  /** Applications to offer. Defaults to `live` (open publishing) and `vod`. */
  readonly applications?: readonly ApplicationDefinition[];
  /** Where stream events go once the application accepted them. Defaults to a handler that refuses every stream. */
  readonly streamHandler?: StreamEventHandler;
  /** A pino logger (or anything with its shape). Defaults to silent. */
  readonly logger?: Logger;
  readonly limits?: Partial<ServerLimits>;
  /** Passed to every ServerSession (chunk size, window, FMS version, handshake mode, message limits, …). */
  readonly session?: Partial<ServerSessionConfig>;
  /** Clock for timeouts, ms. Defaults to performance.now. */
  readonly now?: () => number;
}

export interface ServerStats {
  /** Open transports, handshaking ones included. */
  readonly connections: number;
  readonly applications: readonly ApplicationStats[];
}

export interface FlashbackServer {
  /** Binds the listener; resolves with the bound address. */
  listen(): Promise<ListenAddress>;
  /** Stops accepting and closes every connection (graceful, bounded). */
  close(): Promise<void>;
  /** Adds (or replaces) an application at run time. */
  addApplication<S extends RpcMethods<S>, C extends RpcMethods<C>>(app: ApplicationDefinition<S, C>): void;
  /**
   * Runs an RTMP connection over any byte transport (RTMPT tunnel, WebSocket, a test pipe), with the same
   * applications, limits and timers as TCP clients. Undefined when a limit refuses it; close the transport then.
   */
  attach(transport: ByteTransport): AttachedTransport | undefined;
  readonly address: ListenAddress | undefined;
  readonly connectionCount: number;
  /** Connections, applications, instances and their clients right now (for an admin API or metrics). */
  stats(): ServerStats;
  readonly limits: ServerLimits;
}

/** The default applications: `live` and `vod`. */
export function defaultApplications(options: { readonly publishKey?: string } = {}): ApplicationDefinition[] {
  return [createLiveApplication({ publishKey: options.publishKey }), createVodApplication()];
}

export function createServer(options: ServerOptions = {}): FlashbackServer {
  const logger = options.logger ?? silentLogger;
  const limits = resolveLimits(options.limits);
  const now = options.now ?? (() => performance.now());
  // Pooled handshake randomness unless the caller brings its own (tests pin it).
  const sessionConfig = { randomBytes: pooledRandomBytes(), ...options.session };
  // Checked once here, so a bad setting fails createServer instead of every connection.
  checkServerSessionConfig({ ...DEFAULT_SERVER_SESSION_CONFIG, ...sessionConfig });
  // Broadcasts are encoded once for all clients: with the same AMF options as the sessions' own calls.
  const registry = new ApplicationRegistry(resolve(options.mediaDir ?? './media'), logger, { amfEncode: sessionConfig.amfEncode });
  for (const app of options.applications ?? defaultApplications()) registry.register(app);
  const manager = new ConnectionManager({
    limits,
    logger,
    createSession: () => ServerSession.create(sessionConfig),
    context: { registry, handler: options.streamHandler ?? new RefusingStreamHandler(), limits, logger, now },
  });
  const tcp = new RtmpTcpServer(manager, logger);
  let address: ListenAddress | undefined;
  let closing: Promise<void> | undefined;
  return {
    async listen() {
      address = await tcp.listen(options.port ?? 1935, options.host ?? '0.0.0.0');
      manager.startSweep();
      return address;
    },
    close() {
      closing ??= (async () => {
        manager.stopSweep();
        await tcp.close(() => manager.closeAll('server shutting down'));
      })();
      return closing;
    },
    attach(transport) {
      manager.startSweep();
      return manager.attach(transport);
    },
    addApplication(app) {
      registry.register(app as unknown as ApplicationDefinition);
    },
    get address() {
      return address;
    },
    get connectionCount() {
      return manager.connectionCount;
    },
    stats() {
      return { connections: manager.transportCount, applications: registry.stats() };
    },
    limits,
  };
}
