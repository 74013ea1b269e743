// Wireshark's RTMP dissector reads what our sessions write: connect, the FMS-style _result, createStream,
// publish, onStatus and chunked media, without malformed packets or warnings.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageType } from '../../../src/rtmp/index.js';
import { connectedPair } from '../session/pair.js';
import { type Segment, toPcap } from '../../interop/pcap.js';
import { needTools, runTool, tempDir } from './tools.js';

/** A session pair's transcript as the shared pcap writer's segments. */
function segments(transcript: ReadonlyArray<{ from: 'client' | 'server'; bytes: Buffer }>): Segment[] {
  return transcript.map((t) => ({ fromClient: t.from === 'client', bytes: t.bytes }));
}

/** One tshark pass over a capture: message type ids, AMF strings, and packets flagged malformed or warned about. */
async function dissect(file: string): Promise<{ typeIds: Set<number>; strings: string; flagged: string[] }> {
  const r = await runTool('tshark', [
    '-r', file, '-d', 'tcp.port==1935,rtmpt', '-o', 'tcp.desegment_tcp_streams:TRUE',
    '-T', 'fields', '-E', 'separator=|', '-e', 'frame.number', '-e', 'rtmpt.header.typeid', '-e', 'amf.string',
    '-e', '_ws.malformed', '-e', '_ws.expert.severity',
  ], 15_000);
  if (r.code !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  const typeIds = new Set<number>();
  const strings: string[] = [];
  const flagged: string[] = [];
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const [, types, amf, malformed, severity] = line.split('|');
    for (const t of types.split(',').filter(Boolean)) typeIds.add(Number(t));
    strings.push(amf);
    const worst = Math.max(0, ...severity.split(',').filter(Boolean).map(Number));
    if (malformed !== '' || worst >= 6291456) flagged.push(line);
  }
  return { typeIds, strings: strings.join(','), flagged };
}

describe('tshark RTMP dissector', () => {
  it('dissects connect, _result, createStream, publish, onStatus and media without malformed packets', async (t) => {
    if (!needTools(t, 'tshark')) return;
    const tmp = tempDir();
    try {
      const p = connectedPair({ commandObject: { flashVer: 'WIN 32,0,0,465', objectEncoding: 0 } });
      p.fromClient(p.client.createStream().outputs);
      p.fromClient(p.client.publish(1, 'cam'));
      p.fromServer(p.server.sendStatus(1, { level: 'status', code: 'NetStream.Publish.Start', description: 'cam is now published.' }));
      for (let i = 0; i < 5; i++) {
        p.fromClient(p.client.sendMessage({ typeId: MessageType.Video, streamId: 1, timestamp: i * 40, payload: Buffer.alloc(6000, i === 0 ? 0x17 : 0x27) }));
      }
      p.fromServer(p.server.sendMessage({ typeId: MessageType.Video, streamId: 1, timestamp: 0x1000000, payload: Buffer.alloc(9000, 0x27) }));
      const file = join(tmp.dir, 'rtmp.pcap');
      writeFileSync(file, toPcap(segments(p.transcript)));
      const d = await dissect(file);
      for (const s of ['connect', '_result', 'NetConnection.Connect.Success', 'createStream', 'publish', 'onStatus', 'NetStream.Publish.Start']) {
        assert.ok(d.strings.includes(s), `tshark did not show ${s}:\n${d.strings}`);
      }
      for (const id of [1, 5, 6, 9, 20]) assert.ok(d.typeIds.has(id), `type ${id} not dissected: ${[...d.typeIds]}`);
      assert.deepEqual(d.flagged, [], 'malformed or warning packets');
    } finally {
      tmp.remove();
    }
  });

  it('dissects AMF3 commands (type 17, objectEncoding 3) without malformed packets', async (t) => {
    if (!needTools(t, 'tshark')) return;
    const tmp = tempDir();
    try {
      const p = connectedPair({ commandObject: { objectEncoding: 3 } });
      const { outputs } = p.client.call('saveScore', [{ player: 'ann', points: 42, tags: ['a', 'b'] }]);
      p.fromClient(outputs);
      // One object per value: Wireshark's AMF3 dissector does not follow trait references (a second anonymous
      // object is written, as Flash writes it, with a reference to the first one's traits).
      p.fromServer(p.server.reply(p.serverEvent('callReceived').requestId, { rank: 3, board: ['ann', 'bob'] }));
      p.fromServer(p.server.call('notify', [{ text: 'hello' }], false).outputs);
      const file = join(tmp.dir, 'amf3.pcap');
      writeFileSync(file, toPcap(segments(p.transcript)));
      const d = await dissect(file);
      assert.ok(d.typeIds.has(17), `no type 17 dissected: ${[...d.typeIds]}`);
      for (const s of ['saveScore', '_result', 'notify', 'ann', 'bob', 'hello']) {
        assert.ok(d.strings.includes(s), `tshark did not show ${s}:\n${d.strings}`);
      }
      assert.deepEqual(d.flagged, [], 'malformed or warning packets');
    } finally {
      tmp.remove();
    }
  });
});
