// Collects the handshake packets across receive() calls into preallocated buffers.
import { RemoteProtocolError, RtmpErrorCode } from '../errors.js';
import { HANDSHAKE_SIZE, RTMP_VERSION } from './constants.js';

export class FixedAccumulator {
  // Allocated on first use, outside Node's shared pool: a pooled slice would keep an 8 KiB slab alive.
  private buffer: Buffer | undefined;
  private filled = 0;
  constructor(readonly size: number) {}
  /** Copies what fits from `bytes` starting at `offset`; returns how many bytes were taken. */
  take(bytes: Buffer, offset: number): number {
    const n = Math.min(this.size - this.filled, bytes.length - offset);
    if (n <= 0) return 0;
    this.buffer ??= Buffer.allocUnsafeSlow(this.size);
    bytes.copy(this.buffer, this.filled, offset, offset + n);
    this.filled += n;
    return n;
  }
  get complete(): boolean {
    return this.filled === this.size;
  }
  /** The collected bytes (only meaningful once complete). */
  get bytes(): Buffer {
    return this.buffer ?? Buffer.alloc(0);
  }

  /** The first byte, or -1 before any byte arrived. */
  get first(): number {
    return this.filled > 0 && this.buffer !== undefined ? this.buffer[0] : -1;
  }
}

/**
 * What one side of the handshake receives, in order: the version byte with the peer's first packet (C0+C1 or
 * S0+S1), then the peer's echo packet (C2 or S2). The version byte is checked as soon as it arrives.
 */
export class HandshakeInput {
  private readonly first = new FixedAccumulator(1 + HANDSHAKE_SIZE);
  private readonly second = new FixedAccumulator(HANDSHAKE_SIZE);
  /** 'C0' on the server, 'S0' on the client: names the version byte in errors. */
  constructor(private readonly versionPacket: 'C0' | 'S0') {}

  /** Takes what fits from `bytes`; returns how many bytes were taken. Throws on a version byte other than 3. */
  take(bytes: Buffer): number {
    let offset = 0;
    if (!this.first.complete) {
      offset = this.first.take(bytes, 0);
      const version = this.first.first;
      if (version !== RTMP_VERSION && version !== -1) {
        throw new RemoteProtocolError(`unsupported RTMP version ${version} in ${this.versionPacket}`, {
          code: RtmpErrorCode.BadHandshakeVersion,
        });
      }
    }
    return offset + this.second.take(bytes, offset);
  }

  /** The peer's first packet (C1 or S1) once complete, else undefined. */
  get firstPacket(): Buffer | undefined {
    return this.first.complete ? this.first.bytes.subarray(1) : undefined;
  }

  /** The peer's echo packet (C2 or S2) once complete, else undefined. */
  get secondPacket(): Buffer | undefined {
    return this.second.complete ? this.second.bytes : undefined;
  }
}
