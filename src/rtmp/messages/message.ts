/** One RTMP message, reassembled from (or to be split into) chunks. */
export interface RtmpMessage {
  /** Message type id (see MessageType). */
  readonly typeId: number;
  /** Message stream id: 0 for NetConnection, the NetStream's id otherwise. */
  readonly streamId: number;
  /** Absolute timestamp in milliseconds, modulo 2^32. */
  readonly timestamp: number;
  /** The message body. Usually a slice of a larger buffer: do not mutate. */
  readonly payload: Buffer;
}

/** RTMP message type ids (RTMP specification 5.4 and 7.1). */
export const MessageType = {
  SetChunkSize: 1,
  Abort: 2,
  Acknowledgement: 3,
  UserControl: 4,
  WindowAckSize: 5,
  SetPeerBandwidth: 6,
  Audio: 8,
  Video: 9,
  DataAmf3: 15,
  SharedObjectAmf3: 16,
  CommandAmf3: 17,
  DataAmf0: 18,
  SharedObjectAmf0: 19,
  CommandAmf0: 20,
  Aggregate: 22,
} as const;
export type MessageTypeId = (typeof MessageType)[keyof typeof MessageType];
