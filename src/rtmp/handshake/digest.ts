// The Flash Player 9 handshake digest. C1 and S1 carry a 32-byte HMAC-SHA256 digest of the other 1504 bytes,
// placed at an offset computed from four bytes of the packet. Two placement schemes exist in the wild:
//   scheme 0: offset bytes at 8..11,   digest at (sum % 728) + 12   (what ffmpeg and Flash Player 9 use)
//   scheme 1: offset bytes at 772..775, digest at (sum % 728) + 776 (Flash Player 10+ and librtmp's default)
// S2/C2 end with an HMAC of their first 1504 bytes keyed by HMAC(full key, the other side's C1/S1 digest).
import { createHash, createHmac, type Hash, timingSafeEqual } from 'node:crypto';
import { DIGEST_SIZE, HANDSHAKE_SIZE } from './constants.js';

/**
 * HMAC-SHA256 under a fixed key with the key schedule done once (RFC 2104: the hash states after the padded
 * inner and outer keys are kept and copied per use). The handshake keys never change, and this halves the cost
 * of each digest, which every connection pays several times.
 */
export class FixedKeyHmac {
  private readonly inner: Hash;
  private readonly outer: Hash;

  constructor(key: Buffer) {
    const block = Buffer.alloc(64);
    (key.length > 64 ? createHash('sha256').update(key).digest() : key).copy(block);
    const pad = (x: number): Buffer => Buffer.from(block.map((b) => b ^ x));
    this.inner = createHash('sha256').update(pad(0x36));
    this.outer = createHash('sha256').update(pad(0x5c));
  }

  digest(...parts: Buffer[]): Buffer {
    const h = this.inner.copy();
    for (const p of parts) h.update(p);
    return this.outer.copy().update(h.digest()).digest();
  }
}

const precomputed = new Map<Buffer, FixedKeyHmac>();

/** The precomputed HMAC for a key object (handshake keys are module constants, so this map stays tiny). */
function hmacFor(key: Buffer): FixedKeyHmac {
  let h = precomputed.get(key);
  if (h === undefined) {
    h = new FixedKeyHmac(key);
    if (precomputed.size < 16) precomputed.set(key, h);
  }
  return h;
}

export type DigestScheme = 0 | 1;

/** Where the digest sits in a 1536-byte C1/S1 under a scheme. */
export function digestOffset(packet: Buffer, scheme: DigestScheme): number {
  const base = scheme === 0 ? 8 : 772;
  const sum = packet[base] + packet[base + 1] + packet[base + 2] + packet[base + 3];
  return (sum % 728) + base + 4;
}

/** HMAC-SHA256 of the packet without the 32 digest bytes at `offset`. */
export function computeDigest(packet: Buffer, offset: number, key: Buffer): Buffer {
  return hmacFor(key).digest(packet.subarray(0, offset), packet.subarray(offset + DIGEST_SIZE, HANDSHAKE_SIZE));
}

/** Finds a valid digest under either scheme; returns its scheme and bytes, or undefined. */
export function findDigest(packet: Buffer, key: Buffer): { scheme: DigestScheme; digest: Buffer } | undefined {
  // Scheme 1 is tried first: a random packet matching by chance under both is a 2^-256 event.
  for (const scheme of [1, 0] as const) {
    const offset = digestOffset(packet, scheme);
    const expected = computeDigest(packet, offset, key);
    const actual = packet.subarray(offset, offset + DIGEST_SIZE);
    if (timingSafeEqual(expected, actual)) return { scheme, digest: Buffer.from(actual) };
  }
  return undefined;
}

/** Writes the digest into `packet` (in place) under `scheme`; returns the digest. */
export function imprintDigest(packet: Buffer, scheme: DigestScheme, key: Buffer): Buffer {
  const offset = digestOffset(packet, scheme);
  const digest = computeDigest(packet, offset, key);
  digest.copy(packet, offset);
  return digest;
}

/** The signature that ends S2 (or C2): HMAC(HMAC(fullKey, peerDigest), packet[0..1504]). */
export function responseSignature(packet: Buffer, fullKey: Buffer, peerDigest: Buffer): Buffer {
  const key = hmacFor(fullKey).digest(peerDigest);
  return createHmac('sha256', key).update(packet.subarray(0, HANDSHAKE_SIZE - DIGEST_SIZE)).digest();
}

/** Signs S2/C2 in place. */
export function signResponse(packet: Buffer, fullKey: Buffer, peerDigest: Buffer): void {
  responseSignature(packet, fullKey, peerDigest).copy(packet, HANDSHAKE_SIZE - DIGEST_SIZE);
}

/** Checks the signature that ends S2/C2. */
export function verifyResponse(packet: Buffer, fullKey: Buffer, peerDigest: Buffer): boolean {
  return timingSafeEqual(
    responseSignature(packet, fullKey, peerDigest),
    packet.subarray(HANDSHAKE_SIZE - DIGEST_SIZE, HANDSHAKE_SIZE),
  );
}
