// The RPC sandbox rule, for both ends of an RTMP connection (the server's application `methods` table and the
// Node client's `client` handlers; the remoting gateway keeps the same rule): the peer can reach only functions
// that are own data properties of the explicit table, never anything through a prototype ('constructor',
// 'toString', '__proto__'), never a getter, never a name starting with '_' (RTMP's own _result/_error and private
// helpers), and the wire text is never used to walk an object graph.

export type MethodLookup<F> = { readonly ok: true; readonly fn: F } | { readonly ok: false; readonly reason: string };

/** Longest callable method name. */
const MAX_METHOD_NAME_LENGTH = 256;

export function lookupMethod<F extends (...args: never) => unknown>(
  table: { readonly [name: string]: F } | undefined,
  name: unknown,
): MethodLookup<F> {
  if (typeof name !== 'string' || name.length === 0) return { ok: false, reason: 'method name is not a string' };
  if (name.length > MAX_METHOD_NAME_LENGTH) return { ok: false, reason: 'method name too long' };
  if (name.startsWith('_')) return { ok: false, reason: `method '${name}' is not callable` };
  if (table === undefined || !Object.hasOwn(table, name)) return { ok: false, reason: `unknown method '${name}'` };
  const desc = Object.getOwnPropertyDescriptor(table, name);
  // Accessors are refused too: a getter would run application code chosen by the wire text.
  if (desc === undefined || !('value' in desc) || typeof desc.value !== 'function') {
    return { ok: false, reason: `unknown method '${name}'` };
  }
  return { ok: true, fn: desc.value as F };
}
