// The zero-config `vod` application: connects are accepted; its streams are files under <media>/vod/, served by
// the stream handler (VOD issue). Until then plays end in NetStream.Play.StreamNotFound; publishing is refused.
import { defineApplication, type ApplicationDefinition } from '../application.js';

export function createVodApplication(options: { readonly name?: string } = {}): ApplicationDefinition {
  return defineApplication({
    name: options.name ?? 'vod',
    onPublish() {
      return { reject: 'This application does not accept publishing.', code: 'NetStream.Publish.BadName' };
    },
  });
}
