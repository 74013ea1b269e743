// Handshake randomness from a pool: S1/S2 need 3 KiB of random bytes per connection, and one
// crypto.randomFillSync per 64 KiB costs far less than two crypto.randomBytes calls per handshake. The bytes
// are not a secret of the protocol (they are sent in clear); they only need to be unpredictable enough for the
// digest scheme, which a CSPRNG pool gives.
import { randomFillSync } from 'node:crypto';

export function pooledRandomBytes(poolSize = 64 * 1024): (n: number) => Buffer {
  const pool = Buffer.allocUnsafe(poolSize);
  let offset = poolSize;
  return (n: number): Buffer => {
    if (n > poolSize) return randomFillSync(Buffer.allocUnsafe(n));
    if (offset + n > poolSize) {
      randomFillSync(pool);
      offset = 0;
    }
    const out = Buffer.allocUnsafe(n);
    pool.copy(out, 0, offset, offset + n);
    offset += n;
    return out;
  };
}
