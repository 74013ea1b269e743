// The stream handler used until a real one (live, VOD) is plugged in: it refuses every stream the way FMS refuses
// an unknown one, so clients get a clean status instead of silence.
import type { ClientConnection } from './connection.js';
import type { StreamEvent, StreamEventHandler, StreamHandlerResult } from './stream-handler.js';

export class RefusingStreamHandler implements StreamEventHandler {
  handle(conn: ClientConnection, event: StreamEvent): StreamHandlerResult {
    if (event.type === 'publishRequested') {
      conn.push(
        conn.session.sendStatus(event.streamId, {
          level: 'error',
          code: 'NetStream.Publish.BadName',
          description: `Publishing is not available (${event.stream.name}).`,
          details: event.stream.name,
        }),
      );
      return false;
    }
    if (event.type === 'playRequested') {
      conn.push(
        conn.session.sendStatus(event.streamId, {
          level: 'error',
          code: 'NetStream.Play.StreamNotFound',
          description: `Failed to play ${event.stream.name}; stream not found.`,
          details: event.stream.name,
        }),
      );
      return false;
    }
    return undefined;
  }

  disconnected(): void {}
}
