// A TCP socket as a ByteTransport: a reply made of several messages goes out in one writev, shared media
// writes issued in one tick go out corked together, Nagle is off (the listener sets noDelay: RTMP is
// interactive), and the queue length is exposed for backpressure.
import type { Socket } from 'node:net';
import type { ByteTransport } from '../transport.js';

export class SocketTransport implements ByteTransport {
  readonly remoteAddress: string;
  private corked = false;

  /** `remoteAddress` already normalised (the listener reads it once for its per-IP count). */
  constructor(
    private readonly socket: Socket,
    remoteAddress: string,
  ) {
    this.remoteAddress = remoteAddress;
  }

  write(bytes: Buffer): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(uncorkTransport, this);
    }
    this.socket.write(bytes);
  }

  writeBatch(chunks: readonly Buffer[]): void {
    const socket = this.socket;
    if (socket.destroyed || socket.writableEnded) return;
    if (this.corked || chunks.length === 1) {
      for (const c of chunks) socket.write(c);
      return;
    }
    // Several messages of one reply: one writev now, without waiting for the end of the tick.
    socket.cork();
    for (const c of chunks) socket.write(c);
    socket.uncork();
  }

  get writableLength(): number {
    return this.socket.writableLength;
  }

  onDrain(listener: () => void): void {
    this.socket.on('drain', listener);
  }

  /** @internal */
  uncork(): void {
    this.corked = false;
    this.socket.uncork();
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

function uncorkTransport(t: SocketTransport): void {
  t.uncork();
}
