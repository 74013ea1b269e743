// The plain RTMP handshake (specification 5.2): S1 = time, four zero bytes, random; S2 echoes C1 (and C2 echoes
// S1). The zero version field tells the peer not to look for a digest.
import { HANDSHAKE_SIZE } from './constants.js';

/** A simple C1/S1: 4-byte time, zero version, random bytes. */
export function simplePacket(time: number, randomBytes: (n: number) => Buffer): Buffer {
  const packet = Buffer.alloc(HANDSHAKE_SIZE);
  packet.writeUInt32BE(time >>> 0, 0);
  randomBytes(HANDSHAKE_SIZE - 8).copy(packet, 8);
  return packet;
}

/** S2 (or C2) of the simple form: an exact echo of the peer's C1 (or S1). */
export function simpleEcho(peerPacket: Buffer): Buffer {
  return Buffer.from(peerPacket.subarray(0, HANDSHAKE_SIZE));
}
