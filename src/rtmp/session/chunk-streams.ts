// Which chunk stream each kind of outgoing message uses. Sessions write on 2–5; 6 and 7 are reserved for the
// server's shared, pre-encoded live media (encodeMessageChunks) and 8 for calls broadcast to every client of an
// instance, all written straight to the socket. Since a session never writes on 6–8 and every message goes out
// whole, the writers interleave safely.
import { MessageType, type RtmpMessage } from '../messages/message.js';

export const ChunkStreamId = {
  /** Protocol control and user control messages. */
  Control: 2,
  /** Commands on message stream 0 (NetConnection). */
  Command: 3,
  /** The session's own audio/video (VOD, a client publishing). */
  Media: 4,
  /** Commands, data and shared-object messages on a NetStream. */
  StreamCommand: 5,
  /** Reserved: shared live audio. */
  SharedAudio: 6,
  /** Reserved: shared live video. */
  SharedVideo: 7,
  /** Reserved: calls broadcast to all clients of an application instance, encoded once. */
  Broadcast: 8,
} as const;

/** The chunk stream a session uses for a message. */
export function chunkStreamFor(message: RtmpMessage): number {
  const t = message.typeId;
  if (t <= MessageType.SetPeerBandwidth) return ChunkStreamId.Control;
  if (t === MessageType.Audio || t === MessageType.Video || t === MessageType.Aggregate) return ChunkStreamId.Media;
  return message.streamId === 0 ? ChunkStreamId.Command : ChunkStreamId.StreamCommand;
}
