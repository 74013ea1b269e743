// Test helpers for byte vectors: hex('02 00 00 …') and the three ways every vector is fed (h11's style).
import { ChunkReader, type ReaderOptions } from '../../src/rtmp/chunk/reader.js';
import type { RtmpMessage } from '../../src/rtmp/messages/message.js';

/** Bytes from hex text; spaces and newlines are ignored. */
export function hex(text: string): Buffer {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`bad hex: ${text}`);
  return Buffer.from(clean, 'hex');
}

export interface Delivered {
  readonly message: RtmpMessage;
  readonly csid: number;
}

/** Splits `bytes` into the pieces fed to the reader in each feeding mode. */
export const feedings: ReadonlyArray<{ name: string; split: (bytes: Buffer) => Buffer[] }> = [
  { name: 'whole', split: (b) => [b] },
  { name: 'byte by byte', split: (b) => [...b].map((x) => Buffer.from([x])) },
  {
    name: 'in odd pieces',
    split: (b) => {
      const out: Buffer[] = [];
      for (let i = 0, n = 1; i < b.length; i += n, n = (n % 7) + 2) out.push(b.subarray(i, i + n));
      return out;
    },
  },
];

/** Feeds pieces to a fresh reader; returns every delivered message with payloads copied (for comparison). */
export function readAll(pieces: Buffer[], options?: ReaderOptions, reader = new ChunkReader(options)): Delivered[] {
  const out: Delivered[] = [];
  for (const piece of pieces) {
    reader.read(piece, (message, csid) => out.push({ message: { ...message, payload: Buffer.from(message.payload) }, csid }));
  }
  return out;
}

/** A message literal with a hex payload. */
export function msg(typeId: number, streamId: number, timestamp: number, payloadHex: string): RtmpMessage {
  return { typeId, streamId, timestamp, payload: hex(payloadHex) };
}
