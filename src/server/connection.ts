// One RTMP client connection as the streaming code sees it. The TCP server owns the socket and the session;
// stream handlers build outputs with `session` and hand them back through `push`, or write pre-encoded shared
// media chunks (csid 6 audio / 7 video, encoded once per frame) with `writeShared`.
import type { ServerSession, SessionOutput } from '../rtmp/index.js';
import type { AppInstance, Client } from './application.js';

export interface ClientConnection {
  /** Same as client.id. */
  readonly id: string;
  readonly remoteAddress: string;
  /** The application-side view of this client (set once the connect is accepted). */
  readonly client: Client;
  readonly instance: AppInstance;
  /** The sans-IO session, to build outputs: sendStatus, sendUserControl, sendData, sendMessage. */
  readonly session: ServerSession;
  /**
   * Writes the 'send' outputs to the socket (consecutive ones in one writev) and routes any
   * 'event' outputs as if the session had emitted them from receive().
   */
  push(outputs: readonly SessionOutput[]): void;
  /**
   * Writes shared, already chunked bytes (see encodeMessageChunks, csid 6/7 only); several buffers go out in one
   * writev. Returns false when the socket's queue is above the high-water mark: the caller should drop to the
   * next keyframe and wait for onDrain.
   */
  writeShared(bytes: Buffer | readonly Buffer[]): boolean;
  /** Bytes queued in the socket, not yet written to the kernel. */
  readonly writableLength: number;
  /** The high-water mark writeShared compares against (bytes). */
  readonly highWaterMark: number;
  /** Called once each time the socket's queue drains after writeShared returned false. */
  onDrain(listener: () => void): void;
  /** True once the connection is closing or closed; writes are then ignored. */
  readonly closed: boolean;
  /** Ends the connection after flushing pending output; `reason` is logged. */
  close(reason: string): void;
}
