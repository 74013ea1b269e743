// The zero-config `live` application: anyone may play; publishing is open unless a publish key is configured,
// then the key must come as `?key=…` on the stream name (OBS: stream key "name?key=…") or on the connect URL.
import { timingSafeEqual, createHash } from 'node:crypto';
import { defineApplication, type ApplicationDefinition } from '../application.js';
import { enhancedRtmpConnectProperties } from '../live/enhanced-connect.js';

export interface LiveApplicationOptions {
  /** Application name. Defaults to 'live'. */
  readonly name?: string;
  /** When set, publishers must present this key. */
  readonly publishKey?: string;
}

export function createLiveApplication(options: LiveApplicationOptions = {}): ApplicationDefinition {
  const key = options.publishKey;
  return defineApplication({
    name: options.name ?? 'live',
    // Enhanced RTMP: a client that lists FourCC codecs in connect learns which ones we relay (all of them).
    onConnect(client) {
      const properties = enhancedRtmpConnectProperties(client.connect.commandObject);
      return properties === undefined ? true : { accept: true, properties };
    },
    onPublish(client, request) {
      if (key === undefined || key === '') return true;
      const given = request.stream.query.key ?? client.connect.query.key;
      if (given !== undefined && sameSecret(given, key)) return true;
      return { reject: 'Publishing requires a valid key.', code: 'NetStream.Publish.BadName' };
    },
  });
}

/** Constant-time comparison of two secrets of any length. */
function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
