// Calls the example gateway the way a Flash client would, first classic AMF0 (NetConnection.call), then Flex
// (RemoteObject over AMF3). Start the server first, then: node --import tsx examples/remoting/client.ts [url]
import { RemotingCallError, RemotingClient } from '../../src/remoting/index.js';

export async function main(url = process.argv[2] ?? 'http://127.0.0.1:8080/gateway'): Promise<void> {
  const nc = new RemotingClient(url); // objectEncoding 0
  // Calls made in the same tick travel in one HTTP request.
  const [top, rank] = await Promise.all([nc.call('ScoreService.top', 3), nc.call('ScoreService.submit', 'linus', 1000)]);
  console.log('top scores:', top, 'new rank:', rank);
  try {
    await nc.call('ScoreService.submit', 'cheater', -5);
  } catch (err) {
    if (!(err instanceof RemotingCallError)) throw err;
    console.log('fault:', err.code, '-', err.message);
  }
  console.log('cart:', await nc.call('CartService.add', 'sword'), await nc.call('CartService.add', 'shield'));

  const flex = new RemotingClient(url, { objectEncoding: 3 }); // Flex RemoteObject
  console.log('player:', await flex.call('ScoreService.player', 'ada'));
  flex.setCredentials('admin', 'secret');
  console.log('admin reset:', await flex.call('ScoreService.reset'));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
