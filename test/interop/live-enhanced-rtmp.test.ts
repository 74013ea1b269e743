// Enhanced RTMP passthrough: HEVC as FourCC 'hvc1' tags (SequenceStart with an HEVCDecoderConfigurationRecord,
// then CodedFramesX). The peers installed here (ffmpeg 5.1, GStreamer 1.22) cannot publish E-RTMP, so the Node
// client publishes an x265 bitstream made by ffmpeg; what two players receive (one from the start, one joining
// mid-GOP) is turned back into Annex B and decoded by ffmpeg.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NetConnection, type MediaTag, type NetStream } from '../../src/rtmp/client/index.js';
import { parseHevcConfig, parseVideoTag } from '../../src/media/index.js';
import { needTools, runTool } from './tools.js';
import { countFrames, startLiveServer, until } from './live-harness.js';

const START = Buffer.from([0, 0, 0, 1]);

/** NAL units of an Annex B byte stream (without start codes). */
function nalUnits(bytes: Buffer): Buffer[] {
  const starts: Array<[number, number]> = [];
  for (let i = 0; i + 3 <= bytes.length; i++) {
    if (bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1) {
      starts.push([i, i + 3]);
      i += 2;
    }
  }
  return starts.map(([, from], k) => {
    let end = k + 1 < starts.length ? starts[k + 1][0] : bytes.length;
    while (end > from && bytes[end - 1] === 0) end--; // the zero before a 4-byte start code
    return bytes.subarray(from, end);
  });
}

const nalType = (n: Buffer): number => (n[0] >> 1) & 0x3f;

/** Access units in decode order, parameter sets apart. */
function accessUnits(nals: Buffer[]): { params: Map<number, Buffer>; units: Array<{ key: boolean; nals: Buffer[] }> } {
  const params = new Map<number, Buffer>();
  const units: Array<{ key: boolean; nals: Buffer[] }> = [];
  let current: { key: boolean; nals: Buffer[]; vcl: boolean } | undefined;
  for (const n of nals) {
    const t = nalType(n);
    if (t >= 32 && t <= 34) {
      if (!params.has(t)) params.set(t, n);
      continue;
    }
    const vcl = t < 32;
    const firstSlice = vcl && (n[2] & 0x80) !== 0;
    if (current === undefined || (current.vcl && (firstSlice || !vcl))) {
      current = { key: false, nals: [], vcl: false };
      units.push(current);
    }
    current.nals.push(n);
    if (vcl) {
      current.vcl = true;
      if (t >= 16 && t <= 23) current.key = true;
    }
  }
  return { params, units };
}

function hvcC(params: Map<number, Buffer>): Buffer {
  // Header fields a decoder reads from the parameter sets anyway; lengthSizeMinusOne = 3.
  const header = Buffer.from('01 01 60000000 900000000000 5d f000 fc fd f8 f8 0000 0f 03'.replace(/\s+/g, ''), 'hex');
  const arrays = [32, 33, 34].map((t) => {
    const n = params.get(t) as Buffer;
    const h = Buffer.alloc(5);
    h[0] = 0x80 | t;
    h.writeUInt16BE(1, 1);
    h.writeUInt16BE(n.length, 3);
    return Buffer.concat([h, n]);
  });
  return Buffer.concat([header, ...arrays]);
}

function lengthPrefixed(nals: Buffer[]): Buffer {
  return Buffer.concat(nals.flatMap((n) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(n.length);
    return [len, n];
  }));
}

