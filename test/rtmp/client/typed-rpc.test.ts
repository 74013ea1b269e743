// Compile-time checks of the typed RPC (npm test type-checks before running): the same interfaces type the
// application's method table, client.call on the server, and NetConnection.call / client handlers in Node.
// The runtime part only proves the declarations are usable values.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { defineApplication } from '../../../src/server/application.js';
import { NetConnection } from '../../../src/rtmp/client/net-connection.js';

interface Server {
  add(a: number, b: number): number;
  greet(name: string): Promise<string>;
}
interface Browser {
  notice(text: string): void;
  confirm(question: string): boolean;
}

it('types both directions from the same interfaces', () => {
  const app = defineApplication<Server, Browser>({
    name: 'typed',
    async onConnect(client) {
      const yes: boolean = await client.call('confirm', 'ok?');
      // @ts-expect-error wrong argument type for a client method
      void client.call('notice', 42);
      // @ts-expect-error unknown client method
      void client.call('nope');
      return yes;
    },
    methods: {
      add: (_client, a, b) => a + b,
      greet: async (_client, name) => `hi ${name}`,
      // @ts-expect-error not declared in Server
      extra: () => 1,
    },
  });
  const nc = new NetConnection<Server, Browser>({
    client: {
      notice: (text) => void text.toUpperCase(),
      // @ts-expect-error handler returns the wrong type
      confirm: () => 'yes',
    },
  });
  const typedCall = (): Promise<number> => nc.call('add', 1, 2);
  // @ts-expect-error missing argument
  const bad = (): Promise<number> => nc.call('add', 1);
  // @ts-expect-error result is a string, not a number
  const wrong = (): Promise<number> => nc.call('greet', 'x');
  assert.equal(app.name, 'typed');
  assert.equal(typeof typedCall, 'function');
  void bad;
  void wrong;
});
