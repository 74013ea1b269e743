// Shared helpers of the remoting tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway, RemotingHttpOptions } from '../../src/remoting/index.js';
import { createNodeHandler } from '../../src/remoting/index.js';

/** Bytes from spaced hex ("00 03 0a…"), as the vectors are written in the tests. */
export function hex(s: string): Buffer {
  return Buffer.from(s.replace(/\s+/g, ''), 'hex');
}

/** Starts the gateway on 127.0.0.1:0 and returns its URL and a close function. */
export async function serve(gateway: Gateway, options: RemotingHttpOptions = {}): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(createNodeHandler(gateway, options));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/gateway`,
    server,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** POSTs raw bytes and returns status, headers and body. */
export async function post(url: string, body: Uint8Array | string, headers: Record<string, string> = { 'content-type': 'application/x-amf' }, method = 'POST') {
  const res = await fetch(url, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}
