// Sync-or-async results: calls that return plain values are answered without creating promises.
export function isThenable<T = unknown>(v: unknown): v is PromiseLike<T> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}
