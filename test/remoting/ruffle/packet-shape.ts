// The fixed start of an AMF packet (AMF 0 spec, 4.1 "AMF Packet"): u16 version, u16 header count,
// headers, u16 message count. The tests only need the version and, when there are no headers (Ruffle
// sends none), the number of messages, so this reads no values.
export interface PacketShape {
  readonly version: number;
  readonly headerCount: number;
  /** Known only when headerCount is 0. */
  readonly messageCount: number | undefined;
}

export function packetShape(bytes: Buffer): PacketShape {
  if (bytes.length < 4) throw new Error(`not an AMF packet: ${bytes.length} bytes`);
  const version = bytes.readUInt16BE(0);
  const headerCount = bytes.readUInt16BE(2);
  const messageCount = headerCount === 0 && bytes.length >= 6 ? bytes.readUInt16BE(4) : undefined;
  return { version, headerCount, messageCount };
}

/** Hex with a space every 16 bytes, for diagnostics. */
export function spacedHex(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return hex.replace(/(.{32})(?=.)/g, '$1 ');
}
