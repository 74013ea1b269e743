// Stream-name resolution: one rule for every place a client names a stream (publish, play, FLVPlayback URLs).
// FMS accepts the same file under several spellings — 'flv:ab/cd/vwxyz', 'ab/cd/vwxyz.flv', 'ab/cd/vwxyz' and the
// full URL 'rtmp://host/app/_definst_/ab/cd/vwxyz.flv' — and they must meet at the same stream. Query strings
// ('live1?key=x') carry tokens and are split off before anything else. Names become file paths in the VOD code,
// so anything that could leave the application's folder is refused here, once, with a typed error.
import { StreamNameError } from './errors.js';

/** Container kinds FMS selects with a prefix ('mp4:', 'mp3:', 'id3:', 'flv:') or by extension. */
export type StreamKind = 'flv' | 'mp4' | 'mp3' | 'id3';

export interface StreamName {
  /** The name exactly as the client sent it. */
  readonly raw: string;
  readonly kind: StreamKind;
  /**
   * The stream's identity inside an application instance, without prefix, query or a redundant '.flv'
   * ('live1', 'ab/cd/vwxyz', 'film.mp4'). Publishers and players meet on this.
   */
  readonly name: string;
  /** Relative file path under the application's media folder ('ab/cd/vwxyz.flv', 'film.mp4', 'song.mp3'). */
  readonly path: string;
  /** Query parameters (first value wins), in an object without a prototype. */
  readonly query: Readonly<Record<string, string>>;
  /** The instance named in a full-URL form, when there was one. */
  readonly instance?: string;
}

export interface StreamNameOptions {
  /** The connection's application name; used to strip it from full-URL names. */
  readonly app?: string;
  /** Maximum length of the raw name in UTF-16 units. Defaults to 1024. */
  readonly maxLength?: number;
  /** Maximum number of query parameters. Defaults to 32. */
  readonly maxQueryParams?: number;
}

const URL_FORM = /^rtmp[ets]{0,2}:\/\//i;
const EXTENSIONS: Readonly<Record<string, StreamKind>> = { flv: 'flv', mp4: 'mp4', f4v: 'mp4', m4v: 'mp4', m4a: 'mp4', mov: 'mp4', '3gp': 'mp4', mp3: 'mp3' };
// Control characters, backslash (a separator on Windows) and ':' outside the prefix (drive letters, streams).
const BAD_CHAR = /[\u0000-\u001f\u007f\\:]/;
const PERCENT_ENCODED = /%[0-9a-f]{2}/i;

/** Resolves a stream name as sent by a client. Throws StreamNameError on anything unsafe. */
export function resolveStreamName(raw: string, options: StreamNameOptions = {}): StreamName {
  const maxLength = options.maxLength ?? 1024;
  if (typeof raw !== 'string' || raw.length === 0) throw new StreamNameError('STREAM_NAME_ERR_EMPTY', 'empty stream name');
  if (raw.length > maxLength) throw new StreamNameError('STREAM_NAME_ERR_TOO_LONG', `stream name longer than ${maxLength}`);

  let rest = raw;
  let instance: string | undefined;
  if (URL_FORM.test(rest)) ({ rest, instance } = stripUrlForm(rest, options.app));

  const q = rest.indexOf('?');
  const query = parseQuery(q >= 0 ? rest.slice(q + 1) : '', options.maxQueryParams ?? 32);
  let body = q >= 0 ? rest.slice(0, q) : rest;

  let kind: StreamKind | undefined;
  const prefix = /^(flv|mp4|mp3|id3):/i.exec(body);
  if (prefix) {
    kind = prefix[1].toLowerCase() as StreamKind;
    body = body.slice(prefix[0].length);
  }
  checkPath(body);

  const dot = body.lastIndexOf('.');
  const ext = dot > body.lastIndexOf('/') ? body.slice(dot + 1).toLowerCase() : '';
  const extKind = Object.hasOwn(EXTENSIONS, ext) ? EXTENSIONS[ext] : undefined;
  kind ??= extKind ?? 'flv';

  let name: string;
  let path: string;
  if (kind === 'flv') {
    // 'x', 'flv:x' and 'x.flv' are one stream.
    name = ext === 'flv' ? body.slice(0, dot) : body;
    path = `${name}.flv`;
  } else if (kind === 'mp3' || kind === 'id3') {
    name = ext === 'mp3' ? body.slice(0, dot) : body;
    path = `${name}.mp3`;
  } else {
    // 'mp4:film' means film.mp4; 'mp4:film.f4v' keeps its own extension.
    name = extKind === 'mp4' ? body : `${body}.mp4`;
    path = name;
  }
  if (name.length === 0) throw new StreamNameError('STREAM_NAME_ERR_EMPTY', 'empty stream name');
  return instance === undefined ? { raw, kind, name, path, query } : { raw, kind, name, path, query, instance };
}

/** 'rtmp://host[:port]/app[/instance]/path' → path, with the app checked and the instance noted. */
function stripUrlForm(url: string, app: string | undefined): { rest: string; instance: string | undefined } {
  const afterScheme = url.slice(url.indexOf('://') + 3);
  const slash = afterScheme.indexOf('/');
  if (slash < 0) throw new StreamNameError('STREAM_NAME_ERR_EMPTY', 'URL has no stream path');
  const segments = afterScheme.slice(slash + 1).split('/');
  const urlApp = segments.shift() ?? '';
  if (app !== undefined && urlApp.toLowerCase() !== app.toLowerCase()) {
    throw new StreamNameError('STREAM_NAME_ERR_WRONG_APP', `stream URL names application '${urlApp}'`);
  }
  // The instance segment is only recognisable when it is the default one or the path has more to come;
  // FLVPlayback always sends '_definst_' explicitly when it splits a URL this way.
  let instance: string | undefined;
  if (segments.length > 1 && segments[0] === '_definst_') instance = segments.shift();
  return { rest: segments.join('/'), instance };
}

function checkPath(body: string): void {
  if (body.length === 0) throw new StreamNameError('STREAM_NAME_ERR_EMPTY', 'empty stream name');
  if (BAD_CHAR.test(body)) throw new StreamNameError('STREAM_NAME_ERR_BAD_CHAR', 'stream name has a forbidden character');
  if (PERCENT_ENCODED.test(body)) throw new StreamNameError('STREAM_NAME_ERR_ENCODED', 'percent-encoded stream name');
  if (body.startsWith('/')) throw new StreamNameError('STREAM_NAME_ERR_TRAVERSAL', 'absolute stream path');
  for (const segment of body.split('/')) {
    if (segment === '..' || segment === '.') throw new StreamNameError('STREAM_NAME_ERR_TRAVERSAL', 'dot segment in stream path');
    if (segment === '') throw new StreamNameError('STREAM_NAME_ERR_TRAVERSAL', 'empty segment in stream path');
  }
}

function parseQuery(text: string, maxParams: number): Readonly<Record<string, string>> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (text.length === 0) return out;
  let count = 0;
  for (const [key, value] of new URLSearchParams(text)) {
    if (++count > maxParams) throw new StreamNameError('STREAM_NAME_ERR_QUERY', `more than ${maxParams} query parameters`);
    if (!Object.hasOwn(out, key)) out[key] = value;
  }
  return out;
}
