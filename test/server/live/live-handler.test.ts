import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeScriptData, readFlvFile, type ScriptObject } from '../../../src/media/index.js';
import { recordingPath } from '../../../src/server/live/index.js';
import { FakeConn, fakeInstance, harness, msg, name, play, publish, send, type Harness } from './fakes.js';

/** Publisher sends metadata, headers and one GOP (keyframe at 0, inter frames and audio after). */
function startStream(h: Harness, pub: FakeConn): void {
  send(h, pub, msg.setDataFrame());
  send(h, pub, msg.videoSeq());
  send(h, pub, msg.audioSeq());
  send(h, pub, msg.key(0));
  send(h, pub, msg.audio(10));
  send(h, pub, msg.inter(40));
  h.tick();
}

describe('live publish', () => {
  it('answers publish with StreamBegin + NetStream.Publish.Start on the stream id (the session answers FCPublish)', async () => {
    const h = harness();
    const inst = fakeInstance();
    const pub = new FakeConn('p', inst);
    await h.handler.handle(pub, { type: 'fcPublishRequested', name: 'cam' });
    assert.equal(await publish(h, pub, 'cam?key=secret', 1), true);
    assert.deepEqual(pub.summary(), ['uc0@1', 'NetStream.Publish.Start@1']);
    assert.equal(pub.wire[1] && 'details' in pub.wire[1] && pub.wire[1].details, 'cam?key=secret');
  });

  it('refuses a second publisher with NetStream.Publish.BadName and never relays its media', async () => {
    const h = harness();
    const inst = fakeInstance();
    const [a, b, viewer] = [new FakeConn('a', inst), new FakeConn('b', inst), new FakeConn('v', inst)];
    await publish(h, a, 'cam');
    play(h, viewer, 'cam');
    assert.equal(await publish(h, b, 'cam'), false);
    assert.deepEqual(b.wire.map((w) => ('status' in w ? [w.status, w.level] : [])), [['NetStream.Publish.BadName', 'error']]);
    send(h, b, msg.key(999));
    send(h, a, msg.key(5));
    h.tick();
    assert.deepEqual(viewer.media().map((m) => m.tag), ['K5']);
    assert.equal(h.handler.stats().streams, 1);
  });

  it('keeps instances apart: the same name publishes in two instances', async () => {
    const h = harness();
    const [x, y] = [fakeInstance('x'), fakeInstance('y')];
    assert.equal(await publish(h, new FakeConn('a', x), 'cam'), true);
    assert.equal(await publish(h, new FakeConn('b', y), 'cam'), true);
  });

  it('tells players UnpublishNotify + StreamEOF on unpublish and PublishNotify when the publisher returns', async () => {
    const h = harness();
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'cam');
    play(h, viewer, 'cam', 3);
    startStream(h, pub);
    viewer.wire.length = 0;
    await h.handler.handle(pub, { type: 'closeStreamRequested', streamId: 1 });
    assert.deepEqual(pub.statuses().slice(-1), ['NetStream.Unpublish.Success']);
    assert.deepEqual(viewer.summary(), ['NetStream.Play.UnpublishNotify@3', 'uc1@3']);
    viewer.wire.length = 0;
    await publish(h, pub, 'cam', 1);
    assert.deepEqual(viewer.summary(), ['uc0@3', 'NetStream.Play.PublishNotify@3']);
    // The new publisher's stream starts clean: a keyframe first, no stale GOP.
    send(h, pub, msg.inter(5));
    send(h, pub, msg.key(6));
    h.tick();
    assert.deepEqual(viewer.media().map((m) => m.tag), ['K6']);
  });

  it('unpublishes on disconnect and forgets the stream when nobody is left', async () => {
    const h = harness();
    const inst = fakeInstance();
    const pub = new FakeConn('p', inst);
    await publish(h, pub, 'cam');
    h.handler.disconnected(pub);
    assert.equal(h.handler.stats().streams, 0);
    assert.equal(await publish(h, new FakeConn('q', inst), 'cam'), true);
  });

  it('splits aggregate messages into their tags', async () => {
    const h = harness();
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'cam');
    play(h, viewer, 'cam');
    const k = msg.key(0).payload;
    const a = msg.audio(0).payload;
    const tag = (type: number, ts: number, data: Buffer): Buffer => {
      const hd = Buffer.alloc(11);
      hd[0] = type; hd.writeUIntBE(data.length, 1, 3); hd.writeUIntBE(ts, 4, 3);
      const prev = Buffer.alloc(4); prev.writeUInt32BE(11 + data.length);
      return Buffer.concat([hd, data, prev]);
    };
    send(h, pub, { typeId: 22, streamId: 1, timestamp: 1000, payload: Buffer.concat([tag(9, 50, k), tag(8, 60, a)]) });
    h.tick();
    assert.deepEqual(viewer.media().map((m) => [m.tag, m.ts]), [['K1000', 1000], ['a1010', 1010]]);
  });
});

