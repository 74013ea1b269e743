// Protocol control messages (RTMP specification 5.4): Set Chunk Size (1), Abort (2), Acknowledgement (3), Window
// Acknowledgement Size (5), Set Peer Bandwidth (6). They travel on chunk stream 2, message stream 0.
import { RemoteProtocolError, RtmpErrorCode } from '../errors.js';
import { MessageType, type RtmpMessage } from './message.js';

function u32Message(typeId: number, value: number): RtmpMessage {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32BE(value >>> 0, 0);
  return { typeId, streamId: 0, timestamp: 0, payload };
}

function readU32(message: RtmpMessage, what: string): number {
  if (message.payload.length < 4) {
    throw new RemoteProtocolError(`${what} shorter than 4 bytes`, { code: RtmpErrorCode.BadMessage });
  }
  return message.payload.readUInt32BE(0);
}

/** Set Chunk Size: the top bit must be 0. */
export function setChunkSizeMessage(size: number): RtmpMessage {
  return u32Message(MessageType.SetChunkSize, size & 0x7fffffff);
}

/** Abort: drop the partial message of a chunk stream. */
export function abortMessage(chunkStreamId: number): RtmpMessage {
  return u32Message(MessageType.Abort, chunkStreamId);
}

/** Acknowledgement: bytes received so far, modulo 2^32 (sessions run past 4 GiB). */
export function acknowledgementMessage(totalBytesReceived: number): RtmpMessage {
  return u32Message(MessageType.Acknowledgement, totalBytesReceived % 0x100000000);
}

export function windowAckSizeMessage(size: number): RtmpMessage {
  return u32Message(MessageType.WindowAckSize, size);
}

/** Limit types of Set Peer Bandwidth. */
export const BandwidthLimit = { Hard: 0, Soft: 1, Dynamic: 2 } as const;
export type BandwidthLimitType = (typeof BandwidthLimit)[keyof typeof BandwidthLimit];

export function setPeerBandwidthMessage(size: number, limitType: BandwidthLimitType): RtmpMessage {
  const payload = Buffer.allocUnsafe(5);
  payload.writeUInt32BE(size >>> 0, 0);
  payload[4] = limitType;
  return { typeId: MessageType.SetPeerBandwidth, streamId: 0, timestamp: 0, payload };
}

export function readAcknowledgement(message: RtmpMessage): number {
  return readU32(message, 'Acknowledgement');
}

export function readWindowAckSize(message: RtmpMessage): number {
  return readU32(message, 'Window Acknowledgement Size');
}

export function readSetPeerBandwidth(message: RtmpMessage): { size: number; limitType: number } {
  const size = readU32(message, 'Set Peer Bandwidth');
  // The limit type byte is sometimes left out by old encoders: treat as dynamic.
  return { size, limitType: message.payload.length >= 5 ? message.payload[4] : BandwidthLimit.Dynamic };
}
