// Errors of the server layer. Each carries a stable code so logs, tests and callers can branch on it.

export type ServerErrorCode =
  | 'SERVER_ERR_STREAM_NAME'
  | 'SERVER_ERR_APP_PATH'
  | 'SERVER_ERR_CONFIG'
  | 'SERVER_ERR_APP_LOAD'
  | 'SERVER_ERR_CALL_TIMEOUT'
  | 'SERVER_ERR_CALL_FAILED'
  | 'SERVER_ERR_CLOSED'
  | 'SERVER_ERR_LIMIT';

export class ServerError extends Error {
  readonly code: ServerErrorCode | StreamNameErrorCode;
  constructor(code: ServerErrorCode | StreamNameErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServerError';
    this.code = code;
  }
}

/** A stream name a client sent that cannot be resolved safely (traversal, bad characters, too long, …). */
export class StreamNameError extends ServerError {
  constructor(code: StreamNameErrorCode, message: string) {
    super(code, message);
    this.name = 'StreamNameError';
  }
}

export type StreamNameErrorCode =
  | 'STREAM_NAME_ERR_EMPTY'
  | 'STREAM_NAME_ERR_TOO_LONG'
  | 'STREAM_NAME_ERR_BAD_CHAR'
  | 'STREAM_NAME_ERR_TRAVERSAL'
  | 'STREAM_NAME_ERR_ENCODED'
  | 'STREAM_NAME_ERR_WRONG_APP'
  | 'STREAM_NAME_ERR_QUERY';