describe('live play', () => {
  it('sends the FMS sequence to a late joiner: StreamBegin, Reset, Start, |RtmpSampleAccess, Data.Start, metadata, headers, GOP', async () => {
    const h = harness({ dataStartStatus: true });
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'cam');
    startStream(h, pub);
    play(h, viewer, 'cam', 5);
    assert.deepEqual(viewer.summary(), [
      'uc0@5', 'NetStream.Play.Reset@5', 'NetStream.Play.Start@5', '|RtmpSampleAccess@5', 'onStatus@5',
      'd:onMetaData@5', 'vseq@5', 'aseq@5', 'K0@5', 'a10@5', 'v40@5',
    ]);
    // Media on the play stream's id, audio/data on csid 6 and video on csid 7.
    assert.deepEqual(viewer.media().map((m) => m.csid), [6, 7, 6, 7, 6, 7]);
    send(h, pub, msg.audio(50));
    send(h, pub, msg.inter(80));
    h.tick();
    assert.deepEqual(viewer.summary().slice(-2), ['a50@5', 'v80@5']);
  });

  it('omits Play.Reset when reset is false and waits for a keyframe when the GOP cache is off', async () => {
    const h = harness({ gopCacheBytes: 0 });
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'cam');
    startStream(h, pub);
    play(h, viewer, 'cam', 1, false);
    // Without dataStartStatus (the default) no onStatus data message: ffmpeg would make a data stream of it.
    assert.deepEqual(viewer.summary(), ['uc0@1', 'NetStream.Play.Start@1', '|RtmpSampleAccess@1', 'd:onMetaData@1', 'vseq@1', 'aseq@1']);
    send(h, pub, msg.audio(60));
    send(h, pub, msg.inter(80));
    send(h, pub, msg.key(120));
    send(h, pub, msg.audio(130));
    h.tick();
    assert.deepEqual(viewer.media().slice(3).map((m) => m.tag), ['K120', 'a130']);
  });

  it('encodes each message once for every player on the same chunk size and stream id', async () => {
    const h = harness();
    const inst = fakeInstance();
    const pub = new FakeConn('p', inst);
    await publish(h, pub, 'cam');
    const viewers = Array.from({ length: 20 }, (_, i) => new FakeConn(`v${i}`, inst));
    for (const v of viewers) play(h, v, 'cam');
    send(h, pub, msg.key(0));
    h.tick();
    assert.equal(h.encodes, 1);
    play(h, new FakeConn('other', inst), 'cam', 2);
    play(h, new FakeConn('small', inst, 128), 'cam', 1);
    assert.equal(h.encodes, 3, 'one more encoding per distinct (chunk size, stream id)');
  });

  it('writes to each player once per video frame: audio rides with the next frame', async () => {
    const h = harness();
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'cam');
    play(h, viewer, 'cam');
    let turnsWithWrites = 0;
    for (let i = 0; i < 25; i++) {
      for (const m of [i === 0 ? msg.key(i * 40) : msg.inter(i * 40), msg.audio(i * 40 + 10), msg.audio(i * 40 + 30)]) {
        const before = viewer.sharedWrites;
        send(h, pub, m);
        h.tick(); // each message in its own event-loop turn, the worst case
        if (viewer.sharedWrites > before) turnsWithWrites++;
      }
    }
    send(h, pub, msg.inter(1000));
    h.tick();
    assert.equal(viewer.media().length, 76, 'the last audio went out with the next frame');
    assert.equal(turnsWithWrites, 25);
  });

  it('from gatherMinPlayers on, writes video frames in pairs, and a lone frame waits at most one interval', async () => {
    const h = harness({ gatherMinPlayers: 3, maxGatherMs: 45 });
    const inst = fakeInstance();
    const pub = new FakeConn('p', inst);
    await publish(h, pub, 'cam');
    const viewers = [new FakeConn('v0', inst), new FakeConn('v1', inst)];
    for (const v of viewers) play(h, v, 'cam');
    send(h, pub, msg.key(0));
    h.tick();
    assert.equal(viewers[0].media().length, 1, 'below gatherMinPlayers every frame goes out at once');
    viewers.push(new FakeConn('v2', inst));
    play(h, viewers[2], 'cam');
    const writes = viewers.map((v) => v.sharedWrites);
    for (let i = 1; i <= 4; i++) {
      send(h, pub, msg.inter(i * 40));
      send(h, pub, msg.audio(i * 40 + 10));
      h.tick();
    }
    for (const [i, v] of viewers.entries()) {
      assert.equal(v.sharedWrites - writes[i], 2, 'one write per two frames');
      assert.deepEqual(v.media().slice(-8).map((m) => m.tag), ['v40', 'a50', 'v80', 'a90', 'v120', 'a130', 'v160', 'a170']);
    }
    // The stream pauses after one frame: the timer writes it after a little over the frame interval (40 ms).
    send(h, pub, msg.inter(200));
    h.tick();
    assert.equal(viewers[0].media().at(-1)?.tag, 'a170');
    h.advance(44);
    assert.equal(viewers[0].media().at(-1)?.tag, 'a170');
    h.advance(1);
    assert.equal(viewers[0].media().at(-1)?.tag, 'v200', 'no frame waits longer than the interval plus 5 ms');
    // A timer left from a batch that already went out does nothing.
    send(h, pub, msg.inter(240));
    send(h, pub, msg.inter(280));
    h.tick();
    const before = viewers[0].sharedWrites;
    h.advance(100);
    assert.equal(viewers[0].sharedWrites, before);
    assert.deepEqual(viewers[0].media().slice(-2).map((m) => m.tag), ['v240', 'v280']);
  });

  it('does not hold audio longer than maxHoldMs of stream time when video is rare', async () => {
    const h = harness({ maxHoldMs: 100 });
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'slides');
    play(h, viewer, 'slides');
    send(h, pub, msg.key(0));
    h.tick();
    const got: number[] = [];
    for (let ts = 23; ts < 400; ts += 23) {
      send(h, pub, msg.audio(ts));
      h.tick();
      got.push(viewer.media().length);
    }
    // Written as soon as the held audio spans 100 ms: the first of a burst waits at most 5 frames of 23 ms.
    const waits = got.map((n, i) => (i > 0 && n === got[i - 1] ? 1 : 0));
    let run = 0;
    let longest = 0;
    for (const w of waits) { run = w ? run + 1 : 0; longest = Math.max(longest, run); }
    assert.ok(longest <= 5, `audio waited ${longest + 1} frames`);
    assert.equal(got.at(-1), 13, "the key frame and two bursts of six; the last five wait for more");
  });

  it('writes a batch gathered in one turn to each in-step player as one shared Buffer', async () => {
    const h = harness();
    const inst = fakeInstance();
    const pub = new FakeConn('p', inst);
    await publish(h, pub, 'cam');
    const viewers = [new FakeConn('a', inst), new FakeConn('b', inst)];
    for (const v of viewers) play(h, v, 'cam');
    send(h, pub, msg.key(0));
    h.tick();
    const before = viewers.map((v) => v.sharedWrites);
    send(h, pub, msg.audio(10));
    send(h, pub, msg.audio(30));
    send(h, pub, msg.inter(40));
    h.tick();
    assert.deepEqual(viewers.map((v, i) => v.sharedWrites - before[i]), [1, 1]);
    assert.deepEqual(viewers[0].media().map((m) => m.tag), ['K0', 'a10', 'a30', 'v40']);
    assert.deepEqual(viewers[1].media().map((m) => m.tag), ['K0', 'a10', 'a30', 'v40']);
  });

  it('delivers an audio-only stream at once, without waiting for a keyframe', async () => {
    const h = harness();
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'radio');
    play(h, viewer, 'radio');
    send(h, pub, msg.mp3(0));
    h.tick();
    send(h, pub, msg.mp3(26));
    h.tick();
    assert.deepEqual(viewer.media().map((m) => m.tag), ['a0', 'a26']);
  });

  it('forwards other data messages and relays AMF3 data as AMF0', async () => {
    const h = harness();
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'cam');
    play(h, viewer, 'cam');
    send(h, pub, msg.data('onCuePoint', 5));
    const amf3 = msg.data('onTextData', 6);
    send(h, pub, { ...amf3, typeId: 15, payload: Buffer.concat([Buffer.from([0]), amf3.payload]) });
    h.tick();
    assert.deepEqual(viewer.media().map((m) => [m.media, m.tag]), [[18, 'd:onCuePoint'], [18, 'd:onTextData']]);
  });

  it('pauses (Pause.Notify, StreamEOF, no media) and resumes at the live point with the GOP', async () => {
    const h = harness();
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'cam');
    startStream(h, pub);
    play(h, viewer, 'cam');
    viewer.wire.length = 0;
    await h.handler.handle(viewer, { type: 'pauseRequested', streamId: 1, paused: true, position: 0 });
    send(h, pub, msg.inter(80));
    send(h, pub, msg.key(120));
    h.tick();
    await h.handler.handle(viewer, { type: 'pauseRequested', streamId: 1, paused: false, position: 0 });
    send(h, pub, msg.inter(160));
    h.tick();
    assert.deepEqual(viewer.summary(), ['NetStream.Pause.Notify@1', 'uc1@1', 'NetStream.Unpause.Notify@1', 'uc0@1', 'K120@1', 'v160@1']);
  });

  it('stops video on receiveVideo(false) and restarts it at a keyframe', async () => {
    const h = harness();
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'cam');
    play(h, viewer, 'cam');
    send(h, pub, msg.key(0));
    await h.handler.handle(viewer, { type: 'receiveVideoChanged', streamId: 1, enabled: false });
    send(h, pub, msg.inter(40));
    send(h, pub, msg.audio(41));
    await h.handler.handle(viewer, { type: 'receiveVideoChanged', streamId: 1, enabled: true });
    send(h, pub, msg.inter(80));
    send(h, pub, msg.key(120));
    h.tick();
    assert.deepEqual(viewer.media().map((m) => m.tag), ['K0', 'a41', 'K120']);
  });

  it('plays several streams on one connection, each on its own stream id', async () => {
    const h = harness();
    const inst = fakeInstance();
    const [p1, p2, viewer] = [new FakeConn('p1', inst), new FakeConn('p2', inst), new FakeConn('v', inst)];
    await publish(h, p1, 'one');
    await publish(h, p2, 'two');
    play(h, viewer, 'one', 1);
    play(h, viewer, 'two', 2);
    send(h, p1, msg.key(1));
    send(h, p2, msg.key(2));
    h.tick();
    assert.deepEqual(viewer.media().map((m) => [m.tag, m.sid]), [['K1', 1], ['K2', 2]]);
    await h.handler.handle(viewer, { type: 'closeStreamRequested', streamId: 1 });
    send(h, p1, msg.key(3));
    send(h, p2, msg.key(4));
    h.tick();
    assert.deepEqual(viewer.media().slice(2).map((m) => [m.tag, m.sid]), [['K4', 2]]);
  });
});

