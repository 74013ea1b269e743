// Errors an application method throws on purpose, and how any failure becomes the `_error` info object. Only an
// RpcError's description and details reach the client; any other exception is reported as a generic failure
// (logged on the server) so stack traces and internals never leak.
import type { AmfValue } from '../../amf/index.js';
import type { AmfRecord } from '../../rtmp/session/events.js';

export const CALL_FAILED = 'NetConnection.Call.Failed';

export class RpcError extends Error {
  /** The info object's `code`; defaults to NetConnection.Call.Failed. */
  readonly code: string;
  /** Sent as the info object's `application` property (FMS convention). */
  readonly application: AmfValue;
  constructor(description: string, options: { code?: string; application?: AmfValue } = {}) {
    super(description);
    this.name = 'RpcError';
    this.code = options.code ?? CALL_FAILED;
    this.application = options.application;
  }
}

/** The `_error` info object for a failed client→server call. */
export function callErrorInfo(error: unknown): AmfRecord {
  if (error instanceof RpcError) {
    const info: AmfRecord = { level: 'error', code: error.code, description: error.message };
    if (error.application !== undefined) info.application = error.application;
    return info;
  }
  return { level: 'error', code: CALL_FAILED, description: 'Method failed.' };
}

/** The `_error` info object for a call to a method that does not exist or may not be called. */
export function unknownMethodInfo(name: string): AmfRecord {
  return { level: 'error', code: CALL_FAILED, description: `Method not found (${name.slice(0, 64)}).` };
}
