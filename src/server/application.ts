// The FMS-like application API: what user applications are written against. An application is a plain object
// (see defineApplication) with lifecycle hooks and an explicit table of client-callable methods. Nothing is ever
// looked up from wire text on anything but that table's own properties (the remoting gateway's sandbox rule).
import type { AmfValue } from '../amf/index.js';
import type { AmfRecord, PublishMode } from '../rtmp/session/events.js';
import type { MethodArgs, MethodName, MethodResult, RpcMethods, UntypedMethods } from '../rtmp/client/rpc-types.js';
import type { StreamName } from './stream-name.js';
import type { StreamEventHandler } from './stream-handler.js';

export type { MethodArgs, MethodName, MethodResult, RpcMethods, UntypedMethods } from '../rtmp/client/rpc-types.js';

/** How onConnect answers. `undefined`/`true`/`{accept}` accept; `false`/`{reject}` reject; `{redirect}` redirects. */
export type ConnectDecision =
  | void
  | boolean
  | {
      readonly accept: true;
      /** Merged into the _result's properties object (after fmsVer, capabilities, mode). */
      readonly properties?: AmfRecord;
      /** Merged into the _result's information object (after level, code, description, …). */
      readonly information?: AmfRecord;
    }
  | {
      /** The description sent to the client (NetConnection.Connect.Rejected). */
      readonly reject: string;
      /** FMS's rejectConnection(client, errObj): sent as the info object's `application` property. */
      readonly application?: AmfValue;
    }
  | {
      /** FMS's redirectConnection: Rejected with `ex: {code: 302, redirect: url}`. */
      readonly redirect: string;
      readonly description?: string;
    };

/** How onPublish / onPlay answer. `undefined`/`true` accept; `false`/`{reject}` refuse; `{rename}` maps the name. */
export type StreamDecision =
  | void
  | boolean
  | {
      /** The description sent with the refusal. */
      readonly reject: string;
      /** The onStatus code; defaults to NetStream.Publish.BadName or NetStream.Play.Failed. */
      readonly code?: string;
    }
  | {
      /** Publish/play under this name instead (e.g. a stream key mapped to a public name). Resolved like a sent name. */
      readonly rename: string;
    };

export interface PublishRequest {
  readonly streamId: number;
  /** The resolved name; `stream.query` holds tokens such as `?key=…`. */
  readonly stream: StreamName;
  readonly mode: PublishMode;
}

export interface PlayRequest {
  readonly streamId: number;
  readonly stream: StreamName;
  /** -2 live or recorded, -1 live only, >= 0 recorded from this many ms. */
  readonly start: number;
  /** -1 to the end, 0 one frame, > 0 this many ms. */
  readonly duration: number;
  readonly reset: boolean;
}

/** A stream a client published or played, as onUnpublish / onStop see it. */
export interface StreamInfo {
  readonly streamId: number;
  readonly stream: StreamName;
  readonly direction: 'publish' | 'play';
}

/** What the client sent in `connect`, parsed. */
export interface ConnectInfo {
  /** The command object's `app` as sent. */
  readonly app: string;
  readonly tcUrl: string;
  readonly swfUrl?: string;
  readonly pageUrl?: string;
  readonly flashVer?: string;
  readonly objectEncoding: 0 | 3;
  /** Query parameters of tcUrl / app (first value wins), in an object without a prototype. */
  readonly query: Readonly<Record<string, string>>;
  /** The whole command object, for anything else. */
  readonly commandObject: AmfRecord;
}

/** One connected client, as application code sees it (FMS's Client object). */
export interface Client<ClientMethods extends RpcMethods<ClientMethods> = UntypedMethods> {
  /** Unique per server run; also sent to the client as `clientid`. */
  readonly id: string;
  /** Remote IP address. */
  readonly ip: string;
  /** The application's name. */
  readonly app: string;
  readonly instance: AppInstance<ClientMethods>;
  readonly connect: ConnectInfo;
  /** The extra arguments of NetConnection.connect(url, ...args). */
  readonly connectArgs: readonly AmfValue[];
  /** Per-client state for the application; the server never reads it. */
  readonly state: Map<string, unknown>;
  /**
   * Calls a method on the client (its NetConnection's client object). Resolves with the first value of the
   * client's _result; rejects with a ServerError on _error (SERVER_ERR_CALL_FAILED, `info` set), on timeout
   * (SERVER_ERR_CALL_TIMEOUT) or when the connection closes (SERVER_ERR_CLOSED).
   */
  call<K extends MethodName<ClientMethods>>(
    method: K,
    ...args: MethodArgs<ClientMethods, K>
  ): Promise<MethodResult<ClientMethods, K>>;
  /** Calls a method on the client without waiting for an answer (transaction id 0). */
  notify<K extends MethodName<ClientMethods>>(method: K, ...args: MethodArgs<ClientMethods, K>): void;
  /** Disconnects the client. */
  close(reason?: string): void;
}

