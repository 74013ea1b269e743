// rtmp://host[:port]/app[/instance][?query] as NetConnection.connect takes it: the connect command's `app` is the
// path after the host (instance and query included, as Flash Player sends it), `tcUrl` the whole URL.
import { LocalProtocolError, RtmpErrorCode } from '../errors.js';

export interface RtmpUrl {
  readonly host: string;
  readonly port: number;
  /** `app` of the connect command: 'live', 'chat/room1', 'live?token=x'. */
  readonly app: string;
  readonly tcUrl: string;
}

export function parseRtmpUrl(url: string): RtmpUrl {
  const m = /^rtmp:\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d{1,5}))?(\/[^#]*)?$/i.exec(url);
  if (m === null) throw new LocalProtocolError(`not an rtmp:// URL: ${url.slice(0, 200)}`, { code: RtmpErrorCode.BadUrl });
  const host = m[1].startsWith('[') ? m[1].slice(1, -1) : m[1];
  const port = m[2] === undefined ? 1935 : Number(m[2]);
  if (port < 1 || port > 65535) throw new LocalProtocolError(`bad port in ${url.slice(0, 200)}`, { code: RtmpErrorCode.BadUrl });
  const app = (m[3] ?? '/').replace(/^\/+/, '');
  return { host, port, app, tcUrl: url };
}
