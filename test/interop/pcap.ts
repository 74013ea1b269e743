// Records a TCP conversation through a relay and writes it as a pcap file (raw IPv4, a synthetic 3-way handshake,
// correct sequence numbers), so tshark can dissect exactly what our server said without capture privileges.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface Segment {
  readonly fromClient: boolean;
  readonly bytes: Buffer;
}

export interface Relay {
  readonly port: number;
  readonly segments: Segment[];
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:0 and forwards every connection to targetPort, recording both directions in order. */
export function startRelay(targetPort: number): Promise<Relay> {
  const segments: Segment[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (b: Buffer) => {
      segments.push({ fromClient: true, bytes: Buffer.from(b) });
      upstream.write(b);
    });
    upstream.on('data', (b: Buffer) => {
      segments.push({ fromClient: false, bytes: Buffer.from(b) });
      client.write(b);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      resolve({
        port,
        segments,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

const CLIENT = [10, 0, 0, 1];
const SERVER = [10, 0, 0, 2];

/** A pcap (LINKTYPE_RAW) of one TCP connection client:50000 → server:serverPort carrying the segments. */
export function toPcap(segments: readonly Segment[], serverPort = 1935): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(101, 20); // raw IP
  parts.push(header);
  let clientSeq = 1000;
  let serverSeq = 5000;
  let time = 0;
  const packet = (fromClient: boolean, flags: number, payload: Buffer): void => {
    const seq = fromClient ? clientSeq : serverSeq;
    const ack = fromClient ? serverSeq : clientSeq;
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(40 + payload.length, 2);
    ip[8] = 64;
    ip[9] = 6;
    Buffer.from(fromClient ? CLIENT : SERVER).copy(ip, 12);
    Buffer.from(fromClient ? SERVER : CLIENT).copy(ip, 16);
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += ip.readUInt16BE(i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    ip.writeUInt16BE(~sum & 0xffff, 10);
    const tcp = Buffer.alloc(20);
    tcp.writeUInt16BE(fromClient ? 50000 : serverPort, 0);
    tcp.writeUInt16BE(fromClient ? serverPort : 50000, 2);
    tcp.writeUInt32BE(seq >>> 0, 4);
    tcp.writeUInt32BE(ack >>> 0, 8);
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    tcp.writeUInt16BE(65535, 14);
    const rec = Buffer.alloc(16);
    time += 1000;
    rec.writeUInt32LE(Math.floor(time / 1e6), 0);
    rec.writeUInt32LE(time % 1e6, 4);
    rec.writeUInt32LE(40 + payload.length, 8);
    rec.writeUInt32LE(40 + payload.length, 12);
    parts.push(rec, ip, tcp, payload);
    const advance = payload.length + (flags & 0x03 ? 1 : 0); // SYN and FIN take one sequence number
    if (fromClient) clientSeq += advance;
    else serverSeq += advance;
  };
  const SYN = 0x02;
  const ACK = 0x10;
  const PSH = 0x08;
  packet(true, SYN, Buffer.alloc(0));
  packet(false, SYN | ACK, Buffer.alloc(0));
  packet(true, ACK, Buffer.alloc(0));
  for (const s of segments) {
    for (let off = 0; off < s.bytes.length; off += 16000) packet(s.fromClient, PSH | ACK, s.bytes.subarray(off, off + 16000));
  }
  return Buffer.concat(parts);
}
