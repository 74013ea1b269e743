// Which application and instance a `connect` names. Clients disagree on how they split a URL: Flash sends
// `app: 'app/inst?tok=1'` with the full tcUrl; ffmpeg puts the first two path segments in `app` only when the URL
// has three or more; librtmp and OBS send just 'app' and keep the query in tcUrl. The rule here: `app` wins when
// present, tcUrl's path is the fallback; the first segment is the application (case-insensitive), the rest is
// the instance ('_definst_' when absent); query strings from both are merged (app's first). So one URL always
// gives one (application, instance, query).
import { ServerError } from './errors.js';

export const DEFAULT_INSTANCE = '_definst_';

export interface AppPath {
  /** Lower-cased application name. */
  readonly application: string;
  /** Instance name ('_definst_' by default); may contain '/'. */
  readonly instance: string;
  /** Merged query parameters of app and tcUrl, first value wins; no prototype. */
  readonly query: Readonly<Record<string, string>>;
}

export interface AppPathLimits {
  /** Maximum length of app and tcUrl. Defaults to 2048. */
  readonly maxLength?: number;
  /** Maximum query parameters. Defaults to 32. */
  readonly maxQueryParams?: number;
}

const SEGMENT = /^[^\u0000-\u001f\u007f\\%]+$/;

/** Parses the application path of a connect request; throws ServerError SERVER_ERR_APP_PATH on unsafe input. */
export function parseAppPath(app: string, tcUrl: string, limits: AppPathLimits = {}): AppPath {
  const maxLength = limits.maxLength ?? 2048;
  const maxParams = limits.maxQueryParams ?? 32;
  if (app.length > maxLength || tcUrl.length > maxLength) fail('connect app or tcUrl too long');
  const query: Record<string, string> = Object.create(null) as Record<string, string>;
  let count = 0;
  const addQuery = (text: string): void => {
    if (text.length === 0) return;
    for (const [k, v] of new URLSearchParams(text)) {
      if (++count > maxParams) fail('too many query parameters');
      if (!Object.hasOwn(query, k)) query[k] = v;
    }
  };

  const [appPath, appQuery] = splitQuery(app);
  const [tcPath, tcQuery] = splitQuery(urlPath(tcUrl));
  addQuery(appQuery);
  addQuery(tcQuery);

  const path = trimSlashes(appPath.length > 0 ? appPath : tcPath);
  if (path.length === 0) fail('connect names no application');
  const segments = path.split('/');
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || !SEGMENT.test(s)) fail('bad application path segment');
  }
  const application = segments[0].toLowerCase();
  const instance = segments.length > 1 ? segments.slice(1).join('/') : DEFAULT_INSTANCE;
  return { application, instance, query };
}

function fail(message: string): never {
  throw new ServerError('SERVER_ERR_APP_PATH', message);
}

function splitQuery(text: string): [string, string] {
  const q = text.indexOf('?');
  return q < 0 ? [text, ''] : [text.slice(0, q), text.slice(q + 1)];
}

/** The path (and query) of an rtmp[e|s|t|te]://host[:port]/path URL; '' when it is not one. */
function urlPath(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?]*(.*)$/i.exec(url);
  return m ? m[1] : '';
}

function trimSlashes(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s[a] === '/') a++;
  while (b > a && s[b - 1] === '/') b--;
  return s.slice(a, b);
}