describe('play start and length', () => {
  const playWith = (h: Harness, conn: FakeConn, start: number, duration: number): unknown =>
    h.handler.handle(conn, { type: 'playRequested', requestId: 2, streamId: 1, name: 'cam', start, duration, reset: true, stream: name('cam') });

  it('plays a live stream for start >= 0 by default, and answers StreamNotFound when told to act as FMS', async () => {
    const lenient = harness();
    const inst = fakeInstance();
    await publish(lenient, new FakeConn('p', inst), 'cam');
    assert.equal(playWith(lenient, new FakeConn('v', inst), 0, -1), true);
    const strict = harness({ recordedStart: 'notFound' });
    const viewer = new FakeConn('v', inst);
    await publish(strict, new FakeConn('p', inst), 'cam');
    assert.equal(playWith(strict, viewer, 0, -1), false);
    assert.deepEqual(viewer.wire.map((w) => ('status' in w ? [w.status, w.level] : [])), [['NetStream.Play.StreamNotFound', 'error']]);
    assert.equal(playWith(strict, new FakeConn('w', inst), -2000, -1), true);
    assert.equal(playWith(strict, new FakeConn('x', inst), -1000, -1), true);
  });

  it('stops a player after len ms of the stream with Play.Stop and StreamEOF', async () => {
    const h = harness();
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'cam');
    playWith(h, viewer, -2000, 100);
    for (let ts = 1000; ts <= 1200; ts += 40) { send(h, pub, ts === 1000 ? msg.key(ts) : msg.inter(ts)); h.tick(); }
    assert.deepEqual(viewer.summary().slice(4), ['K1000@1', 'v1040@1', 'v1080@1', 'v1120@1', 'NetStream.Play.Stop@1', 'uc1@1']);
    assert.equal(h.handler.stats().players, 0);
  });
});

