// The Client object handed to application code: identity, connect data, state, and calls back to the client.
import type { AmfValue } from '../../amf/index.js';
import type { AppInstance, Client, ConnectInfo } from '../application.js';

/** What a Client needs from its connection. */
export interface ClientTransport {
  call(method: string, args: readonly AmfValue[], timeoutMs: number | undefined): Promise<AmfValue>;
  notify(method: string, args: readonly AmfValue[]): void;
  close(reason: string): void;
}

export class ServerClient implements Client {
  private stateMap: Map<string, unknown> | undefined;

  constructor(
    readonly id: string,
    readonly ip: string,
    readonly instance: AppInstance,
    readonly connect: ConnectInfo,
    readonly connectArgs: readonly AmfValue[],
    private readonly transport: ClientTransport,
    private readonly callTimeoutMs: number | undefined,
  ) {}

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
