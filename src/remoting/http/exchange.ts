// The HTTP rules of a remoting gateway, free of any framework: which requests are refused and with what status,
// where the session id comes from, and how the answer is shaped. The node handler and the Express and Fastify
// adapters are glue around these two functions.
import type { Gateway } from '../gateway.js';
import { RemotingError } from '../errors.js';

export interface CorsOptions {
  /** Allowed origins: '*' for any, or exact origins like 'https://game.example.com'. */
  readonly origin: '*' | string | readonly string[];
  /** Send Access-Control-Allow-Credentials (cookies) for allowed origins. Defaults to false. */
  readonly credentials?: boolean;
  /** Preflight cache time. Defaults to 600 seconds. */
  readonly maxAgeSeconds?: number;
}

export interface RemotingHttpOptions {
  /** Largest accepted request body. Defaults to 1 MiB. */
  readonly maxBodyBytes?: number;
  /** CORS for gateways called from another origin (true = any origin, no credentials). Defaults to off. */
  readonly cors?: boolean | CorsOptions;
  /** A crossdomain.xml policy served for GET …/crossdomain.xml (Flash Player asks for it cross-domain). */
  readonly crossdomainXml?: string;
  /**
   * The scheme and host clients use, e.g. 'https://games.example.com', for the ReplaceGatewayUrl that swaps an
   * old session parameter for a new one. Defaults to the request's Host header and http/https of the socket:
   * set it behind a proxy that terminates TLS or rewrites Host.
   */
  readonly publicOrigin?: string;
}

/** The parts of an HTTP request the rules look at. */
export interface HttpRequestFacts {
  readonly method: string;
  readonly url: string;
  /** The URL before a framework's mount point was stripped (Express `req.originalUrl`); defaults to `url`. */
  readonly originalUrl?: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly remoteAddress?: string | undefined;
  /** The request came over TLS: the session cookie gets the Secure flag. */
  readonly secure?: boolean;
}

export interface HttpReply {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

export const AMF_CONTENT_TYPE = 'application/x-amf';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

function text(status: number, message: string, headers: Record<string, string | string[]> = {}): HttpReply {
  const body = Buffer.from(`${message}\n`);
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length), ...headers }, body };
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function corsHeaders(facts: HttpRequestFacts, options: RemotingHttpOptions): Record<string, string> {
  const cors = options.cors === true ? { origin: '*' as const } : options.cors;
  if (cors === undefined || cors === false) return NO_HEADERS;
  const origin = first(facts.headers.origin);
  if (origin === undefined) return NO_HEADERS;
  const allowed = cors.origin === '*' || (typeof cors.origin === 'string' ? cors.origin === origin : cors.origin.includes(origin));
  if (!allowed) return NO_HEADERS;
  const out: Record<string, string> = { vary: 'Origin' };
  if (cors.origin === '*' && cors.credentials !== true) out['access-control-allow-origin'] = '*';
  else out['access-control-allow-origin'] = origin;
  if (cors.credentials === true) out['access-control-allow-credentials'] = 'true';
  return out;
}

/**
 * Answers what can be answered before reading the body (preflight, crossdomain.xml, wrong method, wrong content
 * type, declared length too large). Returns undefined when the body should be read and passed to `answerPost`.
 */