describe('slow players', () => {
  it('drops whole frames to the next keyframe, warns once with InsufficientBW, and never slows the others', async () => {
    const h = harness({ playerBacklogBytes: 300, laggingDisconnectMs: 5000 });
    const inst = fakeInstance();
    const [pub, fast, slow] = [new FakeConn('p', inst), new FakeConn('f', inst), new FakeConn('s', inst)];
    await publish(h, pub, 'cam');
    play(h, fast, 'cam');
    play(h, slow, 'cam');
    slow.stalled = true;
    const sent: string[] = [];
    for (let i = 0; i < 30; i++) {
      const v = i % 10 === 0 ? msg.key(i * 40) : msg.inter(i * 40);
      send(h, pub, v);
      send(h, pub, msg.audio(i * 40 + 20));
      sent.push(i % 10 === 0 ? `K${i * 40}` : `v${i * 40}`, `a${i * 40 + 20}`);
      h.tick();
    }
    assert.deepEqual(fast.media().map((m) => m.tag), sent);
    assert.deepEqual(slow.statuses().filter((s) => s.includes('InsufficientBW')), ['NetStream.Play.InsufficientBW']);
    const before = slow.writableLength;
    // Stalled: nothing more is gathered for it, so it costs no growing memory.
    for (let i = 30; i < 60; i++) { send(h, pub, msg.inter(i * 40)); h.tick(); }
    assert.equal(slow.writableLength, before);
    assert.equal(h.handler.stats().players, 2);
    // It catches up: the next thing it gets is a keyframe, never a frame that needs the dropped ones.
    slow.stalled = false;
    slow.writableLength = 0;
    const seen = slow.media().length;
    send(h, pub, msg.audio(2410));
    send(h, pub, msg.inter(2440));
    send(h, pub, msg.key(2480));
    send(h, pub, msg.inter(2520));
    h.tick();
    assert.deepEqual(slow.media().slice(seen).map((m) => m.tag), ['K2480', 'v2520']);
  });

  it('raises the backlog limit to the largest frame plus a margin, so one big keyframe never costs a GOP', async () => {
    const h = harness({ playerBacklogBytes: 100 });
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'cam');
    play(h, viewer, 'cam');
    const big = msg.key(0);
    send(h, pub, { ...big, payload: Buffer.concat([big.payload, Buffer.alloc(1000)]) });
    h.tick();
    viewer.writableLength = 900; // the keyframe is still in Node's queue
    send(h, pub, msg.inter(40));
    h.tick();
    assert.deepEqual(viewer.media().map((m) => m.tag), ['K0', 'v40']);
    viewer.writableLength = 2100; // above 1013 + 1013: behind
    send(h, pub, msg.inter(80));
    h.tick();
    assert.deepEqual(viewer.media().map((m) => m.tag), ['K0', 'v40']);
  });

  it('does not count a late joiner draining its GOP as behind, but bounds one that never drains', async () => {
    const h = harness({ playerBacklogBytes: 100 });
    const inst = fakeInstance();
    const [pub, joiner, frozen] = [new FakeConn('p', inst), new FakeConn('j', inst), new FakeConn('f', inst)];
    await publish(h, pub, 'cam');
    send(h, pub, msg.key(0));
    for (let i = 1; i < 20; i++) send(h, pub, msg.inter(i * 40));
    h.tick();
    play(h, joiner, 'cam');
    play(h, frozen, 'cam');
    const burst = joiner.media().length;
    assert.equal(burst, 20);
    frozen.stalled = true;
    // Socket still holding most of the GOP, draining a little each frame.
    for (let i = 20; i < 30; i++) {
      joiner.writableLength = (30 - i) * 80;
      frozen.writableLength += 2000;
      send(h, pub, msg.inter(i * 40));
      h.tick();
    }
    assert.equal(joiner.media().length, burst + 10, 'every live frame after the GOP');
    assert.equal(frozen.media().length, burst, 'a joiner that never drains gets nothing more');
  });

  it('caps the margin above a large frame at 64 KiB', async () => {
    const h = harness({ playerBacklogBytes: 100 });
    const inst = fakeInstance();
    const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
    await publish(h, pub, 'cam');
    play(h, viewer, 'cam');
    const big = msg.key(0);
    send(h, pub, { ...big, payload: Buffer.concat([big.payload, Buffer.alloc(200_000)]) });
    h.tick();
    viewer.writableLength = 260_000;
    send(h, pub, msg.inter(40));
    h.tick();
    viewer.writableLength = 270_000; // above 200 013 + 65 536
    send(h, pub, msg.inter(80));
    h.tick();
    assert.deepEqual(viewer.media().map((m) => m.tag), ['K0', 'v40']);
  });

  it('stops queueing data messages for a stalled player too', async () => {
    const h = harness({ playerBacklogBytes: 100, laggingDisconnectMs: 0 });
    const inst = fakeInstance();
    const [pub, slow] = [new FakeConn('p', inst), new FakeConn('s', inst)];
    await publish(h, pub, 'cam');
    play(h, slow, 'cam');
    slow.stalled = true;
    for (let i = 0; i < 200; i++) { send(h, pub, msg.data('onTextData', i)); h.tick(); }
    assert.ok(slow.writableLength < 400, `queued ${slow.writableLength} bytes`);
  });

  it('cuts off a player left behind when the stream goes quiet', async () => {
    const h = harness({ playerBacklogBytes: 100, laggingDisconnectMs: 3000 });
    const inst = fakeInstance();
    const [pub, slow] = [new FakeConn('p', inst), new FakeConn('s', inst)];
    await publish(h, pub, 'cam');
    play(h, slow, 'cam');
    slow.stalled = true;
    for (let i = 0; i < 10; i++) { send(h, pub, i === 0 ? msg.key(i * 40) : msg.inter(i * 40)); h.tick(); }
    assert.equal(slow.closed, false);
    h.advance(2000);
    assert.equal(slow.closed, false);
    h.advance(1100);
    assert.equal(slow.closed, true);
    assert.equal(slow.closeReason, 'live player too slow');
  });

  it('disconnects a player that stays behind longer than the limit', async () => {
    const h = harness({ playerBacklogBytes: 100, laggingDisconnectMs: 3000 });
    const inst = fakeInstance();
    const [pub, slow] = [new FakeConn('p', inst), new FakeConn('s', inst)];
    await publish(h, pub, 'cam');
    play(h, slow, 'cam');
    slow.stalled = true;
    for (let i = 0; i < 100 && !slow.closed; i++) {
      h.clock.now = i * 40;
      send(h, pub, i % 25 === 0 ? msg.key(i * 40) : msg.inter(i * 40));
      h.tick();
    }
    assert.equal(slow.closed, true);
    assert.ok(h.clock.now > 3000 && h.clock.now < 3500, `closed at ${h.clock.now} ms`);
  });
});

