// Wireshark's RTMP dissector reads our connect/_result/onStatus without a malformed packet. The conversation is
// recorded through a relay and written as a pcap (no capture privileges needed), with the server on port 1935
// so tshark picks the RTMPT dissector by itself.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needTools, runTool } from './tools.js';
import { startTestServer } from './harness.js';
import { startRelay, toPcap } from './pcap.js';

describe('interop: tshark', () => {
  it('dissects connect, _result and onStatus with no malformed packets', async (t) => {
    if (!needTools(t, 'tshark', 'rtmpdump')) return;
    const srv = await startTestServer(undefined);
    const relay = await startRelay(srv.port);
    try {
      await runTool('rtmpdump', ['-r', `rtmp://127.0.0.1:${relay.port}/live`, '-y', 'missing', '-C', 'S:arg', '-v', '-m', '5', '-o', '/dev/null'], 15_000);
      const file = join(mkdtempSync(join(tmpdir(), 'fb-pcap-')), 'rtmp.pcap');
      writeFileSync(file, toPcap(relay.segments));
      const fields = await runTool('tshark', ['-r', file, '-Y', 'rtmpt', '-T', 'fields', '-e', 'amf.string'], 20_000);
      assert.equal(fields.code, 0, fields.stderr);
      const strings = fields.stdout;
      for (const s of ['connect', '_result', 'NetConnection.Connect.Success', 'createStream', 'FCSubscribe', 'onFCSubscribe', 'play', 'onStatus', 'NetStream.Play.StreamNotFound']) {
        assert.ok(strings.includes(s), `tshark did not find '${s}' in:\n${strings}`);
      }
      const malformed = await runTool('tshark', ['-r', file, '-Y', '_ws.malformed || _ws.expert.severity == error'], 20_000);
      assert.equal(malformed.stdout.trim(), '', `malformed packets:\n${malformed.stdout}`);
    } finally {
      await relay.close();
      await srv.close();
    }
  });
});
