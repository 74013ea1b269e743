// Every live RTMP connection of a server, whatever carries its bytes (TCP now; RTMPT and WebSocket later):
// connection and per-IP limits, ids, and one periodic sweep for handshake/connect timeouts, keepalive and idle.
import type { ServerSession } from '../rtmp/index.js';
import type { ServerLimits } from './limits.js';
import { AddressCounter } from './limits.js';
import type { Logger } from './logger.js';
import { RtmpConnection, type ConnectionContext } from './rtmp-connection.js';
import type { ByteTransport } from './transport.js';

/** What the owner of a transport feeds into an attached connection. */
export interface AttachedTransport {
  /** Bytes from the peer. */
  receive(bytes: Buffer): void;
  /** The transport is gone (peer hung up, or closed after the server ended it). Call exactly once. */
  closed(): void;
}

export interface ConnectionManagerOptions {
  readonly limits: ServerLimits;
  readonly logger: Logger;
  readonly createSession: () => ServerSession;
  readonly context: Omit<ConnectionContext, 'onClosed'>;
}

export class ConnectionManager {
  private readonly connections = new Set<RtmpConnection>();
  private readonly perIp = new AddressCounter();
  private transports = 0;
  private sweep: NodeJS.Timeout | undefined;
  private nextId = 1;

  constructor(private readonly options: ConnectionManagerOptions) {}

  /** Connections with an open transport (handshaking ones included). */
  get transportCount(): number {
    return this.transports;
  }

  /** Connections not yet closed. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * Starts an RTMP connection on a transport. Returns undefined when a limit refuses it (logged); the caller
   * then closes the transport itself.
   */
  attach(transport: ByteTransport): AttachedTransport | undefined {
    const { limits, logger } = this.options;
    const ip = transport.remoteAddress;
    if (this.transports >= limits.maxConnections) {
      logger.warn({ ip, reason: 'maxConnections' }, 'connection refused');
      return undefined;
    }
    if (!this.perIp.tryAdd(ip, limits.maxConnectionsPerIp)) {
      logger.warn({ ip, reason: 'maxConnectionsPerIp' }, 'connection refused');
      return undefined;
    }
    this.transports++;
    let conn: RtmpConnection;
    try {
      conn = new RtmpConnection(String(this.nextId++), this.options.createSession(), transport, {
        ...this.options.context,
        onClosed: (c) => this.connections.delete(c),
      });
    } catch (err) {
      logger.error({ err }, 'could not set up connection');
      this.transports--;
      this.perIp.remove(ip);
      return undefined;
    }
    this.connections.add(conn);
    let gone = false;
    return {
      receive: (bytes) => conn.receive(bytes),
      closed: () => {
        if (gone) return;
        gone = true;
        this.transports--;
        this.perIp.remove(ip);
        conn.transportClosed();
      },
    };
  }

  /** Asks every connection to close (flushing what is queued). */
  closeAll(reason: string): void {
    for (const conn of [...this.connections]) conn.close(reason);
  }

  startSweep(): void {
    if (this.sweep !== undefined) return;
    const l = this.options.limits;
    const periods = [l.handshakeTimeoutMs, l.connectTimeoutMs, l.pingIntervalMs, l.deadPeerTimeoutMs, l.idleTimeoutMs].filter((n) => n > 0);
    const every = Math.max(10, Math.min(1_000, Math.floor(Math.min(...periods, 4_000) / 4)));
    this.sweep = setInterval(() => {
      const now = this.options.context.now();
      for (const conn of this.connections) conn.tick(now);
    }, every);
    this.sweep.unref();
  }

  stopSweep(): void {
    if (this.sweep !== undefined) clearInterval(this.sweep);
    this.sweep = undefined;
  }
}
