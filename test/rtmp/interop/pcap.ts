// Writes a TCP conversation as a pcap file (raw IPv4, with a SYN handshake and correct sequence numbers), so
// tshark can dissect what our sessions produced without capture privileges.

function ipv4(src: number, dst: number, tcp: Buffer): Buffer {
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + tcp.length, 2);
  ip.writeUInt16BE(0x4000, 6);
  ip[8] = 64;
  ip[9] = 6;
  ip.writeUInt32BE(src, 12);
  ip.writeUInt32BE(dst, 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += ip.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  ip.writeUInt16BE(~sum & 0xffff, 10);
  return Buffer.concat([ip, tcp]);
}

function tcp(sport: number, dport: number, seq: number, ack: number, flags: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt32BE(seq >>> 0, 4);
  h.writeUInt32BE(ack >>> 0, 8);
  h[12] = 0x50;
  h[13] = flags;
  h.writeUInt16BE(65535, 14);
  return Buffer.concat([h, payload]);
}

/** A pcap (LINKTYPE_RAW) of a client (10.0.0.1:50000) talking to a server (10.0.0.2:1935). */
export function pcapOf(transcript: ReadonlyArray<{ from: 'client' | 'server'; bytes: Buffer }>): Buffer {
  const C = 0x0a000001;
  const S = 0x0a000002;
  const records: Buffer[] = [];
  let t = 0;
  const add = (packet: Buffer): void => {
    const h = Buffer.alloc(16);
    h.writeUInt32LE(1_700_000_000 + Math.floor(t / 1000), 0);
    h.writeUInt32LE((t % 1000) * 1000, 4);
    h.writeUInt32LE(packet.length, 8);
    h.writeUInt32LE(packet.length, 12);
    records.push(h, packet);
    t++;
  };
  let cseq = 1000;
  let sseq = 5000;
  add(ipv4(C, S, tcp(50000, 1935, cseq, 0, 0x02, Buffer.alloc(0))));
  add(ipv4(S, C, tcp(1935, 50000, sseq, cseq + 1, 0x12, Buffer.alloc(0))));
  cseq++;
  sseq++;
  add(ipv4(C, S, tcp(50000, 1935, cseq, sseq, 0x10, Buffer.alloc(0))));
  for (const { from, bytes } of transcript) {
    for (let o = 0; o < bytes.length; o += 1400) {
      const piece = bytes.subarray(o, o + 1400);
      if (from === 'client') {
        add(ipv4(C, S, tcp(50000, 1935, cseq, sseq, 0x18, piece)));
        cseq += piece.length;
      } else {
        add(ipv4(S, C, tcp(1935, 50000, sseq, cseq, 0x18, piece)));
        sseq += piece.length;
      }
    }
  }
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(262144, 16);
  global.writeUInt32LE(101, 20);
  return Buffer.concat([global, ...records]);
}
