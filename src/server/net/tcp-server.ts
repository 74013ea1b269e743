// The RTMP TCP listener: accepts sockets and attaches each to the connection manager.
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import type { ConnectionManager } from '../connection-manager.js';
import type { Logger } from '../logger.js';
import { normaliseAddress, SocketTransport } from './socket-transport.js';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export class RtmpTcpServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly manager: ConnectionManager,
    private readonly logger: Logger,
  ) {
    this.server = createNetServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server.on('error', (err) => logger.error({ err }, 'listener error'));
  }

  listen(port: number, host: string): Promise<ListenAddress> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        const bound = typeof addr === 'object' && addr !== null ? { host: addr.address, port: addr.port } : { host, port };
        this.logger.info(bound, 'RTMP listening');
        resolve(bound);
      });
    });
  }

  /**
   * Stops accepting at once, runs `closeConnections` (the manager asks each to close), waits up to `graceMs`
   * for the sockets to go, then destroys the rest.
   */
  async close(closeConnections: () => void, graceMs = 2_000): Promise<void> {
    const closed = this.server.listening ? new Promise<void>((resolve) => this.server.close(() => resolve())) : Promise.resolve();
    const gone = Promise.all([...this.sockets].map((s) => new Promise((r) => s.once('close', r))));
    closeConnections();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private accept(socket: Socket): void {
    const attached = this.manager.attach(new SocketTransport(socket, normaliseAddress(socket.remoteAddress)));
    if (attached === undefined) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.on('data', attached.receive);
    socket.on('error', (err: NodeJS.ErrnoException) => this.logger.debug({ code: err.code }, 'socket error'));
    socket.once('close', () => {
      this.sockets.delete(socket);
      attached.closed();
    });
  }
}
