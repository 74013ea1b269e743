// Two error kinds, as in h11: the peer broke the protocol (RemoteProtocolError → 'protocolError' event and a
// closed connection) or our caller misused the API (LocalProtocolError, thrown). Codes are stable strings.

/** Stable codes of RTMP protocol errors. */
export const RtmpErrorCode = {
  BadHandshakeVersion: 'RTMP_ERR_BAD_HANDSHAKE_VERSION',
  BadHandshakeDigest: 'RTMP_ERR_BAD_HANDSHAKE_DIGEST',
  BadChunkSize: 'RTMP_ERR_BAD_CHUNK_SIZE',
  MessageTooLarge: 'RTMP_ERR_MESSAGE_TOO_LARGE',
  TooManyChunkStreams: 'RTMP_ERR_TOO_MANY_CHUNK_STREAMS',
  TooMuchBuffered: 'RTMP_ERR_TOO_MUCH_BUFFERED',
  NoPreviousHeader: 'RTMP_ERR_NO_PREVIOUS_HEADER',
  BadMessage: 'RTMP_ERR_BAD_MESSAGE',
  BadCommand: 'RTMP_ERR_BAD_COMMAND',
  BadAmf: 'RTMP_ERR_BAD_AMF',
  NotConnected: 'RTMP_ERR_NOT_CONNECTED',
  AlreadyConnected: 'RTMP_ERR_ALREADY_CONNECTED',
  TooManyPendingRequests: 'RTMP_ERR_TOO_MANY_PENDING_REQUESTS',
  BadUrl: 'RTMP_ERR_BAD_URL',
  BadState: 'RTMP_ERR_BAD_STATE',
  BadArgument: 'RTMP_ERR_BAD_ARGUMENT',
  /** A session config value of the wrong type or out of range (ServerSession.create / ClientSession.create). */
  BadConfig: 'RTMP_ERR_BAD_CONFIG',
} as const;
export type RtmpErrorCodeValue = (typeof RtmpErrorCode)[keyof typeof RtmpErrorCode];

/** The peer sent something the protocol does not allow. The connection cannot continue. */
export class RemoteProtocolError extends Error {
  readonly code: string;
  constructor(message: string, options: { code: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RemoteProtocolError';
    this.code = options.code;
  }
}

/** Our caller used the API wrongly (answered an unknown request, sent before connecting, …). */
export class LocalProtocolError extends Error {
  readonly code: string;
  constructor(message: string, options: { code: string }) {
    super(message);
    this.name = 'LocalProtocolError';
    this.code = options.code;
  }
}
