// The seam between the server core and the streaming code (live, later VOD). The core owns connections, the
// application hooks and name resolution; it routes each stream event here after the application has had its say:
// publishRequested / playRequested arrive only once onPublish / onPlay accepted, with the name resolved (and
// renamed when the application asked). The handler answers with onStatus and media through the connection.
import type { ServerEvent } from '../rtmp/index.js';
import type { StreamName } from './stream-name.js';
import type { ClientConnection } from './connection.js';

/** The ServerEvent types the core hands to the stream handler. */
export type StreamEventType =
  | 'releaseStreamRequested'
  | 'fcPublishRequested'
  | 'fcUnpublishRequested'
  | 'publishRequested'
  | 'playRequested'
  | 'closeStreamRequested'
  | 'streamDeleted'
  | 'pauseRequested'
  | 'seekRequested'
  | 'receiveAudioChanged'
  | 'receiveVideoChanged'
  | 'mediaReceived'
  | 'bufferLengthSet';

type Routed<T extends StreamEventType> = Extract<ServerEvent, { type: T }>;

/** publishRequested / playRequested with the resolved (possibly renamed) stream name. */
export type PublishStreamEvent = Routed<'publishRequested'> & { readonly stream: StreamName };
export type PlayStreamEvent = Routed<'playRequested'> & { readonly stream: StreamName };

export type StreamEvent =
  | Routed<Exclude<StreamEventType, 'publishRequested' | 'playRequested'>>
  | PublishStreamEvent
  | PlayStreamEvent;

/**
 * For publishRequested / playRequested: `false` means the handler refused the stream (it sent the onStatus
 * itself, e.g. NetStream.Publish.BadName for a name in use), so the core will not report onUnpublish / onStop
 * for it. Anything else means the stream started. Ignored for other events.
 */
export type StreamHandlerResult = void | boolean;

export interface StreamEventHandler {
  /**
   * Handles one stream event of an accepted connection. Events of one connection arrive in order; a returned
   * Promise is awaited before the next event of that connection is delivered. A throw/rejection closes that
   * connection (logged), never the server.
   */
  handle(conn: ClientConnection, event: StreamEvent): StreamHandlerResult | Promise<StreamHandlerResult>;
  /** The connection has gone (after the last event): release its streams. Called once per accepted connection. */
  disconnected(conn: ClientConnection): void;
}
