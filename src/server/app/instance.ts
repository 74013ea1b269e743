// One application instance: its clients, its state, broadcast. Created on the first connect that names it and
// dropped (onAppStop) when its last connection, accepted or pending, has gone.
import type { AmfValue } from '../../amf/index.js';
import type { AppInstance, ApplicationDefinition, Client } from '../application.js';
import { type BroadcastCodec, createBroadcastCodec, type PreparedBroadcast, prepareBroadcast } from './broadcast.js';
import { ServerClient } from './client.js';

/** Shared by instances without their own AMF encode options. */
let defaultCodec: BroadcastCodec | undefined;

export class ServerInstance implements AppInstance {
  readonly state = new Map<string, unknown>();
  private readonly members = new Map<string, Client>();
  /** Connections that named this instance, accepted or still in onConnect. */
  refs = 0;
  private readonly codec: BroadcastCodec;
  /** Broadcasts made while one is being written (from a hook its writes triggered), written after it. */
  private queued: PreparedBroadcast[] | undefined;
  private delivering = false;

  constructor(
    readonly application: ApplicationDefinition,
    readonly name: string,
    readonly mediaDir: string,
    codec?: BroadcastCodec,
  ) {
    this.codec = codec ?? (defaultCodec ??= createBroadcastCodec());
  }

  get clients(): ReadonlyMap<string, Client> {
    return this.members;
  }

  add(client: Client): void {
    this.members.set(client.id, client);
  }

  remove(client: Client): boolean {
    return this.members.delete(client.id);
  }

  /**
   * Encodes the call once per AMF encoding and chunk size and writes the same bytes to every connected client
   * (see broadcast.ts). Throws (nothing sent) when the arguments cannot be encoded.
   */
  broadcast(method: string, ...args: AmfValue[]): void {
    const prepared = prepareBroadcast(this.members.values(), targetOf, (c) => c.notify(method, ...args), method, args, this.codec);
    if (this.delivering) {
      // A write that drops a client runs onDisconnect, which may broadcast: that one must not overtake this one
      // on the clients not reached yet.
      (this.queued ??= []).push(prepared);
      return;
    }
    this.delivering = true;
    try {
      prepared.deliver();
      const queued = this.queued;
      while (queued !== undefined && queued.length > 0) (queued.shift() as PreparedBroadcast).deliver();
    } finally {
      this.delivering = false;
      this.queued = undefined;
    }
  }
}

function targetOf(client: Client) {
  return client instanceof ServerClient ? client.sharedTarget : undefined;
}
