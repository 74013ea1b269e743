// Test harness: one HTTP server that serves Ruffle (from node_modules), a page embedding a probe SWF,
// the SWFs themselves, a /report endpoint the probes call with their results, and /gateway/<run>,
// which it forwards to the real remoting gateway on its own server while keeping the exact bytes
// of every request and reply (so a test can show what Ruffle sent). Same origin for all of it:
// Ruffle fetches with the browser, so a cross-origin gateway would need CORS.
import {
  createServer, request as httpRequest,
  type IncomingHttpHeaders, type IncomingMessage, type RequestListener, type Server, type ServerResponse,
} from 'node:http';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

const require = createRequire(import.meta.url);
const ruffleDir = dirname(require.resolve('@ruffle-rs/ruffle/package.json'));

/** Largest body the harness reads (reports and remoting requests are a few KB). */
const MAX_BODY = 1 << 20;

export interface Exchange {
  readonly run: string;
  readonly request: Buffer;
  readonly requestContentType: string | undefined;
  readonly requestHeaders: IncomingHttpHeaders;
  readonly status: number;
  readonly response: Buffer;
  readonly responseContentType: string | undefined;
  readonly responseHeaders: IncomingHttpHeaders;
}

export interface Report {
  readonly run: string;
  readonly name: string;
  readonly value: string;
}

export interface ProbeRun {
  readonly run: string;
  readonly swf: string;
  /** Flashvars handed to the SWF (Ruffle `parameters`); `gateway` and `report` are added. */
  readonly params?: Readonly<Record<string, string>>;
  /** Gateway URL for the SWF; defaults to the recording same-origin proxy, gatewayUrl(run). */
  readonly gateway?: string;
}

