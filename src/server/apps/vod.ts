// The zero-config `vod` application: connects are accepted; its streams are files under <media>/vod/, served by
// the stream handler given here (the VOD issue's). Without one, plays end in NetStream.Play.StreamNotFound —
// never in the server's live handler; publishing is refused.
import { defineApplication, type ApplicationDefinition } from '../application.js';
import { RefusingStreamHandler } from '../default-stream-handler.js';
import type { StreamEventHandler } from '../stream-handler.js';

export interface VodApplicationOptions {
  /** Application name. Defaults to 'vod'. */
  readonly name?: string;
  /** The handler that plays files. Defaults to one that answers StreamNotFound. */
  readonly streams?: StreamEventHandler;
}

export function createVodApplication(options: VodApplicationOptions = {}): ApplicationDefinition {
  return defineApplication({
    name: options.name ?? 'vod',
    streams: options.streams ?? new RefusingStreamHandler(),
    onPublish() {
      return { reject: 'This application does not accept publishing.', code: 'NetStream.Publish.BadName' };
    },
  });
}
