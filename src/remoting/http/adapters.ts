// Thin adapters for Express/Connect and Fastify, typed structurally so Flashback depends on neither.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Gateway } from '../gateway.js';
import { answerEarly, answerPost, DEFAULT_MAX_BODY_BYTES, tooLarge, type HttpRequestFacts, type RemotingHttpOptions } from './exchange.js';
import { serveRemoting } from './node-handler.js';

/** Express/Connect middleware: `app.post('/gateway', remotingMiddleware(gateway))` or `app.use('/gateway', …)`. */
export function remotingMiddleware(
  gateway: Gateway,
  options: RemotingHttpOptions = {},
): (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: (err?: unknown) => void) => void {
  return (req, res, next) => {
    // A body already read by express.raw({ type: 'application/x-amf' }) is used as is; otherwise the stream is read.
    const body = Buffer.isBuffer(req.body) ? req.body : undefined;
    serveRemoting(gateway, req, res, options, body).catch(next);
  };
}

/** The few Fastify request/reply members the plugin uses. */
export interface FastifyRequestLike {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly ip?: string;
  readonly protocol?: string;
  readonly body?: unknown;
}

export interface FastifyReplyLike {
  code(status: number): this;
  headers(values: Record<string, string | string[]>): this;
  send(payload: Buffer): unknown;
}

export interface FastifyLike {
  addContentTypeParser(
    type: string,
    opts: { parseAs: 'buffer'; bodyLimit?: number },
    parser: (req: unknown, body: Buffer, done: (err: Error | null, body?: Buffer) => void) => void,
  ): void;
  route(opts: {
    method: string | string[];
    url: string;
    handler: (req: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown>;
  }): void;
}

/**
 * A Fastify plugin: `fastify.register(remotingPlugin(gateway, { path: '/gateway' }))`. Fastify itself answers
 * 413 above maxBodyBytes and 415 for other content types.
 */
export function remotingPlugin(gateway: Gateway, options: RemotingHttpOptions & { readonly path?: string } = {}) {
  const path = options.path ?? '/gateway';
  return async (fastify: FastifyLike): Promise<void> => {
    const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    fastify.addContentTypeParser('application/x-amf', { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
    const handler = async (req: FastifyRequestLike, reply: FastifyReplyLike): Promise<unknown> => {
      const facts: HttpRequestFacts = { method: req.method, url: req.url, headers: req.headers, remoteAddress: req.ip, secure: req.protocol === 'https' };
      const early = answerEarly(facts, options);
      const out = early
        ?? (Buffer.isBuffer(req.body)
          ? req.body.length > limit ? tooLarge(facts, options) : await answerPost(gateway, facts, req.body, options)
          : tooLarge(facts, options));
      return reply.code(out.status).headers(out.headers).send(out.body);
    };
    const methods = options.cors ? ['POST', 'OPTIONS', 'GET'] : ['POST', 'GET'];
    fastify.route({ method: methods, url: path, handler });
    if (options.crossdomainXml !== undefined) fastify.route({ method: 'GET', url: '/crossdomain.xml', handler });
  };
}
