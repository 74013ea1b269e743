// Joins a ServerSession and a ClientSession without sockets (h11's ConnectionPair): outputs of one side are fed
// to the other until both are quiet; events are recorded per side.
import {
  ClientSession,
  type ClientEvent,
  type ClientOutput,
  type ClientSessionConfig,
  ServerSession,
  type ServerEvent,
  type ServerSessionConfig,
  type SessionOutput,
} from '../../../src/rtmp/index.js';

export class SessionPair {
  readonly serverEvents: ServerEvent[] = [];
  readonly clientEvents: ClientEvent[] = [];
  /** Every byte string each side sent, in order. */
  readonly serverBytes: Buffer[] = [];
  readonly clientBytes: Buffer[] = [];
  /** Both directions in the order the bytes were produced (for synthesized captures). */
  readonly transcript: Array<{ readonly from: 'client' | 'server'; readonly bytes: Buffer }> = [];
  private toServer: Buffer[] = [];
  private toClient: Buffer[] = [];

  constructor(
    readonly server: ServerSession,
    readonly client: ClientSession,
    /** Deliver bytes one at a time (exercises every split point of the reader). */
    private readonly byteByByte = false,
  ) {}

  /** Queues a client's outputs (bytes to the server, events recorded) and pumps. */
  fromClient(outputs: readonly ClientOutput[]): this {
    this.fromClientOutputs(outputs);
    return this.pump();
  }

  fromServer(outputs: readonly SessionOutput[]): this {
    this.fromServerOutputs(outputs);
    return this.pump();
  }

  private pump(): this {
    for (let rounds = 0; rounds < 1000 && (this.toServer.length > 0 || this.toClient.length > 0); rounds++) {
      const s = this.toServer;
      this.toServer = [];
      for (const b of s) for (const piece of this.split(b)) this.fromServerOutputs(this.server.receive(piece));
      const c = this.toClient;
      this.toClient = [];
      for (const b of c) for (const piece of this.split(b)) this.fromClientOutputs(this.client.receive(piece));
    }
    return this;
  }

  private split(b: Buffer): Buffer[] {
    return this.byteByByte ? [...b].map((x) => Buffer.from([x])) : [b];
  }

  private fromServerOutputs(outputs: readonly SessionOutput[]): void {
    for (const o of outputs) {
      if (o.kind === 'send') {
        this.toClient.push(o.bytes);
        this.serverBytes.push(o.bytes);
        this.transcript.push({ from: 'server', bytes: o.bytes });
      } else this.serverEvents.push(o.event);
    }
  }

  private fromClientOutputs(outputs: readonly ClientOutput[]): void {
    for (const o of outputs) {
      if (o.kind === 'send') {
        this.toServer.push(o.bytes);
        this.clientBytes.push(o.bytes);
        this.transcript.push({ from: 'client', bytes: o.bytes });
      } else this.clientEvents.push(o.event);
    }
  }

  /** The last server event of a type. */
  serverEvent<T extends ServerEvent['type']>(type: T): Extract<ServerEvent, { type: T }> {
    const e = [...this.serverEvents].reverse().find((x) => x.type === type);
    if (e === undefined) throw new Error(`no server event ${type}; got ${this.serverEvents.map((x) => x.type).join(', ')}`);
    return e as Extract<ServerEvent, { type: T }>;
  }

  clientEvent<T extends ClientEvent['type']>(type: T): Extract<ClientEvent, { type: T }> {
    const e = [...this.clientEvents].reverse().find((x) => x.type === type);
    if (e === undefined) throw new Error(`no client event ${type}; got ${this.clientEvents.map((x) => x.type).join(', ')}`);
    return e as Extract<ClientEvent, { type: T }>;
  }
}

/** A pair after the handshake. */
export function pair(
  options: { server?: Partial<ServerSessionConfig>; client?: Partial<ClientSessionConfig>; byteByByte?: boolean } = {},
): SessionPair {
  const p = new SessionPair(ServerSession.create(options.server), ClientSession.create(options.client), options.byteByByte);
  p.fromClient(p.client.start());
  return p;
}

/** A pair after handshake, connect and accept. */
export function connectedPair(
  options: Parameters<typeof pair>[0] & { commandObject?: Record<string, import('../../../src/amf/index.js').AmfValue> } = {},
): SessionPair {
  const p = pair(options);
  p.fromClient(p.client.connect({ app: 'live', tcUrl: 'rtmp://localhost/live', ...options.commandObject }));
  p.fromServer(p.server.accept(p.serverEvent('connectRequested').requestId, { information: { clientid: 'c1' } }));
  return p;
}
