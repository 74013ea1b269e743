// The benchmark's server process: one node:http server with the remoting gateway at /gateway and a plain JSON
// echo at /json (the reference limit: what node:http plus JSON costs for the same calls).
// Usage: node --import tsx bench/remoting/server.ts <port>
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createNodeHandler, Gateway } from '../../src/remoting/index.js';

const gateway = new Gateway();
gateway.addService('echo', { echo: (x: unknown) => x }, { methods: ['echo'] });
const amf = createNodeHandler(gateway);

interface JsonCall {
  id: string;
  target: string;
  args: unknown[];
}

const echo = new Map<string, (x: unknown) => unknown>([['echo.echo', (x) => x]]);

function json(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const calls = JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonCall[];
    const out = calls.map((c) => ({ id: c.id, result: echo.get(c.target)!(c.args[0]) }));
    const body = Buffer.from(JSON.stringify(out));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    res.end(body);
  });
}

const server = createServer({ keepAlive: true }, (req, res) => {
  if (req.url === '/json') json(req, res);
  else amf(req, res);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
process.once('SIGINT', () => process.exit(0));
