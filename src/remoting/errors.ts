// Two kinds of error live here: RemotingError is a broken packet or a misuse of the API (stable `code`, like the
// codec's AMF_ERR_*); RemotingFault is what a service throws on purpose, and the only error whose text reaches
// the client when debug is off.

/** Stable codes of RemotingError. */
export type RemotingErrorCode =
  | 'REMOTING_ERR_BAD_VERSION'
  | 'REMOTING_ERR_TRUNCATED'
  | 'REMOTING_ERR_TOO_MANY_HEADERS'
  | 'REMOTING_ERR_TOO_MANY_BODIES'
  | 'REMOTING_ERR_TRAILING_BYTES'
  | 'REMOTING_ERR_BAD_VALUE'
  | 'REMOTING_ERR_BAD_SERVICE'
  | 'REMOTING_ERR_FORBIDDEN_NAME'
  | 'REMOTING_ERR_HTTP'
  | 'REMOTING_ERR_BAD_RESPONSE'
  | 'REMOTING_ERR_CLOSED';

export class RemotingError extends Error {
  override readonly name = 'RemotingError';
  readonly code: RemotingErrorCode;
  /** Byte offset in the packet where decoding failed, when it applies. */
  readonly offset: number | undefined;

  constructor(code: RemotingErrorCode, message: string, options: { offset?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.offset = options.offset;
  }
}

/**
 * Throw this from a service method to send the client a fault with your own code and text. Anything else a
 * service throws is reported as `Server.Processing` with a generic description unless the gateway runs in debug.
 */
export class RemotingFault extends Error {
  override readonly name = 'RemotingFault';
  /** Fault code, e.g. `App.NotFound`; Flex shows it as `faultCode`. */
  readonly code: string;
  /** Extra detail text (Flex `faultDetail`, AMF0 `details`). */
  readonly details: string;
  /** An optional value sent to Flex clients as `rootCause` / AMF0 `rootCause`; keep it small and plain. */
  readonly rootCause: unknown;

  constructor(code: string, message: string, details = '', rootCause: unknown = null) {
    super(message);
    this.code = code;
    this.details = details;
    this.rootCause = rootCause;
  }
}

/** Fault codes the gateway itself sends (BlazeDS' names where one exists, so Flex apps' handlers still match). */
export const FaultCodes = {
  /** Unknown service or method, or a method outside the allowlist. */
  notFound: 'Server.ResourceUnavailable',
  /** Wrong argument count or type. */
  badArguments: 'Client.Call.BadArguments',
  /** Login failed or credentials missing where required. */
  authentication: 'Client.Authentication',
  /** Logged in but not allowed. */
  authorization: 'Client.Authorization',
  /** A service threw something that is not a RemotingFault. */
  processing: 'Server.Processing',
  /** A message the gateway does not understand (bad Flex message, unknown command). */
  badMessage: 'Client.Message.Invalid',
  /** A header marked mustUnderstand that the gateway does not know. */
  mustUnderstand: 'Client.Header.MustUnderstand',
} as const;