/** Annex B back from received enhanced tags: parameter sets from the SequenceStart, NALs from coded frames. */
function annexB(tags: MediaTag[]): { bytes: Buffer; firstIsKey: boolean; codecs: Set<string> } {
  const out: Buffer[] = [];
  let firstIsKey: boolean | undefined;
  const codecs = new Set<string>();
  for (const t of tags) {
    if (t.type !== 9) continue;
    const info = parseVideoTag(t.data);
    codecs.add(info.codec);
    const body = t.data.subarray(info.dataOffset);
    if (info.isSequenceHeader) {
      for (const a of parseHevcConfig(body).arrays) for (const u of a.units) out.push(START, u);
      continue;
    }
    firstIsKey ??= info.isKeyframe;
    for (let at = 0; at + 4 <= body.length;) {
      const n = body.readUInt32BE(at);
      out.push(START, body.subarray(at + 4, at + 4 + n));
      at += 4 + n;
    }
  }
  return { bytes: Buffer.concat(out), firstIsKey: firstIsKey ?? false, codecs };
}

async function player(url: string, name: string): Promise<{ nc: NetConnection; tags: MediaTag[] }> {
  const nc = new NetConnection();
  await nc.connect(url);
  const ns = await nc.createStream();
  const tags: MediaTag[] = [];
  ns.on('media', (t) => tags.push(t));
  await ns.play(name);
  return { nc, tags };
}

describe('Enhanced RTMP passthrough', () => {
  it('relays HEVC (hvc1) to a player from the start and to a late joiner, and both decode', async (t) => {
    if (!needTools(t, 'ffmpeg')) return;
    const server = await startLiveServer();
    const src = join(server.mediaDir, 'src.hevc');
    const enc = await runTool('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=2',
      '-c:v', 'libx265', '-x265-params', 'keyint=25:min-keyint=25:bframes=0:log-level=error', '-pix_fmt', 'yuv420p', '-f', 'hevc', src], 30_000);
    assert.equal(enc.code, 0, enc.stderr);
    const { params, units } = accessUnits(nalUnits(readFileSync(src)));
    assert.equal(units.length, 50);
    const url = server.url('live');
    const pub = new NetConnection();
    await pub.connect(url);
    const early = await player(url, 'hevc');
    let late: { nc: NetConnection; tags: MediaTag[] } | undefined;
    try {
      const ns: NetStream = await pub.createStream();
      await ns.publish('hevc');
      ns.send({ type: 9, timestamp: 0, data: Buffer.concat([Buffer.from([0x90]), Buffer.from('hvc1'), hvcC(params)]) });
      for (let i = 0; i < units.length; i++) {
        const u = units[i];
        // IsExHeader | FrameType (1 key, 2 inter) | PacketType 3 (CodedFramesX: no composition time)
        const head = Buffer.concat([Buffer.from([0x80 | ((u.key ? 1 : 2) << 4) | 3]), Buffer.from('hvc1')]);
        ns.send({ type: 9, timestamp: i * 40, data: Buffer.concat([head, lengthPrefixed(u.nals)]) });
        if (i === 32) late = await player(url, 'hevc'); // mid-GOP: frames 25..49 make the current GOP
        await new Promise((r) => setTimeout(r, 4));
      }
      await until(() => early.tags.length >= 51 && (late?.tags.filter((x) => x.type === 9).length ?? 0) >= 26, 5000, 'all frames');
      for (const [who, tags, expected] of [['early', early.tags, 50], ['late', late?.tags ?? [], 25]] as const) {
        const { bytes, firstIsKey, codecs } = annexB(tags);
        assert.deepEqual([...codecs], ['hvc1'], who);
        assert.equal(firstIsKey, true, `${who}: first coded frame is a keyframe`);
        const file = join(server.mediaDir, `${who}.hevc`);
        writeFileSync(file, bytes);
        const dec = await runTool('ffmpeg', ['-v', 'error', '-f', 'hevc', '-i', file, '-f', 'framecrc', '-'], 20_000);
        assert.equal(dec.stderr, '', `${who}: decodes cleanly`);
        assert.equal(countFrames(dec.stdout), expected, `${who}: decoded frames`);
      }
    } finally {
      await Promise.all([pub.close(), early.nc.close(), late?.nc.close()]);
      await server.close();
    }
  });
});
