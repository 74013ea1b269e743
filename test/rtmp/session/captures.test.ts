// Real client bytes (test/rtmp/fixtures) replayed into a ServerSession, fed whole, byte by byte, in odd pieces and
// with trailing bytes: the same events every time, and no protocol error.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ServerSession, type ServerEvent } from '../../../src/rtmp/index.js';
import { feedings } from '../helpers.js';

function fixture(name: string): Buffer {
  return Buffer.from(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8').trim(), 'hex');
}

/** Replays pieces, accepting connects and answering calls as a minimal application would. */
function replay(pieces: Buffer[]): ServerEvent[] {
  const s = ServerSession.create({ randomBytes: (n) => Buffer.alloc(n, 7), now: () => 0 });
  const events: ServerEvent[] = [];
  const handle = (outs: ReturnType<ServerSession['receive']>): void => {
    for (const o of outs) {
      if (o.kind !== 'event') continue;
      events.push(o.event);
      if (o.event.type === 'connectRequested') handle(s.accept(o.event.requestId));
    }
  };
  for (const p of pieces) handle(s.receive(p));
  return events;
}

function summary(events: ServerEvent[]): string[] {
  return events.map((e) => (e.type === 'mediaReceived' ? `media ${e.message.typeId} ${e.message.timestamp} ${e.message.payload.length}` : e.type));
}

describe('captured clients replayed', () => {
  it('ffmpeg publishing: digest handshake, connect, FCPublish, publish, media', () => {
    const bytes = fixture('ffmpeg-publish.client.hex');
    const whole = replay([bytes]);
    assert.deepEqual(whole[0], { type: 'handshakeCompleted', digest: true });
    const types = whole.map((e) => e.type);
    assert.ok(!types.includes('protocolError'));
    for (const t of ['connectRequested', 'releaseStreamRequested', 'fcPublishRequested', 'streamCreated', 'publishRequested', 'mediaReceived', 'fcUnpublishRequested', 'streamDeleted'] as const) {
      assert.ok(types.includes(t), `missing ${t}`);
    }
    const c = whole.find((e) => e.type === 'connectRequested');
    assert.ok(c?.type === 'connectRequested');
    assert.equal(c.request.app, 'live');
    assert.match(c.request.tcUrl, /^rtmp:\/\/127\.0\.0\.1:\d+\/live$/);
    const p = whole.find((e) => e.type === 'publishRequested');
    assert.ok(p?.type === 'publishRequested');
    assert.equal(p.name, 'cam?key=k');
    for (const { name, split } of feedings) {
      assert.deepEqual(summary(replay(split(bytes))), summary(whole), name);
      assert.deepEqual(summary(replay(split(Buffer.concat([bytes, Buffer.from([0x03, 0x00])])))), summary(whole), `${name} + trailing`);
    }
  });

  it('rtmpdump playing with the librtmp digest handshake and a -C argument', () => {
    const bytes = fixture('rtmpdump-play.client.hex');
    const whole = replay([bytes]);
    assert.deepEqual(whole[0], { type: 'handshakeCompleted', digest: true });
    const c = whole.find((e) => e.type === 'connectRequested');
    assert.ok(c?.type === 'connectRequested');
    assert.equal(c.request.app, 'vod/inst');
    assert.deepEqual(c.request.args, ['arg']);
    const play = whole.find((e) => e.type === 'playRequested');
    assert.ok(play?.type === 'playRequested');
    assert.equal(play.name, 'movie');
    for (const { name, split } of feedings) {
      assert.deepEqual(summary(replay(split(bytes))), summary(whole), name);
      assert.deepEqual(summary(replay(split(Buffer.concat([bytes, Buffer.from([0x43])])))), summary(whole), `${name} + trailing`);
    }
  });
});
