// Byte-level rules of the SWF/AVM1 assembler the AVM1 probe is built with, so a broken probe shows up
// here rather than as a silent Ruffle timeout.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Avm1Assembler, Op } from '../../fixtures/flash/avm1/actions.js';
import { movie, rect, tag, Tag } from '../../fixtures/flash/avm1/swf.js';
import { buildAvm1Probe } from '../../fixtures/flash/avm1/remoting-probe.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('SWF container', () => {
  it('writes a short tag header as (code << 6) | length, little-endian', () => {
    assert.deepEqual(tag(Tag.SetBackgroundColor, Buffer.from([1, 2, 3])), hex('4302 010203'));
  });

  it('switches to the long tag form at 63 bytes', () => {
    const long = tag(Tag.DoAction, Buffer.alloc(63));
    assert.deepEqual(long.subarray(0, 6), hex('3f03 3f000000'));
    assert.equal(long.length, 6 + 63);
  });

  it('packs a RECT with the smallest signed field width', () => {
    // 320x240 px = 6400x4800 twips: 14-bit fields, 5 + 4*14 = 61 bits -> 8 bytes.
    assert.deepEqual(rect(0, 6400, 0, 4800), hex('7000 0c80 0000 9600'));
    assert.deepEqual(rect(0, 0, 0, 0), hex('0800'));
  });

  it('writes an uncompressed FWS header whose length covers the whole file', () => {
    const swf = movie({ version: 8, widthPx: 1, heightPx: 1, frameRate: 24, frameCount: 1, tags: [] });
    assert.equal(swf.toString('latin1', 0, 3), 'FWS');
    assert.equal(swf[3], 8);
    assert.equal(swf.readUInt32LE(4), swf.length);
    // 8.8 fixed frame rate, then frame count, then the End tag.
    assert.deepEqual(swf.subarray(-6), hex('0018 0100 0000'));
  });
});

describe('AVM1 actions', () => {
  it('pushes integers as type 7 and doubles as type 6 with the high word first', () => {
    assert.deepEqual(new Avm1Assembler().push(7).assemble(), hex('96 0500 07 07000000'));
    // 42.5 = 0x4045400000000000: high half 0x40454000 LE, then low half.
    assert.deepEqual(new Avm1Assembler().push(42.5).assemble(), hex('96 0900 06 00404540 00000000'));
  });

  it('pushes strings zero-terminated in UTF-8, and null, undefined, booleans and registers', () => {
    assert.deepEqual(
      new Avm1Assembler().push('é', null, undefined, true, { register: 2 }).assemble(),
      hex('96 0a00 00c3a900 02 03 0501 0402'),
    );
  });

  it('resolves branch offsets from the end of the branch action, backwards and forwards', () => {
    const code = new Avm1Assembler().label('top').op(Op.Pop).ifTrue('end').jump('top').label('end').assemble();
    // Pop (1 byte), If (+5: skips the jump), Jump (-11: back to offset 0).
    assert.deepEqual(code, hex('17 9d0200 0500 990200 f5ff'));
  });

  it('rejects an unknown label and a payload action used without payload', () => {
    assert.throws(() => new Avm1Assembler().jump('nowhere').assemble(), /unknown label/);
    assert.throws(() => new Avm1Assembler().op(Op.Push), /needs a payload/);
  });

  it('emits DefineFunction with the body size after the parameter names', () => {
    const code = new Avm1Assembler().defineFunction('f', ['a'], (a) => a.op(Op.Return)).assemble();
    assert.deepEqual(code, hex('9b 0800 6600 0100 6100 0100 3e'));
  });

  it('builds a probe movie with one DoAction ending in ActionEnd', () => {
    const swf = buildAvm1Probe();
    assert.equal(swf.readUInt32LE(4), swf.length);
    const doAction = swf.indexOf(hex('3f03'));
    assert.ok(doAction > 0);
    const length = swf.readUInt32LE(doAction + 2);
    assert.equal(swf[doAction + 6 + length - 1], Op.End);
  });
});