export function answerEarly(facts: HttpRequestFacts, options: RemotingHttpOptions = {}): HttpReply | undefined {
  const method = facts.method === 'POST' ? 'POST' : facts.method.toUpperCase();
  const cors = corsHeaders(facts, options);
  if ((method === 'GET' || method === 'HEAD') && options.crossdomainXml !== undefined && pathOf(facts.url).endsWith('/crossdomain.xml')) {
    const body = Buffer.from(options.crossdomainXml);
    return {
      status: 200,
      headers: { 'content-type': 'text/x-cross-domain-policy', 'content-length': String(body.length), ...cors },
      body: method === 'HEAD' ? Buffer.alloc(0) : body,
    };
  }
  if (method === 'OPTIONS' && options.cors !== undefined && options.cors !== false) {
    const maxAge = typeof options.cors === 'object' ? options.cors.maxAgeSeconds ?? 600 : 600;
    return {
      status: 204,
      headers: {
        ...cors,
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'Content-Type',
        'access-control-max-age': String(maxAge),
        'content-length': '0',
      },
      body: Buffer.alloc(0),
    };
  }
  if (method !== 'POST') {
    return text(405, 'Flash remoting gateway: POST an AMF packet (application/x-amf)', { allow: options.cors ? 'POST, OPTIONS' : 'POST', ...cors });
  }
  const type = first(facts.headers['content-type'])?.split(';')[0].trim().toLowerCase();
  if (type !== AMF_CONTENT_TYPE) return text(415, `expected Content-Type ${AMF_CONTENT_TYPE}`, cors);
  const declared = first(facts.headers['content-length']);
  const max = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (declared !== undefined && Number(declared) > max) return text(413, `request body larger than ${max} bytes`, cors);
  return undefined;
}

/** The reply for a body larger than maxBodyBytes found while reading it. */
export function tooLarge(facts: HttpRequestFacts, options: RemotingHttpOptions = {}): HttpReply {
  return text(413, `request body larger than ${options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES} bytes`, corsHeaders(facts, options));
}

function cookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function queryParam(url: string, name: string): string | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  // The last one wins: AppendToGatewayUrl appends, so a renewed session id comes after the old one.
  return new URLSearchParams(url.slice(q + 1)).getAll(name).at(-1);
}

const HOST = /^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$/;

/** The absolute URL the client posted to, or undefined when the Host header is missing or malformed. */
function absoluteUrl(facts: HttpRequestFacts, options: RemotingHttpOptions): string | undefined {
  const path = facts.originalUrl ?? facts.url;
  if (!path.startsWith('/')) return undefined;
  if (options.publicOrigin !== undefined) return `${options.publicOrigin.replace(/\/+$/, '')}${path}`;
  const host = first(facts.headers.host);
  if (host === undefined || !HOST.test(host)) return undefined;
  return `${facts.secure === true ? 'https' : 'http'}://${host}${path}`;
}

/** Runs a POSTed packet through the gateway. Bad packets get 400 with the error code; nothing else throws. */
export async function answerPost(gateway: Gateway, facts: HttpRequestFacts, body: Uint8Array, options: RemotingHttpOptions = {}): Promise<HttpReply> {
  const cors = corsHeaders(facts, options);
  const fromUrl = gateway.sessionUrlParameter === false ? undefined : queryParam(facts.url, gateway.sessionUrlParameter);
  const cookieHeader = facts.headers.cookie;
  const fromCookie = cookieHeader === undefined ? undefined : cookie(first(cookieHeader), gateway.sessionCookie);
  try {
    const result = await gateway.processBytes(body, {
      sessionId: fromUrl ?? fromCookie,
      remoteAddress: facts.remoteAddress,
      httpHeaders: facts.headers,
      urlHasQuery: facts.url.includes('?'),
      gatewayUrl: fromUrl === undefined ? undefined : absoluteUrl(facts, options),
    });
    const headers: Record<string, string | string[]> = cors === NO_HEADERS
      ? { 'content-type': AMF_CONTENT_TYPE, 'content-length': String(result.bytes.length) }
      : { 'content-type': AMF_CONTENT_TYPE, 'content-length': String(result.bytes.length), ...cors };
    if (result.sessionStarted && result.session !== undefined) {
      headers['set-cookie'] = `${gateway.sessionCookie}=${result.session.id}; Path=/; HttpOnly; SameSite=Lax${facts.secure === true ? '; Secure' : ''}`;
    } else if (result.sessionEnded && fromCookie !== undefined) {
      headers['set-cookie'] = `${gateway.sessionCookie}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`;
    }
    return { status: 200, headers, body: result.bytes };
  } catch (err) {
    if (err instanceof RemotingError) return text(400, `${err.code}: bad remoting packet`, cors);
    return text(500, 'internal error', cors);
  }
}
