// Splits one RTMP message into chunks: a type-0 header, then type-3 headers between chunks
// (repeating the extended timestamp when the message has one, as Flash Player and librtmp expect).

const EXT_TS = 0xffffff;

function basicHeader(fmt: number, csid: number): Buffer {
  if (csid >= 2 && csid <= 63) return Buffer.from([(fmt << 6) | csid]);
  if (csid <= 319) return Buffer.from([fmt << 6, csid - 64]);
  return Buffer.from([(fmt << 6) | 1, (csid - 64) & 0xff, (csid - 64) >> 8]);
}

/** Encodes one message on chunk stream `csid` into a single Buffer ready for socket.write. */
export function encodeMessage(
  csid: number,
  type: number,
  streamId: number,
  timestamp: number,
  payload: Buffer,
  chunkSize: number,
): Buffer {
  const ext = timestamp >= EXT_TS;
  const first = basicHeader(0, csid);
  const cont = basicHeader(3, csid);
  const nChunks = Math.max(1, Math.ceil(payload.length / chunkSize));
  const extLen = ext ? 4 : 0;
  const size = first.length + 11 + extLen + (nChunks - 1) * (cont.length + extLen) + payload.length;
  const out = Buffer.allocUnsafe(size);
  let p = first.copy(out, 0);
  out.writeUIntBE(ext ? EXT_TS : timestamp, p, 3);
  out.writeUIntBE(payload.length, p + 3, 3);
  out[p + 6] = type;
  out.writeUInt32LE(streamId, p + 7);
  p += 11;
  if (ext) p = out.writeUInt32BE(timestamp >>> 0, p);
  for (let off = 0; off < payload.length || off === 0; off += chunkSize) {
    if (off > 0) {
      p += cont.copy(out, p);
      if (ext) p = out.writeUInt32BE(timestamp >>> 0, p);
    }
    p += payload.copy(out, p, off, Math.min(payload.length, off + chunkSize));
    if (payload.length === 0) break;
  }
  return out;
}

/** Protocol control and user control messages a client sends. */
export const control = {
  setChunkSize(size: number): Buffer {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32BE(size, 0);
    return encodeMessage(2, 1, 0, 0, b, 128);
  },
  acknowledgement(sequence: number): Buffer {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32BE(sequence >>> 0, 0);
    return encodeMessage(2, 3, 0, 0, b, 128);
  },
  windowAckSize(size: number): Buffer {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32BE(size, 0);
    return encodeMessage(2, 5, 0, 0, b, 128);
  },
  setBufferLength(streamId: number, ms: number): Buffer {
    const b = Buffer.allocUnsafe(10);
    b.writeUInt16BE(3, 0);
    b.writeUInt32BE(streamId, 2);
    b.writeUInt32BE(ms, 6);
    return encodeMessage(2, 4, 0, 0, b, 128);
  },
  pingResponse(time: Buffer): Buffer {
    const b = Buffer.allocUnsafe(6);
    b.writeUInt16BE(7, 0);
    time.copy(b, 2, 0, 4);
    return encodeMessage(2, 4, 0, 0, b, 128);
  },
};