describe('recording', () => {
  it('tells the publisher once with NetStream.Record.Failed when the disk falls behind, and the stream goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'live-rec-'));
    try {
      const h = harness({ recordQueueBytes: 200 });
      const inst = fakeInstance('_definst_', dir);
      const [pub, viewer] = [new FakeConn('p', inst), new FakeConn('v', inst)];
      await publish(h, pub, 'show', 1, 'record');
      play(h, viewer, 'show');
      for (let i = 0; i < 20; i++) send(h, pub, i === 0 ? msg.key(0) : msg.inter(i * 40));
      h.tick();
      assert.deepEqual(pub.statuses(), ['NetStream.Publish.Start', 'NetStream.Record.Start', 'NetStream.Record.Failed']);
      assert.equal(viewer.media().length, 20);
      await h.handler.handle(pub, { type: 'closeStreamRequested', streamId: 1 });
    } finally {
      await new Promise((r) => setTimeout(r, 50));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('puts recordings of other instances in a folder per instance and never outside the media folder', () => {
    assert.equal(recordingPath('/m/live', '_definst_', 'show.flv'), '/m/live/show.flv');
    assert.equal(recordingPath('/m/live', 'room1', 'a/show.flv'), '/m/live/room1/a/show.flv');
    assert.equal(recordingPath('/m/live', '..', 'show.flv'), undefined);
    assert.equal(recordingPath('/m/live', '_definst_', '../../etc/x.flv'), undefined);
  });

  it('publish "record" writes an FLV with the stream and a final onMetaData', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'live-rec-'));
    try {
      const h = harness();
      const inst = fakeInstance('_definst_', dir);
      const pub = new FakeConn('p', inst);
      await publish(h, pub, 'show', 1, 'record');
      assert.deepEqual(pub.statuses(), ['NetStream.Publish.Start', 'NetStream.Record.Start']);
      startStream(h, pub);
      send(h, pub, msg.key(1000));
      await h.handler.handle(pub, { type: 'closeStreamRequested', streamId: 1 });
      assert.deepEqual(pub.statuses().slice(2), ['NetStream.Record.Stop', 'NetStream.Unpublish.Success']);
      // close() of the recording finishes in the background: wait for the rewrite.
      let meta: ScriptObject | undefined;
      for (let i = 0; i < 100 && meta?.keyframes === undefined; i++) {
        await new Promise((r) => setTimeout(r, 10));
        const tags = [...readFlvFile(readFileSync(join(dir, 'show.flv')))];
        meta = decodeScriptData(tags[0].data)[1] as ScriptObject;
      }
      assert.equal(meta?.width, 320);
      assert.equal(meta?.duration, 1);
      assert.deepEqual((meta?.keyframes as ScriptObject).times, [0, 1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
