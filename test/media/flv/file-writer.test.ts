import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeScriptData, encodeScriptData, FlvFileWriter, readFlvFile, readFlvTagAt, type ScriptObject } from '../../../src/media/index.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const key = (n: number): Buffer => Buffer.concat([hex('17 01 000000'), Buffer.alloc(n, 1)]);
const inter = (n: number): Buffer => Buffer.concat([hex('27 01 000000'), Buffer.alloc(n, 2)]);
const aac = hex('af 01 2100');

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flv-writer-'));
    try { await fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
  };
}

function metadataOf(file: Buffer): ScriptObject {
  const first = [...readFlvFile(file)][0];
  assert.equal(first.type, 18);
  const [name, meta] = decodeScriptData(first.data);
  assert.equal(name, 'onMetaData');
  return meta as ScriptObject;
}

describe('FlvFileWriter', () => {
  it('starts the timeline at 0 and writes one onMetaData with duration, filesize and keyframe index', withDir(async (dir) => {
    const path = join(dir, 'a.flv');
    const w = await FlvFileWriter.open(path);
    w.write(9, 1000, hex('17 00 000000 0164001fffe1000467640001 01000368ebe3'));
    w.write(18, 1000, encodeScriptData(['onMetaData', { width: 320, duration: 99 }]));
    for (let i = 0; i < 10; i++) {
      w.write(9, 1000 + i * 40, i % 5 === 0 ? key(50) : inter(20));
      w.write(8, 1000 + i * 40 + 5, aac);
    }
    await w.close();
    const file = readFileSync(path);
    const meta = metadataOf(file);
    assert.equal(meta.width, 320);
    assert.equal(meta.duration, 0.365);
    assert.equal(meta.filesize, file.length);
    const kf = meta.keyframes as ScriptObject;
    assert.deepEqual(kf.times, [0, 0.2]);
    const tags = [...readFlvFile(file)];
    assert.equal(tags.filter((t) => t.type === 18).length, 1, 'the stored onMetaData is replaced, not repeated');
    for (const pos of kf.filepositions as number[]) {
      const tag = readFlvTagAt(file, pos);
      assert.ok(tag && tag.type === 9 && tag.data[0] === 0x17 && tag.data[1] === 1, `keyframe at ${pos}`);
    }
    assert.equal(tags[1].timestamp, 0);
  }));

  it('leaves a readable file of whole tags at any moment before close', withDir(async (dir) => {
    const path = join(dir, 'crash.flv');
    const w = await FlvFileWriter.open(path);
    w.write(9, 0, key(10));
    w.write(9, 40, inter(10));
    await w.flushed();
    const size = statSync(path).size;
    assert.equal([...readFlvFile(readFileSync(path))].length, 2);
    truncateSync(path, size - 3);
    assert.equal([...readFlvFile(readFileSync(path))].length, 1);
    await w.close();
  }));

  it('appends after the last timestamp of an existing file and keeps its keyframes', withDir(async (dir) => {
    const path = join(dir, 'b.flv');
    const a = await FlvFileWriter.open(path);
    a.write(9, 500, key(10));
    a.write(9, 540, inter(10));
    await a.close();
    const b = await FlvFileWriter.open(path, { mode: 'append' });
    b.write(9, 0, key(10));
    b.write(9, 40, inter(10));
    await b.close();
    const file = readFileSync(path);
    const times = [...readFlvFile(file)].filter((t) => t.type === 9).map((t) => t.timestamp);
    assert.deepEqual(times, [0, 40, 41, 81]);
    const kf = metadataOf(file).keyframes as ScriptObject;
    assert.deepEqual(kf.times, [0, 0.041]);
    for (const pos of kf.filepositions as number[]) assert.equal(readFlvTagAt(file, pos)?.data[0], 0x17);
  }));

  it('append cuts a partial last tag left by a crash before writing', withDir(async (dir) => {
    const path = join(dir, 'c.flv');
    const a = await FlvFileWriter.open(path);
    a.write(9, 0, key(10));
    a.write(9, 40, inter(10));
    await a.flushed();
    truncateSync(path, statSync(path).size - 2);
    const b = await FlvFileWriter.open(path, { mode: 'append' });
    b.write(9, 0, key(10));
    await b.close();
    assert.deepEqual([...readFlvFile(readFileSync(path))].filter((t) => t.type === 9).map((t) => t.timestamp), [0, 1]);
  }));

  it('derives codec ids, picture size and sample rate when the publisher sent no metadata', withDir(async (dir) => {
    const path = join(dir, 'flash.flv');
    const w = await FlvFileWriter.open(path);
    // AVC sequence header whose SPS says 320x240, AAC-LC 44.1 kHz stereo.
    w.write(9, 0, hex('17 00 000000 0142c00d ffe1 0016 6742c00dda0507ec0440000003004000000ca3c50aa8 01 0004 68ce0fc8'));
    w.write(8, 0, hex('af 00 1210'));
    w.write(9, 0, key(10));
    await w.close();
    const meta = metadataOf(readFileSync(path));
    assert.deepEqual(
      [meta.videocodecid, meta.width, meta.height, meta.audiocodecid, meta.audiosamplerate, meta.audiosamplesize, meta.stereo],
      [7, 320, 240, 10, 44100, 16, true],
    );
  }));

  it('keeps the publisher\'s own metadata over derived values', withDir(async (dir) => {
    const path = join(dir, 'meta.flv');
    const w = await FlvFileWriter.open(path);
    w.write(18, 0, encodeScriptData(['onMetaData', { width: 999 }]));
    w.write(9, 0, hex('17 00 000000 0142c00d ffe1 0016 6742c00dda0507ec0440000003004000000ca3c50aa8 01 0004 68ce0fc8'));
    w.write(8, 0, hex('b2 0000'));
    await w.close();
    const meta = metadataOf(readFileSync(path));
    assert.deepEqual([meta.width, meta.height, meta.audiocodecid, meta.audiosamplerate, meta.stereo], [999, 240, 11, 5512.5, false]);
  }));

  it('stops recording (file intact, index true to it) when the disk falls behind by more than maxQueuedBytes', withDir(async (dir) => {
    const path = join(dir, 'slow.flv');
    const w = await FlvFileWriter.open(path, { mode: 'create', maxQueuedBytes: 300 });
    // Written in one turn: the first writev is in flight, the queue behind it passes 300 bytes.
    for (let i = 0; i < 20; i++) w.write(9, i * 40, i % 5 === 0 ? key(40) : inter(40));
    assert.equal((w.failed as { code?: string } | undefined)?.code, 'MEDIA_ERR_TOO_LARGE');
    await w.close();
    const file = readFileSync(path);
    const kf = metadataOf(file).keyframes as ScriptObject;
    const positions = kf.filepositions as number[];
    assert.ok(positions.length >= 1 && positions.length < 4, `${positions.length} keyframes kept`);
    for (const pos of positions) assert.equal(readFlvTagAt(file, pos)?.data[0], 0x17);
    assert.equal(metadataOf(file).filesize, file.length);
  }));

  it('refuses writes after close', withDir(async (dir) => {
    const w = await FlvFileWriter.open(join(dir, 'd.flv'));
    await w.close();
    assert.throws(() => w.write(9, 0, key(1)), { code: 'MEDIA_ERR_CLOSED' });
  }));
});
