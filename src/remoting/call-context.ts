// What a service method sees besides its arguments: who calls, the session, and a small typed API for the
// response headers that make the Flash client do something (the remoting "call the client back" mechanism).
import type { AmfValue } from '../amf/index.js';
import type { RemotingHeader } from './envelope.js';
import type { Session } from './sessions.js';

/** Transport facts the HTTP glue hands to the gateway. */
export interface GatewayRequest {
  /** Session id the client presented (cookie or gateway URL parameter), not yet validated. */
  readonly sessionId?: string | undefined;
  readonly remoteAddress?: string | undefined;
  /** The HTTP request headers (lower-case names), for services that need them. */
  readonly httpHeaders?: Readonly<Record<string, string | string[] | undefined>>;
  /** Whether the client's gateway URL already has a query string (decides `?` or `&` in AppendToGatewayUrl). */
  readonly urlHasQuery?: boolean;
  /**
   * The absolute gateway URL the client posted to, given by the HTTP glue when it carries the session URL
   * parameter: a new session then replaces that parameter (ReplaceGatewayUrl) instead of appending another.
   */
  readonly gatewayUrl?: string | undefined;
}

export interface CallContext {
  readonly service: string;
  readonly method: string;
  /** True when the call came as a Flex RemotingMessage. */
  readonly flex: boolean;
  /** The authenticated user, if any. */
  readonly user: string | undefined;
  readonly roles: readonly string[];
  /** The request's AMF headers by name (Credentials is removed). */
  readonly headers: ReadonlyMap<string, AmfValue>;
  readonly request: GatewayRequest;
  /** The current session, created on demand when `create` is true. */
  session(create?: boolean): Session | undefined;
  /** Ends the session (logout). */
  endSession(): void;
  /** Response header AppendToGatewayUrl: the client appends `suffix` to its gateway URL for later calls. */
  appendToGatewayUrl(suffix: string): void;
  /** Response header ReplaceGatewayUrl: the client uses `url` for later calls. */
  replaceGatewayUrl(url: string): void;
  /** Response header RequestPersistentHeader: the client sends header `name` with every later request. */
  requestPersistentHeader(name: string, value: AmfValue, mustUnderstand?: boolean): void;
  /** Any other response header; AS2 clients call the method of that name on the NetConnection's client. */
  callClient(name: string, value: AmfValue, mustUnderstand?: boolean): void;
}

/** Collects response headers for one envelope, in the order services added them. */
export class ResponseHeaders {
  readonly list: RemotingHeader[] = [];

  add(name: string, value: AmfValue, mustUnderstand = false): void {
    this.list.push({ name, mustUnderstand, value });
  }

  appendToGatewayUrl(suffix: string): void {
    this.add('AppendToGatewayUrl', suffix);
  }

  replaceGatewayUrl(url: string): void {
    this.add('ReplaceGatewayUrl', url);
  }

  requestPersistentHeader(name: string, value: AmfValue, mustUnderstand = false): void {
    // The value is itself a header description, as Flash Player expects: {name, mustUnderstand, data}.
    this.add('RequestPersistentHeader', { name, mustUnderstand, data: value });
  }
}
