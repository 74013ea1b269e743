// Errors of the Node RTMP client. Codes are stable strings.
import type { AmfValue } from '../../amf/index.js';

export type ClientErrorCode =
  | 'RTMP_CLIENT_ERR_CONNECT_REJECTED'
  | 'RTMP_CLIENT_ERR_CONNECT_TIMEOUT'
  | 'RTMP_CLIENT_ERR_CALL_FAILED'
  | 'RTMP_CLIENT_ERR_CALL_TIMEOUT'
  | 'RTMP_CLIENT_ERR_STREAM_FAILED'
  | 'RTMP_CLIENT_ERR_CLOSED'
  | 'RTMP_CLIENT_ERR_NOT_CONNECTED'
  | 'RTMP_CLIENT_ERR_PROTOCOL';

export class RtmpClientError extends Error {
  readonly code: ClientErrorCode;
  /** The server's info object (connect _error, call _error, error onStatus), when there is one. */
  readonly info: AmfValue;
  constructor(code: ClientErrorCode, message: string, info: AmfValue = undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RtmpClientError';
    this.code = code;
    this.info = info;
  }
}

/** `info.code` when `info` is an object carrying a string code. */
export function infoCode(info: AmfValue): string | undefined {
  if (typeof info === 'object' && info !== null && typeof (info as { code?: unknown }).code === 'string') {
    return (info as { code: string }).code;
  }
  return undefined;
}
