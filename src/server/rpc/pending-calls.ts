// Server→client calls waiting for the client's _result/_error, each with its own deadline.
import type { AmfValue } from '../../amf/index.js';
import { ServerError } from '../errors.js';

interface Pending {
  readonly resolve: (value: AmfValue) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  readonly method: string;
}

/** The error a failed call rejects with; `info` is the client's _error object. */
export class CallFailedError extends ServerError {
  constructor(
    message: string,
    readonly info: AmfValue,
  ) {
    super('SERVER_ERR_CALL_FAILED', message);
    this.name = 'CallFailedError';
  }
}

export class PendingCalls {
  private readonly pending = new Map<number, Pending>();

  get size(): number {
    return this.pending.size;
  }

  /**
   * Registers call `callId`; the promise settles with answer(), on timeout or on closeAll(). The caller bounds
   * the count (before the call is even sent).
   */
  add(callId: number, method: string, timeoutMs: number, onTimeout?: () => void): Promise<AmfValue> {
    return new Promise<AmfValue>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(callId);
        onTimeout?.();
        reject(new ServerError('SERVER_ERR_CALL_TIMEOUT', `call '${method}' got no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(callId, { resolve, reject, timer, method });
    });
  }

  /** Settles call `callId` from the client's answer; false when no such call is waiting (late or bogus). */
  answer(callId: number, ok: boolean, args: readonly AmfValue[]): boolean {
    const p = this.pending.get(callId);
    if (p === undefined) return false;
    this.pending.delete(callId);
    clearTimeout(p.timer);
    if (ok) p.resolve(args[0]);
    else p.reject(new CallFailedError(`call '${p.method}' failed on the client`, args[0]));
    return true;
  }

  /** Rejects every waiting call (the connection closed). */
  closeAll(reason: string): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new ServerError('SERVER_ERR_CLOSED', `connection closed before '${p.method}' was answered: ${reason}`));
    }
    this.pending.clear();
  }
}
