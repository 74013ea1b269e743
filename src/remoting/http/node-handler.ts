// A plain node:http request handler: http.createServer(createNodeHandler(gateway)).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Gateway } from '../gateway.js';
import { answerEarly, answerPost, tooLarge, DEFAULT_MAX_BODY_BYTES, type HttpReply, type HttpRequestFacts, type RemotingHttpOptions } from './exchange.js';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

function factsOf(req: IncomingMessage): HttpRequestFacts {
  const socket = req.socket as (typeof req.socket & { encrypted?: boolean }) | undefined;
  // Express/Connect keep the URL before the mount point in originalUrl (the client's real gateway URL).
  const originalUrl = (req as IncomingMessage & { originalUrl?: unknown }).originalUrl;
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    originalUrl: typeof originalUrl === 'string' ? originalUrl : undefined,
    headers: req.headers,
    remoteAddress: socket?.remoteAddress,
    secure: socket?.encrypted === true,
  };
}

function sendReply(res: ServerResponse, reply: HttpReply): void {
  if (res.headersSent) return;
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}

/** Reads the request body up to `max` bytes; resolves undefined when it is larger. */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        done = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (!done) reject(err);
    });
  });
}

/** Handles one request with already-known facts; `body` may be given when a framework has read it. */
export async function serveRemoting(gateway: Gateway, req: IncomingMessage, res: ServerResponse, options: RemotingHttpOptions, body?: Buffer): Promise<void> {
  const facts = factsOf(req);
  const early = answerEarly(facts, options);
  if (early !== undefined) {
    if (early.status === 413) res.setHeader('connection', 'close');
    sendReply(res, early);
    if (body === undefined) req.resume();
    return;
  }
  const bytes = body ?? (await readBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
  if (bytes === undefined || bytes.length > (options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)) {
    res.setHeader('connection', 'close');
    sendReply(res, tooLarge(facts, options));
    req.resume();
    return;
  }
  sendReply(res, await answerPost(gateway, facts, bytes, options));
}

/** A node:http handler for the gateway: `http.createServer(createNodeHandler(gateway, { cors: true }))`. */
export function createNodeHandler(gateway: Gateway, options: RemotingHttpOptions = {}): NodeHandler {
  return (req, res) => {
    serveRemoting(gateway, req, res, options).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('internal error\n');
      } else {
        res.destroy();
      }
    });
  };
}