export interface Harness {
  readonly origin: string;
  /** The gateway's own server: another origin than the page (another port), so the browser applies CORS. */
  readonly gatewayOrigin: string;
  readonly exchanges: Exchange[];
  readonly reports: Report[];
  addSwf(name: string, bytes: Buffer): void;
  gatewayUrl(run: string): string;
  reportUrl(run: string): string;
  pageUrl(probe: ProbeRun): string;
  /** Resolves once `until` holds for the run's reports, or rejects after `timeoutMs`. */
  waitForReports(run: string, until: (reports: readonly Report[]) => boolean, timeoutMs: number): Promise<Report[]>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'upgrade']);

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function pageHtml(swfUrl: string, params: Record<string, string>): string {
  // Ruffle's own options: no splash or unmute overlay (nobody clicks), canvas renderer (no GPU in
  // headless), networking allowed, Ruffle's chunks and wasm loaded from /ruffle/.
  const config = {
    publicPath: '/ruffle/',
    polyfills: false,
    autoplay: 'on',
    unmuteOverlay: 'hidden',
    splashScreen: false,
    preferredRenderer: 'canvas',
    allowNetworking: 'all',
    warnOnUnsupportedContent: false,
    contextMenu: 'off',
    logLevel: 'warn',
  };
  const load = { url: swfUrl, parameters: params, ...config };
  // JSON inside <script>: escape '<' so no value can close the element.
  const js = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>flashback ruffle probe</title></head>
<body>
<div id="stage"></div>
<script>window.RufflePlayer = window.RufflePlayer || {}; window.RufflePlayer.config = ${js(config)};</script>
<script src="/ruffle/ruffle.js"></script>
<script>
  const player = window.RufflePlayer.newest().createPlayer();
  player.style.width = '320px';
  player.style.height = '240px';
  document.getElementById('stage').appendChild(player);
  const options = ${js(load)};
  (typeof player.ruffle === 'function' ? player.ruffle().load(options) : player.load(options))
    .catch((e) => console.error('ruffle load failed: ' + e));
</script>
</body></html>`;
}

export async function startHarness(gateway: RequestListener): Promise<Harness> {
  const upstream = createServer(gateway);
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  const upstreamPort = (upstream.address() as AddressInfo).port;

  const swfs = new Map<string, Buffer>();
  const pages = new Map<string, string>();
  const exchanges: Exchange[] = [];
  const reports: Report[] = [];
  const waiters = new Set<() => void>();

  async function forward(run: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    // Everything but hop-by-hop headers goes through, cookies included (sessions ride on them).
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    headers['content-length'] = String(body.length);
    const upstreamReq = httpRequest({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: '/gateway', headers });
    upstreamReq.end(body);
    const [upstreamRes] = (await once(upstreamReq, 'response')) as [IncomingMessage];
    const reply = await readBody(upstreamRes);
    const status = upstreamRes.statusCode ?? 502;
    const contentType = upstreamRes.headers['content-type'];
    exchanges.push({
      run,
      request: body,
      requestContentType: req.headers['content-type'],
      requestHeaders: req.headers,
      status,
      response: reply,
      responseContentType: contentType,
      responseHeaders: upstreamRes.headers,
    });
    const replyHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(upstreamRes.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) replyHeaders[name] = value;
    }
    res.writeHead(status, replyHeaders);
    res.end(reply);
  }

  async function serveRuffle(rel: string, res: ServerResponse): Promise<void> {
    const file = resolve(ruffleDir, rel);
    if (!file.startsWith(ruffleDir + sep)) {
      res.writeHead(403).end();
      return;
    }
    const ext = file.slice(file.lastIndexOf('.'));
    try {
      const bytes = await readFile(file);
      res.writeHead(200, { 'content-type': contentTypes[ext] ?? 'application/octet-stream' }).end(bytes);
    } catch {
      res.writeHead(404).end();
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith('/gateway/')) return forward(decodeURIComponent(path.slice('/gateway/'.length)), req, res);
    if (path.startsWith('/report/')) {
      reports.push({
        run: decodeURIComponent(path.slice('/report/'.length)),
        name: url.searchParams.get('case') ?? '',
        value: url.searchParams.get('v') ?? '',
      });
      for (const wake of waiters) wake();
      // A body in URL-encoded variables form, which AVM1 loadVariables/LoadVars parse without complaint.
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok=1');
      return;
    }
    if (path.startsWith('/ruffle/')) return serveRuffle(path.slice('/ruffle/'.length), res);
    if (path.startsWith('/swf/')) {
      const swf = swfs.get(path.slice('/swf/'.length));
      if (swf === undefined) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': 'application/x-shockwave-flash' }).end(swf);
      return;
    }
    if (path.startsWith('/page/')) {
      const html = pages.get(path.slice('/page/'.length));
      if (html === undefined) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(404).end();
  }

  // The AS3 probe reports a 70 KB string in a query string: allow long request lines.
  const server: Server = createServer({ maxHeaderSize: 1 << 20 }, (req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const harness: Harness = {
    origin,
    gatewayOrigin: `http://127.0.0.1:${upstreamPort}`,
    exchanges,
    reports,
    addSwf(name, bytes) {
      swfs.set(name, bytes);
    },
    gatewayUrl: (run) => `${origin}/gateway/${encodeURIComponent(run)}`,
    reportUrl: (run) => `${origin}/report/${encodeURIComponent(run)}`,
    pageUrl(probe) {
      const gateway = probe.gateway ?? harness.gatewayUrl(probe.run);
      const params = { ...probe.params, gateway, report: harness.reportUrl(probe.run) };
      const name = `${encodeURIComponent(probe.run)}.html`;
      pages.set(name, pageHtml(`${origin}/swf/${probe.swf}`, params));
      return `${origin}/page/${name}`;
    },
    waitForReports(run, until, timeoutMs) {
      return new Promise((resolveWait, reject) => {
        const mine = (): Report[] => reports.filter((r) => r.run === run);
        const check = (): void => {
          const got = mine();
          if (!until(got)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolveWait(got);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const got = mine().map((r) => `${r.name}: ${r.value}`).join('\n  ');
          reject(new Error(`run ${run}: reports incomplete after ${timeoutMs} ms; got:\n  ${got}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      upstream.closeAllConnections();
      await Promise.all([
        new Promise((r) => server.close(r)),
        new Promise((r) => upstream.close(r)),
      ]);
    },
  };
  return harness;
}

