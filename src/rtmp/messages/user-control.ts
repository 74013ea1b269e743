// User control messages (type 4, RTMP specification 6.2 and 7.1.7): a 2-byte event type, then event data,
// usually a 4-byte stream id; SetBufferLength adds the buffer length in ms; ping events carry a timestamp.
import { RemoteProtocolError, RtmpErrorCode } from '../errors.js';
import { MessageType, type RtmpMessage } from './message.js';

export const UserControlEvent = {
  StreamBegin: 0,
  StreamEOF: 1,
  StreamDry: 2,
  SetBufferLength: 3,
  StreamIsRecorded: 4,
  PingRequest: 6,
  PingResponse: 7,
  /** FMS extensions seen in the wild (SWF verification, buffer empty/ready). */
  SwfVerifyRequest: 26,
  SwfVerifyResponse: 27,
  BufferEmpty: 31,
  BufferReady: 32,
} as const;
export type UserControlEvent = (typeof UserControlEvent)[keyof typeof UserControlEvent];

export interface UserControl {
  readonly event: number;
  /** Stream id, or the timestamp of a ping event. */
  readonly value: number;
  /** SetBufferLength: the buffer length in milliseconds. */
  readonly extra: number | undefined;
  /** The event data as received (SWF verification carries 42 bytes). */
  readonly data: Buffer;
}

export function userControlMessage(event: number, value: number, extra?: number, timestamp = 0): RtmpMessage {
  const withExtra = event === UserControlEvent.SetBufferLength || extra !== undefined;
  const payload = Buffer.allocUnsafe(withExtra ? 10 : 6);
  payload.writeUInt16BE(event, 0);
  payload.writeUInt32BE(value >>> 0, 2);
  if (withExtra) payload.writeUInt32BE((extra ?? 0) >>> 0, 6);
  return { typeId: MessageType.UserControl, streamId: 0, timestamp, payload };
}

export function readUserControl(message: RtmpMessage): UserControl {
  const p = message.payload;
  if (p.length < 2) throw new RemoteProtocolError('user control message shorter than 2 bytes', { code: RtmpErrorCode.BadMessage });
  const event = p.readUInt16BE(0);
  const value = p.length >= 6 ? p.readUInt32BE(2) : 0;
  const extra = p.length >= 10 ? p.readUInt32BE(6) : undefined;
  if (event === UserControlEvent.SetBufferLength && extra === undefined) {
    throw new RemoteProtocolError('SetBufferLength shorter than 10 bytes', { code: RtmpErrorCode.BadMessage });
  }
  return { event, value, extra, data: p.subarray(2) };
}