/** One instance of an application (`rtmp://host/app/instance`, default `_definst_`). */
export interface AppInstance<ClientMethods extends RpcMethods<ClientMethods> = UntypedMethods> {
  readonly application: ApplicationDefinition;
  /** Instance name ('_definst_', 'room1', …). */
  readonly name: string;
  /** Connected (accepted) clients by id. */
  readonly clients: ReadonlyMap<string, Client<ClientMethods>>;
  /** Per-instance state for the application. */
  readonly state: Map<string, unknown>;
  /** The folder holding this application's files (`<media>/<app>/`). */
  readonly mediaDir: string;
  /**
   * Calls a method on every connected client of this instance without waiting for answers (transaction id 0). The
   * call is encoded once per AMF encoding and chunk size and the same bytes go to every client (chunk stream 8),
   * in order behind what each client was sent before. Throws, with nothing sent, when the arguments cannot be
   * encoded (AmfEncodeError) or exceed an RTMP message (SERVER_ERR_LIMIT).
   */
  broadcast<K extends MethodName<ClientMethods>>(method: K, ...args: MethodArgs<ClientMethods, K>): void;
}

/** Client-callable methods: each receives the calling client first, then the call's arguments. */
export type ServerMethodTable<ServerMethods, ClientMethods extends RpcMethods<ClientMethods>> = {
  // Wrapped in a method signature so that parameters compare bivariantly, like the hooks: a typed application
  // then fits wherever an untyped one is expected (server options, registries).
  readonly [K in keyof ServerMethods]: {
    method(
      client: Client<ClientMethods>,
      ...args: MethodArgs<ServerMethods, K>
    ): MethodResult<ServerMethods, K> | Promise<MethodResult<ServerMethods, K>>;
  }['method'];
};

export interface ApplicationOptions {
  /** Call `onBWDone` on each client right after it connects (librtmp and old players expect it). Defaults to false. */
  readonly callOnBWDone?: boolean;
  /** Timeout of client.call(), in ms. Defaults to the server's rpcTimeoutMs (10 s). */
  readonly callTimeoutMs?: number;
}

/**
 * An application. `ServerMethods` declares what clients may call (`methods`); `ClientMethods` declares what the
 * application calls on clients (`client.call`, `instance.broadcast`). Both default to untyped AMF tables.
 */
export interface ApplicationDefinition<
  ServerMethods extends RpcMethods<ServerMethods> = UntypedMethods,
  ClientMethods extends RpcMethods<ClientMethods> = UntypedMethods,
> {
  /** The application name clients connect to ('live', 'vod', 'chat', …); matched case-insensitively. */
  readonly name: string;
  readonly options?: ApplicationOptions;
  /**
   * The stream handler for this application's streams (e.g. VOD for `vod`). Defaults to the server's
   * `streamHandler` option (the live handler in the CLI).
   */
  readonly streams?: StreamEventHandler;
  /** Once per instance, before its first client is offered to onConnect. */
  onAppStart?(instance: AppInstance<ClientMethods>): void | Promise<void>;
  /** When the instance's last client has gone. */
  onAppStop?(instance: AppInstance<ClientMethods>): void | Promise<void>;
  onConnect?(client: Client<ClientMethods>, ...args: AmfValue[]): ConnectDecision | Promise<ConnectDecision>;
  onDisconnect?(client: Client<ClientMethods>): void;
  /** The only methods clients can call; own properties only, names starting with '_' are never callable. */
  readonly methods?: ServerMethodTable<ServerMethods, ClientMethods>;
  onPublish?(client: Client<ClientMethods>, request: PublishRequest): StreamDecision | Promise<StreamDecision>;
  onUnpublish?(client: Client<ClientMethods>, stream: StreamInfo): void;
  onPlay?(client: Client<ClientMethods>, request: PlayRequest): StreamDecision | Promise<StreamDecision>;
  onStop?(client: Client<ClientMethods>, stream: StreamInfo): void;
}

/** Identity function that infers an application's method types (`defineApplication<Server, Client>({...})`). */
export function defineApplication<
  ServerMethods extends RpcMethods<ServerMethods> = UntypedMethods,
  ClientMethods extends RpcMethods<ClientMethods> = UntypedMethods,
>(definition: ApplicationDefinition<ServerMethods, ClientMethods>): ApplicationDefinition<ServerMethods, ClientMethods> {
  return definition;
}
