// RTMP URLs and the application path of a connect. A URL a user types — rtmp[e|s|t|te|ts]://host[:port]/app
// [/instance][/stream]?query — reaches the server split in two ways, depending on the client:
//   Flash Player: NetConnection.connect(url) sends app 'app/instance?query' and tcUrl = url; the stream name
//                 travels later in play/publish.
//   ffmpeg:       with 3+ path segments the first two form app ('app/instance'), the rest is the stream name,
//                 unless the second segment holds a ':' (mp4:file) — then app is one segment; with 1–2 segments
//                 app is the first one. The query stays with the stream name. tcUrl is rtmp://host[:port]/app.
//   librtmp/OBS:  the same idea, up to three segments of app; OBS sends the server URL and the key separately.
// parseRtmpUrl() splits a full URL as ffmpeg does; connectTarget() reads what a connect carried. For one URL,
// every client above yields the same {app, instance}, and the same input always gives the same output.
import { LocalProtocolError, RtmpErrorCode } from './errors.js';

export type RtmpScheme = 'rtmp' | 'rtmps' | 'rtmpt' | 'rtmpe' | 'rtmpte' | 'rtmpts';

/** Default TCP port of each scheme. */
export const DEFAULT_PORTS: Readonly<Record<RtmpScheme, number>> = {
  rtmp: 1935,
  rtmpe: 1935,
  rtmps: 443,
  rtmpt: 80,
  rtmpte: 80,
  rtmpts: 443,
};

export const DEFAULT_INSTANCE = '_definst_';

export interface RtmpUrl {
  readonly scheme: RtmpScheme;
  /** Host name or address (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  /** `app` of the connect command, without the query: 'live' or 'live/room1'. */
  readonly app: string;
  /** The application name: the first segment of app. */
  readonly application: string;
  /** The instance: the rest of app, or '_definst_'. */
  readonly instance: string;
  /** The stream name (play/publish argument) without the query; '' when the URL names none. */
  readonly streamName: string;
  /** The query string without '?', as written ('' when none). */
  readonly query: string;
  /** The tcUrl a client sends for this URL: scheme://host[:port]/app. */
  readonly tcUrl: string;
}

export interface UrlLimits {
  /** Longest URL accepted. Defaults to 4096. */
  readonly maxLength?: number;
}

const URL_PATTERN = /^(rtmp|rtmps|rtmpt|rtmpe|rtmpte|rtmpts):\/\/(\[[0-9a-fA-F:.]+\]|[^/:?#@[\]\s]+)(?::(\d{1,5}))?(\/[^#\s]*)?$/i;

function bad(message: string): never {
  throw new LocalProtocolError(message, { code: RtmpErrorCode.BadUrl });
}

function splitQuery(text: string): [string, string] {
  const q = text.indexOf('?');
  return q < 0 ? [text, ''] : [text.slice(0, q), text.slice(q + 1)];
}

/** Path segments without empty ones (leading, trailing and doubled slashes are forgiven). */
function segmentsOf(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

/** Splits a full RTMP URL into connect and stream parts, as ffmpeg does. Throws RTMP_ERR_BAD_URL. */
export function parseRtmpUrl(url: string, limits: UrlLimits = {}): RtmpUrl {
  if (url.length > (limits.maxLength ?? 4096)) bad('URL too long');
  const m = URL_PATTERN.exec(url);
  if (m === null) bad(`not an RTMP URL: ${url.slice(0, 100)}`);
  const scheme = m[1].toLowerCase() as RtmpScheme;
  const host = m[2].startsWith('[') ? m[2].slice(1, -1) : m[2];
  const port = m[3] === undefined ? DEFAULT_PORTS[scheme] : Number(m[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) bad(`bad port in ${url.slice(0, 100)}`);
  const [path, query] = splitQuery(m[4] ?? '');
  const segments = segmentsOf(path);
  let appSegments: number;
  if (segments.length >= 2 && segments[0] === 'ondemand') appSegments = 1;
  else if (segments.length <= 2) appSegments = Math.min(1, segments.length);
  else appSegments = segments[1].includes(':') ? 1 : 2;
  const app = segments.slice(0, appSegments).join('/');
  const streamName = segments.slice(appSegments).join('/');
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const portPart = m[3] === undefined ? '' : `:${port}`;
  return {
    scheme,
    host,
    port,
    app,
    application: appSegments > 0 ? segments[0] : '',
    instance: appSegments > 1 ? segments[1] : DEFAULT_INSTANCE,
    streamName,
    query,
    tcUrl: `${scheme}://${hostPart}${portPart}/${app}`,
  };
}

export interface ConnectTarget {
  /** The application name (first path segment), as sent (not case-folded). */
  readonly application: string;
  /** The instance ('_definst_' by default); may contain '/'. */
  readonly instance: string;
  /** Query parameters of app and tcUrl (app's first; first value of a key wins), in a prototype-less record. */
  readonly query: Readonly<Record<string, string>>;
}

/**
 * The application, instance and query of a connect: `app` decides when it names a path (Flash sends
 * 'app/inst?q', ffmpeg and librtmp 'app' or 'app/inst'); otherwise tcUrl's path does. Throws RTMP_ERR_BAD_URL
 * for an empty path, '.' or '..' segments, control characters, backslashes or percent signs in segments, or
 * more than `maxQueryParams` (default 32) query parameters.
 */
export function connectTarget(app: string, tcUrl: string, limits: UrlLimits & { maxQueryParams?: number } = {}): ConnectTarget {
  const maxLength = limits.maxLength ?? 4096;
  if (app.length > maxLength || tcUrl.length > maxLength) bad('app or tcUrl too long');
  const [appPath, appQuery] = splitQuery(app);
  const tc = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^#]*)/i.exec(tcUrl);
  const [tcPath, tcQuery] = splitQuery(tc === null ? '' : tc[1]);
  const query = Object.create(null) as Record<string, string>;
  let count = 0;
  for (const text of [appQuery, tcQuery]) {
    for (const [k, v] of new URLSearchParams(text)) {
      if (++count > (limits.maxQueryParams ?? 32)) bad('too many query parameters');
      if (!Object.hasOwn(query, k)) query[k] = v;
    }
  }
  const fromApp = segmentsOf(appPath);
  const segments = fromApp.length > 0 ? fromApp : segmentsOf(tcPath);
  if (segments.length === 0) bad('connect names no application');
  for (const s of segments) {
    if (s === '.' || s === '..' || /[\u0000-\u001f\u007f\\%]/.test(s)) bad('bad segment in application path');
  }
  return {
    application: segments[0],
    instance: segments.length > 1 ? segments.slice(1).join('/') : DEFAULT_INSTANCE,
    query,
  };
}
