// Serves the example game gateway on http://127.0.0.1:8080/gateway (PORT to change it), with a crossdomain.xml
// so SWFs from other hosts may call it. Start: node --import tsx examples/remoting/server.ts
import { createServer } from 'node:http';
import { createNodeHandler } from '../../src/remoting/index.js';
import { createGameGateway } from './game-service.js';

const port = Number(process.env.PORT ?? 8080);
const handler = createNodeHandler(createGameGateway(), {
  cors: true,
  crossdomainXml: '<?xml version="1.0"?><cross-domain-policy><allow-access-from domain="*"/></cross-domain-policy>',
});
const server = createServer(handler).listen(port, '127.0.0.1', () => {
  console.log(`remoting gateway on http://127.0.0.1:${port}/gateway`);
});
process.once('SIGINT', () => server.close());
process.once('SIGTERM', () => server.close());
