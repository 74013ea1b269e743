// Calls that clients make to any FMS application without the application declaring them. Answering them keeps
// clients on their happy path (librtmp logs "rtmp server sent error" on an _error to FCSubscribe). An
// application that declares a method of the same name takes precedence (except '_' names, never app-callable).
import type { AmfValue } from '../../amf/index.js';

export interface BuiltinAnswer {
  /** The _result value, when the caller expects one. */
  readonly result: AmfValue;
  /** A call on the client to make afterwards (method, args), e.g. onFCSubscribe. */
  readonly notify?: readonly [string, readonly AmfValue[]];
}

type Builtin = (args: readonly AmfValue[]) => BuiltinAnswer;

const nameOf = (args: readonly AmfValue[]): string => (typeof args[0] === 'string' ? args[0].slice(0, 1024) : '');

const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  // Akamai/FMS edge subscription (librtmp sends it for live playback): confirm as FMS does.
  ['FCSubscribe', (args) => ({ result: null, notify: ['onFCSubscribe', [{ code: 'NetStream.Play.Start', description: nameOf(args) }]] })],
  ['FCUnsubscribe', (args) => ({ result: null, notify: ['onFCUnsubscribe', [{ code: 'NetStream.Play.Stop', description: nameOf(args) }]] })],
  // The answer to onBWDone in librtmp and old players; nothing to measure, just acknowledge.
  ['_checkbw', () => ({ result: null })],
]);

export function builtinCall(name: string): Builtin | undefined {
  return BUILTINS.get(name);
}
