// The Client object handed to application code: identity, connect data, state, and calls back to the client.
import type { AmfValue } from '../../amf/index.js';
import type { AppInstance, Client, ConnectInfo } from '../application.js';
import type { SharedCallTarget } from './broadcast.js';

/**
 * What a Client needs from its connection. A connection that also has the SharedCallTarget members (an
 * RtmpConnection) receives broadcasts as shared bytes; any other gets a per-client notify.
 */
export interface ClientTransport extends Partial<SharedCallTarget> {
  call(method: string, args: readonly AmfValue[], timeoutMs: number | undefined): Promise<AmfValue>;
  notify(method: string, args: readonly AmfValue[]): void;
  close(reason: string): void;
}

export class ServerClient implements Client {
  private stateMap: Map<string, unknown> | undefined;
  /** The transport as a broadcast target, when it can take shared bytes (checked once). */
  readonly sharedTarget: SharedCallTarget | undefined;

  constructor(
    readonly id: string,
    readonly ip: string,
    readonly instance: AppInstance,
    readonly connect: ConnectInfo,
    readonly connectArgs: readonly AmfValue[],
    private readonly transport: ClientTransport,
    private readonly callTimeoutMs: number | undefined,
  ) {
    this.sharedTarget = isSharedCallTarget(transport) ? transport : undefined;
  }

  get state(): Map<string, unknown> {
    return (this.stateMap ??= new Map());
  }

  get app(): string {
    return this.instance.application.name;
  }

  call(method: string, ...args: AmfValue[]): Promise<unknown> {
    return this.transport.call(method, args, this.callTimeoutMs);
  }

  notify(method: string, ...args: AmfValue[]): void {
    this.transport.notify(method, args);
  }

  close(reason = 'closed by the application'): void {
    this.transport.close(reason);
  }

  toJSON(): Record<string, unknown> {
    return { id: this.id, ip: this.ip, app: this.app, instance: this.instance.name };
  }
}

function isSharedCallTarget(t: ClientTransport): t is ClientTransport & SharedCallTarget {
  return typeof t.writeShared === 'function' && typeof t.session?.outgoingChunkSize === 'number' && typeof t.session.objectEncoding === 'number';
}
