// The RTMP TCP listener: accepts sockets, enforces connection limits, and drives one RtmpConnection per socket.
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import type { ServerSession } from '../../rtmp/index.js';
import type { ServerLimits } from '../limits.js';
import { AddressCounter } from '../limits.js';
import type { Logger } from '../logger.js';
import { RtmpConnection, type ConnectionContext } from '../rtmp-connection.js';
import { normaliseAddress, SocketTransport } from './socket-transport.js';

export interface TcpServerOptions {
  readonly limits: ServerLimits;
  readonly logger: Logger;
  readonly createSession: () => ServerSession;
  readonly context: Omit<ConnectionContext, 'onClosed'>;
}

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export class RtmpTcpServer {
  private readonly server: Server;
  private readonly connections = new Set<RtmpConnection>();
  private readonly perIp = new AddressCounter();
  private sweep: NodeJS.Timeout | undefined;
  private nextId = 1;

  constructor(private readonly options: TcpServerOptions) {
    this.server = createNetServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server.on('error', (err) => options.logger.error({ err }, 'listener error'));
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  listen(port: number, host: string): Promise<ListenAddress> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        const bound = typeof addr === 'object' && addr !== null ? { host: addr.address, port: addr.port } : { host, port };
        this.startSweep();
        this.options.logger.info(bound, 'RTMP listening');
        resolve(bound);
      });
    });
  }

  /** Stops accepting, asks every connection to close, and destroys stragglers after `graceMs`. */
  async close(graceMs = 2_000): Promise<void> {
    if (this.sweep !== undefined) clearInterval(this.sweep);
    this.sweep = undefined;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const conn of [...this.connections]) conn.close('server shutting down');
    const deadline = Date.now() + graceMs;
    while (this.sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private readonly sockets = new Set<Socket>();

  private accept(socket: Socket): void {
    const { limits, logger } = this.options;
    const ip = normaliseAddress(socket.remoteAddress);
    if (this.sockets.size >= limits.maxConnections) {
      logger.warn({ ip, reason: 'maxConnections' }, 'connection refused');
      socket.destroy();
      return;
    }
    if (!this.perIp.tryAdd(ip, limits.maxConnectionsPerIp)) {
      logger.warn({ ip, reason: 'maxConnectionsPerIp' }, 'connection refused');
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    const id = String(this.nextId++);
    let conn: RtmpConnection;
    try {
      const transport = new SocketTransport(socket, ip);
      conn = new RtmpConnection(id, this.options.createSession(), transport, {
        ...this.options.context,
        onClosed: (c) => this.connections.delete(c),
      });
    } catch (err) {
      logger.error({ err }, 'could not set up connection');
      this.sockets.delete(socket);
      this.perIp.remove(ip);
      socket.destroy();
      return;
    }
    this.connections.add(conn);
    socket.on('data', (bytes: Buffer) => conn.receive(bytes));
    socket.on('error', (err: NodeJS.ErrnoException) => logger.debug({ conn: id, code: err.code }, 'socket error'));
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.perIp.remove(ip);
      conn.transportClosed();
    });
  }

  private startSweep(): void {
    const l = this.options.limits;
    const periods = [l.handshakeTimeoutMs, l.connectTimeoutMs, l.pingIntervalMs, l.deadPeerTimeoutMs, l.idleTimeoutMs].filter((n) => n > 0);
    const every = Math.max(10, Math.min(1_000, Math.floor(Math.min(...periods, 4_000) / 4)));
    this.sweep = setInterval(() => {
      const now = this.options.context.now();
      for (const conn of this.connections) conn.tick(now);
    }, every);
    this.sweep.unref();
  }
}
