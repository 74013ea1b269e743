// A TCP socket as a ByteTransport: writes issued in one tick go out corked together (one syscall for an
// RTMP reply made of several messages), Nagle is off (RTMP is interactive), and queue length is exposed for
// backpressure.
import type { Socket } from 'node:net';
import type { ByteTransport } from '../transport.js';

export class SocketTransport implements ByteTransport {
  readonly remoteAddress: string;
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  constructor(private readonly socket: Socket) {
    this.remoteAddress = normaliseAddress(socket.remoteAddress);
    socket.setNoDelay(true);
  }

  write(bytes: Buffer): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    this.socket.write(bytes);
  }

  get writableLength(): number {
    return this.socket.writableLength;
  }

  onDrain(listener: () => void): void {
    this.socket.on('drain', listener);
  }

  end(): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    this.socket.end();
    // A peer that never reads would keep the socket half-open forever.
    setTimeout(() => this.socket.destroy(), 5_000).unref();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** '::ffff:1.2.3.4' → '1.2.3.4', so per-IP limits count one host once. */
export function normaliseAddress(address: string | undefined): string {
  if (address === undefined) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
