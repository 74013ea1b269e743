// Players in step take whole batches (LivePlayer's grouping). The rule under test: what reaches each connection
// is exactly what it would be if every message were offered to every player one by one.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LiveOptions } from '../../../src/server/live/index.js';
import { FakeConn, fakeInstance, harness, msg, play, publish, send } from './fakes.js';

describe('live players in step (grouped)', () => {
  it('a grouped player toggling video mid-batch gets what came before, then restarts at a keyframe', async () => {
    const h = harness();
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'cam');
    play(h, viewer, 'cam');
    send(h, pub, msg.key(0));
    h.tick(); // the viewer is in step from here on
    send(h, pub, msg.inter(40));
    send(h, pub, msg.audio(50));
    await h.handler.handle(viewer, { type: 'receiveVideoChanged', streamId: 1, enabled: false });
    send(h, pub, msg.inter(80));
    send(h, pub, msg.audio(90));
    await h.handler.handle(viewer, { type: 'receiveVideoChanged', streamId: 1, enabled: true });
    send(h, pub, msg.inter(120));
    send(h, pub, msg.key(160));
    h.tick();
    assert.deepEqual(viewer.media().map((m) => m.tag), ['K0', 'v40', 'a50', 'a90', 'K160']);
  });

  it('a grouped player paused mid-batch gets the media before Pause.Notify, none after', async () => {
    const h = harness();
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'cam');
    play(h, viewer, 'cam');
    send(h, pub, msg.key(0));
    h.tick();
    viewer.wire.length = 0;
    send(h, pub, msg.inter(40));
    await h.handler.handle(viewer, { type: 'pauseRequested', streamId: 1, paused: true, position: 0 });
    send(h, pub, msg.inter(80));
    h.tick();
    assert.deepEqual(viewer.summary(), ['v40@1', 'NetStream.Pause.Notify@1', 'uc1@1']);
  });

  it('writes one buffer per flush to a grouped player and falls back to the per-message rules when behind', async () => {
    const h = harness({ playerBacklogBytes: 1000 });
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'cam');
    play(h, viewer, 'cam');
    send(h, pub, msg.key(0));
    h.tick();
    const writes = viewer.sharedWrites;
    send(h, pub, msg.audio(10));
    send(h, pub, msg.inter(40));
    h.tick();
    assert.equal(viewer.sharedWrites - writes, 1);
    viewer.writableLength = 100_000; // far behind: frames are skipped to the next keyframe, the player is told
    send(h, pub, msg.inter(80));
    h.tick();
    viewer.writableLength = 0;
    send(h, pub, msg.inter(120));
    send(h, pub, msg.key(160));
    h.tick();
    assert.deepEqual(viewer.media().map((m) => m.tag), ['K0', 'a10', 'v40', 'K160']);
    assert.deepEqual(viewer.statuses().slice(-1), ['NetStream.Play.InsufficientBW']);
  });
});

// ---- equivalence: grouped and per-message fan-out write the same bytes in the same order -------------------------

type Op =
  | { op: 'media'; kind: 'key' | 'inter' | 'audio' | 'data' | 'vseq' | 'aseq' }
  | { op: 'tick'; backlog: number[]; advanceMs: number }
  | { op: 'pause' | 'unpause' | 'audioOff' | 'audioOn' | 'videoOff' | 'videoOn' | 'stop' | 'play'; viewer: number }
  | { op: 'republish' };

const VIEWERS = 4;
const viewerArb = fc.integer({ min: 0, max: VIEWERS - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('media' as const), kind: fc.constantFrom('key', 'inter', 'inter', 'audio', 'audio', 'data', 'vseq', 'aseq') }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('tick' as const),
      backlog: fc.array(fc.constantFrom(0, 0, 0, 500, 5_000, 300_000), { minLength: VIEWERS, maxLength: VIEWERS }),
      advanceMs: fc.constantFrom(0, 0, 100, 20_000),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constantFrom('pause', 'unpause', 'audioOff', 'audioOn', 'videoOff', 'videoOn', 'stop', 'play') as fc.Arbitrary<
        'pause' | 'unpause' | 'audioOff' | 'audioOn' | 'videoOff' | 'videoOn' | 'stop' | 'play'
      >,
      viewer: viewerArb,
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'republish' as const }) },
);

async function run(ops: readonly Op[], options: Partial<LiveOptions>): Promise<{ wires: string[][]; closed: boolean[] }> {
  const h = harness({ playerBacklogBytes: 2_000, laggingDisconnectMs: 10_000, ...options });
  const inst = fakeInstance();
  const pub = new FakeConn('p', inst);
  const viewers = Array.from({ length: VIEWERS }, (_, i) => new FakeConn(`v${i}`, inst));
  await publish(h, pub, 'cam');
  for (const v of viewers) play(h, v, 'cam');
  let ts = 0;
  for (const o of ops) {
    if (o.op === 'media') {
      ts += 10;
      const m =
        o.kind === 'key' ? msg.key(ts)
        : o.kind === 'inter' ? msg.inter(ts)
        : o.kind === 'audio' ? msg.audio(ts)
        : o.kind === 'vseq' ? msg.videoSeq(ts)
        : o.kind === 'aseq' ? msg.audioSeq(ts)
        : msg.data('onCuePoint', ts);
      send(h, pub, m);
    } else if (o.op === 'tick') {
      // A flush as a video frame would cause: audio held for video would otherwise move when a grouped player's
      // backlog is judged (at its flush) relative to the clock and backlog changes below.
      h.tick();
      for (const s of h.handler.registry.all()) s.flush();
      o.backlog.forEach((b, i) => (viewers[i].writableLength = b));
      h.advance(o.advanceMs);
    } else if (o.op === 'republish') {
      await h.handler.handle(pub, { type: 'closeStreamRequested', streamId: 1 });
      await publish(h, pub, 'cam');
    } else {
      const v = viewers[o.viewer];
      if (v.closed) continue;
      const sid = 1;
      if (o.op === 'pause' || o.op === 'unpause') {
        await h.handler.handle(v, { type: 'pauseRequested', streamId: sid, paused: o.op === 'pause', position: 0 });
      } else if (o.op === 'audioOff' || o.op === 'audioOn') {
        await h.handler.handle(v, { type: 'receiveAudioChanged', streamId: sid, enabled: o.op === 'audioOn' });
      } else if (o.op === 'videoOff' || o.op === 'videoOn') {
        await h.handler.handle(v, { type: 'receiveVideoChanged', streamId: sid, enabled: o.op === 'videoOn' });
      } else if (o.op === 'stop') {
        await h.handler.handle(v, { type: 'closeStreamRequested', streamId: sid });
      } else {
        play(h, v, 'cam');
      }
    }
  }
  h.tick();
  for (const s of h.handler.registry.all()) s.flush();
  return { wires: [pub, ...viewers].map((c) => c.summary()), closed: viewers.map((v) => v.closed) };
}

describe('live players in step: same output as per-message fan-out', () => {
  it('holds for random publish / play / pause / receive* / backlog / republish sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 80 }), async (ops) => {
        const grouped = await run(ops, { groupInStepPlayers: true });
        const single = await run(ops, { groupInStepPlayers: false });
        assert.deepEqual(grouped, single);
      }),
      { numRuns: 300 },
    );
  });
});
