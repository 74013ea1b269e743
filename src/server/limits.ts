// Connection limits and timers of the RTMP server, with their defaults. Every one is explicit and configurable;
// a client that trips one is disconnected with a logged reason and never affects the others.

export interface ServerLimits {
  /** Simultaneous connections (handshaking included). Defaults to 10,000. */
  readonly maxConnections: number;
  /** Simultaneous connections from one IP address. Defaults to 1,000. */
  readonly maxConnectionsPerIp: number;
  /** Time to complete the handshake after the TCP accept, ms. Defaults to 10,000. */
  readonly handshakeTimeoutMs: number;
  /** Time from the TCP accept until the connect is answered (onConnect included), ms. Defaults to 30,000. */
  readonly connectTimeoutMs: number;
  /** A PingRequest is sent after this long without input, ms. Defaults to 30,000; 0 disables pings. */
  readonly pingIntervalMs: number;
  /** A peer silent this long (no bytes, no PingResponse) is dropped as dead, ms. Defaults to 90,000; 0 disables. */
  readonly deadPeerTimeoutMs: number;
  /** A connected client with no stream and no command for this long is closed, ms. Defaults to 0 (disabled). */
  readonly idleTimeoutMs: number;
  /** Default timeout of client.call(), ms. Defaults to 10,000. */
  readonly rpcTimeoutMs: number;
  /** Unanswered server→client calls per connection. Defaults to 1,000. */
  readonly maxPendingCalls: number;
  /** Client→server calls being executed at once per connection; more are answered with _error. Defaults to 64. */
  readonly maxConcurrentCalls: number;
  /** Bytes queued for one socket before writeShared reports backpressure. Defaults to 1 MiB. */
  readonly writeHighWaterMark: number;
  /** Bytes queued for one socket before the connection is closed as too slow. Defaults to 64 MiB. */
  readonly maxWriteQueueBytes: number;
  /** Events queued per connection while an asynchronous hook runs; more close the connection. Defaults to 10,000. */
  readonly maxQueuedEvents: number;
}

export const DEFAULT_LIMITS: ServerLimits = Object.freeze({
  maxConnections: 10_000,
  maxConnectionsPerIp: 1_000,
  handshakeTimeoutMs: 10_000,
  connectTimeoutMs: 30_000,
  pingIntervalMs: 30_000,
  deadPeerTimeoutMs: 90_000,
  idleTimeoutMs: 0,
  rpcTimeoutMs: 10_000,
  maxPendingCalls: 1_000,
  maxConcurrentCalls: 64,
  writeHighWaterMark: 1024 * 1024,
  maxWriteQueueBytes: 64 * 1024 * 1024,
  maxQueuedEvents: 10_000,
});

/** Merges overrides into the defaults, refusing values that are not non-negative finite integers. */
export function resolveLimits(overrides: Partial<ServerLimits> = {}): ServerLimits {
  const out: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(overrides)) {
    if (!Object.hasOwn(DEFAULT_LIMITS, key)) throw new RangeError(`unknown limit '${key}'`);
    const value = (overrides as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`limit '${key}' must be a non-negative integer`);
    }
    out[key] = value;
  }
  return Object.freeze(out) as unknown as ServerLimits;
}

/** Counts connections per remote address. */
export class AddressCounter {
  private readonly counts = new Map<string, number>();

  /** Adds one for `ip` unless that would exceed `max`; returns whether it was added. */
  tryAdd(ip: string, max: number): boolean {
    const n = this.counts.get(ip) ?? 0;
    if (n >= max) return false;
    this.counts.set(ip, n + 1);
    return true;
  }

  remove(ip: string): void {
    const n = this.counts.get(ip) ?? 0;
    if (n <= 1) this.counts.delete(ip);
    else this.counts.set(ip, n - 1);
  }

  count(ip: string): number {
    return this.counts.get(ip) ?? 0;
  }
}
