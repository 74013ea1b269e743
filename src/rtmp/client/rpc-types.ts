// Types shared by both ends of a typed RPC: an application declares the methods clients may call on it and the
// methods it calls on clients as plain TypeScript interfaces; the server API and the Node client derive their
// call signatures from the same interfaces. At run time everything is AMF: the types are a declaration, not a
// validation, so methods must still check what they receive.
import type { AmfValue } from '../../amf/index.js';

/** A method table with no declared types: any name, AMF values in and out. */
export interface UntypedMethods {
  [name: string]: (...args: AmfValue[]) => unknown;
}

/**
 * The constraint on a declared method table. Written as a mapped type (not an index signature) so that plain
 * interfaces such as `interface Chat { send(text: string): void }` satisfy it.
 */
export type RpcMethods<T> = { [K in keyof T]: (...args: never) => unknown };

/** Names callable on a method table (string keys only: RPC names travel as AMF strings). */
export type MethodName<T> = Extract<keyof T, string>;

/** The declared arguments of method `K`. */
export type MethodArgs<T, K extends keyof T> = T[K] extends (...args: infer A) => unknown ? A : never;

/** What a call to `K` resolves to: the method's declared result, unwrapped from a Promise. */
export type MethodResult<T, K extends keyof T> = T[K] extends (...args: never) => infer R ? Awaited<R> : never;
