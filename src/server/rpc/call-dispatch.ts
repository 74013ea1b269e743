// Client→server calls of one connection: the sandboxed lookup in the application's method table, FMS's
// built-in calls, a bound on calls running at once, and the _result/_error answer (none for transaction id 0).
import type { AmfValue } from '../../amf/index.js';
import type { ServerEvent, ServerSession, SessionOutput } from '../../rtmp/index.js';
import type { Client } from '../application.js';
import type { Logger } from '../logger.js';
import { builtinCall } from './builtin-calls.js';
import { lookupMethod } from '../../rtmp/client/method-table.js';
import { CALL_FAILED, callErrorInfo, unknownMethodInfo } from './rpc-error.js';

/** What the dispatcher needs from its connection. */
export interface CallHost {
  readonly session: ServerSession;
  readonly client: Client;
  readonly closed: boolean;
  push(outputs: readonly SessionOutput[]): void;
  notify(method: string, args: readonly AmfValue[]): void;
}

type CallReceived = Extract<ServerEvent, { type: 'callReceived' }>;
type Method = (...args: never) => unknown;

export class CallDispatcher {
  private running = 0;

  constructor(
    private readonly host: CallHost,
    private readonly methods: { readonly [name: string]: Method } | undefined,
    private readonly maxConcurrent: number,
    private readonly log: Logger,
  ) {}

  dispatch(event: CallReceived): void {
    const { host } = this;
    const expectsAnswer = event.transactionId !== 0;
    const found = lookupMethod(this.methods, event.name);
    if (!found.ok) {
      const builtin = builtinCall(event.name);
      if (builtin !== undefined) {
        const answer = builtin(event.args);
        if (expectsAnswer) host.push(host.session.reply(event.requestId, answer.result));
        if (answer.notify !== undefined) host.notify(answer.notify[0], answer.notify[1]);
        return;
      }
      this.log.debug({ method: event.name.slice(0, 64), reason: found.reason }, 'call refused');
      if (expectsAnswer) host.push(host.session.replyError(event.requestId, unknownMethodInfo(event.name)));
      return;
    }
    if (this.running >= this.maxConcurrent) {
      if (expectsAnswer) host.push(host.session.replyError(event.requestId, { level: 'error', code: CALL_FAILED, description: 'Too many calls.' }));
      return;
    }
    this.running++;
    let result: unknown;
    try {
      result = (found.fn as unknown as (...a: unknown[]) => unknown).call(this.methods, host.client, ...event.args);
    } catch (err) {
      this.done(event, false, err);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (v: unknown) => this.done(event, true, v),
        (err: unknown) => this.done(event, false, err),
      );
    } else {
      this.done(event, true, result);
    }
  }

  private done(event: CallReceived, ok: boolean, value: unknown): void {
    this.running--;
    const { host } = this;
    if (!ok) this.log.warn({ err: value, method: event.name }, 'method failed');
    if (event.transactionId === 0 || host.closed) return;
    if (!ok) return host.push(host.session.replyError(event.requestId, callErrorInfo(value)));
    let outputs: SessionOutput[];
    try {
      outputs = host.session.reply(event.requestId, (value ?? null) as AmfValue);
    } catch (err) {
      // A result AMF cannot carry (a function, a bigint, a cycle too deep) is the method's failure, not the
      // connection's; thrown from a promise callback it would even be an unhandled rejection.
      this.log.warn({ err, method: event.name }, 'method result cannot be encoded');
      outputs = host.session.replyError(event.requestId, callErrorInfo(err));
    }
    host.push(outputs);
  }
}
