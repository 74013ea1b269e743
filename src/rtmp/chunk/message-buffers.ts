// Where multi-chunk messages are reassembled. Allocating an ArrayBuffer per message costs more than parsing its
// chunks, so messages up to POOLED_MAX bytes are carved out of a process-wide slab (as Node's own Buffer pool
// does for small buffers, with a larger threshold); bigger ones get their own buffer. Carving is synchronous and
// regions never overlap, so readers of all connections can share one slab; a retained payload keeps at most
// its slab alive.

const SLAB_SIZE = 256 * 1024;
/** Largest message carved from the shared slab. */
export const POOLED_MAX = 32 * 1024;

let slab: Buffer = Buffer.alloc(0);
let used = 0;

/** An uninitialised buffer of `length` bytes for a message being reassembled. */
export function messageBuffer(length: number): Buffer {
  if (length > POOLED_MAX) return Buffer.allocUnsafe(length);
  if (used + length > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    used = 0;
  }
  const b = slab.subarray(used, used + length);
  // Keep regions 8-byte aligned, as Node's pool does.
  used += (length + 7) & ~7;
  return b;
}
