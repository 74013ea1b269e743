// The README's example service (examples/remoting) runs and answers as documented.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { AmfTypedObject } from '../../src/amf/index.js';
import { RemotingCallError, RemotingClient } from '../../src/remoting/index.js';
import { createGameGateway } from '../../examples/remoting/game-service.js';
import { main } from '../../examples/remoting/client.js';
import { serve } from './helpers.js';

describe('examples/remoting', async () => {
  const srv = await serve(createGameGateway());
  after(() => srv.close());

  it('answers scores, faults, typed players, sessions and admin calls', async (t) => {
    t.mock.method(console, 'log', () => {});
    const nc = new RemotingClient(srv.url);
    assert.deepEqual(await nc.call('ScoreService.top', 1), [{ player: 'ada', points: 1200 }]);
    await assert.rejects(nc.call('ScoreService.submit', 'x', -1), (e: RemotingCallError) => e.code === 'Game.BadScore');
    await assert.rejects(nc.call('ScoreService.top', 'three'), (e: RemotingCallError) => e.code === 'Client.Call.BadArguments');
    await assert.rejects(nc.call('ScoreService.reset'), (e: RemotingCallError) => e.code === 'Client.Authentication');
    const p = await nc.call<AmfTypedObject>('ScoreService.player', 'ada');
    assert.ok(p instanceof AmfTypedObject);
    assert.equal(p.className, 'com.example.game.Player');
    assert.equal((p.properties.joined as Date).toISOString(), '2009-01-15T00:00:00.000Z');
    await main(srv.url);
  });
});
