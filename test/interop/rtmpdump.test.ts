// librtmp (rtmpdump) against our server: FP9 digest handshake, connect with extra -C arguments reaching
// onConnect, a clean StreamNotFound, and refused connects.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defineApplication } from '../../src/server/index.js';
import type { AmfValue } from '../../src/amf/index.js';
import { needTools, runTool } from './tools.js';
import { startTestServer } from './harness.js';

describe('interop: rtmpdump', () => {
  it('connects with the digest handshake and -C arguments reach onConnect', async (t) => {
    if (!needTools(t, 'rtmpdump')) return;
    const seen: AmfValue[][] = [];
    const app = defineApplication({ name: 'probe', onConnect: (_c, ...args) => void seen.push(args) });
    const srv = await startTestServer([app]);
    try {
      const run = await runTool(
        'rtmpdump',
        // -w/-x (SWF verification data) make librtmp use the FP9 digest handshake and check our S1/S2 (-z logs it).
        ['-r', `${srv.url}/probe`, '-y', 'nothing', '-w', '11'.repeat(32), '-x', '12345', '-z', '-C', 'S:hello', '-C', 'N:42', '-C', 'B:1', '-C', 'O:1', '-C', 'NS:user:bob', '-C', 'NN:n:3', '-C', 'O:0', '-v', '-m', '5', '-o', '/dev/null'],
        15_000,
      );
      assert.equal(run.timedOut, false, run.stderr);
      assert.deepEqual(seen, [['hello', 42, true, { user: 'bob', n: 3 }]]);
      const hs = srv.log.find('handshake completed');
      assert.equal(hs.length, 1);
      assert.equal(hs[0].fields.digest, true);
      assert.match(run.stderr, /Genuine Adobe Flash Media Server/);
      assert.match(run.stderr, /NetStream\.Play\.StreamNotFound/);
    } finally {
      await srv.close();
    }
  });

  it('gets InvalidApp for an unknown application and Rejected from onConnect', async (t) => {
    if (!needTools(t, 'rtmpdump')) return;
    const app = defineApplication({ name: 'closed', onConnect: () => ({ reject: 'Go away.' }) });
    const srv = await startTestServer([app]);
    try {
      const a = await runTool('rtmpdump', ['-r', `${srv.url}/nosuchapp`, '-y', 'x', '-v', '-m', '5', '-o', '/dev/null'], 15_000);
      const b = await runTool('rtmpdump', ['-r', `${srv.url}/closed`, '-y', 'x', '-v', '-m', '5', '-o', '/dev/null'], 15_000);
      assert.notEqual(a.code, 0);
      assert.notEqual(b.code, 0);
      const refused = srv.log.find('connect refused').map((e) => e.fields.code);
      assert.deepEqual(refused, ['NetConnection.Connect.InvalidApp', 'NetConnection.Connect.Rejected']);
    } finally {
      await srv.close();
    }
  });
});
