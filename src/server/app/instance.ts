// One application instance: its clients, its state, broadcast. Created on the first connect that names it and
// dropped (onAppStop) when its last connection, accepted or pending, has gone.
import type { AmfValue } from '../../amf/index.js';
import type { AppInstance, ApplicationDefinition, Client } from '../application.js';

export class ServerInstance implements AppInstance {
  readonly state = new Map<string, unknown>();
  private readonly members = new Map<string, Client>();
  /** Connections that named this instance, accepted or still in onConnect. */
  refs = 0;

  constructor(
    readonly application: ApplicationDefinition,
    readonly name: string,
    readonly mediaDir: string,
  ) {}

  get clients(): ReadonlyMap<string, Client> {
    return this.members;
  }

  add(client: Client): void {
    this.members.set(client.id, client);
  }

  remove(client: Client): boolean {
    return this.members.delete(client.id);
  }

  broadcast(method: string, ...args: AmfValue[]): void {
    for (const client of this.members.values()) client.notify(method, ...args);
  }
}
