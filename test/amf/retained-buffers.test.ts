// Reused writers (the one-shot encoders' spares, any writer between messages) must not keep the buffer one big
// message grew: past MAX_RETAINED_BYTES (256 KiB) it is swapped for a small one after the message.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Amf0Writer, Amf3Writer, decodeAmf0, decodeAmf3, decodeAmf3Sequence, encodeAmf0, encodeAmf0Sequence, encodeAmf3, encodeAmf3Sequence } from '../../src/amf/index.js';
import { MAX_RETAINED_BYTES } from '../../src/amf/byte-writer.js';
import { retainedEncoderBytes } from '../../src/amf/codec.js';

const big = new Uint8Array(4 * 1024 * 1024).fill(7);

describe('retained writer buffers', () => {
  it('the threshold is 256 KiB', () => {
    assert.equal(MAX_RETAINED_BYTES, 256 * 1024);
  });

  it('encodeAmf3 keeps a small buffer after a 4 MiB ByteArray', () => {
    const out = encodeAmf3(big);
    assert.equal(out.length, 5 + big.length); // 0x0c, a 4-byte U29 length
    assert.deepEqual(decodeAmf3(out), Buffer.from(big));
    assert.equal(encodeAmf3(1).toString('hex'), '0401');
    assert.ok(retainedEncoderBytes() <= MAX_RETAINED_BYTES, `retained ${retainedEncoderBytes()} bytes`);
  });

  it('encodeAmf0 (ByteArray behind the 0x11 switch) keeps a small buffer too', () => {
    const out = encodeAmf0({ blob: big });
    assert.deepEqual(decodeAmf0(out), { blob: Buffer.from(big) });
    assert.equal(encodeAmf0(true).toString('hex'), '0101');
    assert.ok(retainedEncoderBytes() <= MAX_RETAINED_BYTES, `retained ${retainedEncoderBytes()} bytes`);
  });

  it('a large sequence (a long string, in both formats) is dropped the same way', () => {
    const s = 'x'.repeat(300_000); // an AMF0 long string reserves 3 bytes per unit: ~1 MiB of buffer
    assert.equal(decodeAmf3(encodeAmf3Sequence([s])), s);
    assert.equal(encodeAmf0Sequence(['a', 1]).length, 4 + 9);
    encodeAmf0Sequence([s, s]);
    encodeAmf3Sequence(['tiny']);
    encodeAmf0Sequence(['tiny']);
    assert.ok(retainedEncoderBytes() <= MAX_RETAINED_BYTES, `retained ${retainedEncoderBytes()} bytes`);
  });

  it('a big result is not a view of a buffer much larger than itself', () => {
    // AMF0 reserves 3 bytes per UTF-16 unit for a long string: 6 MB of buffer for a 2 MB result.
    const out = encodeAmf0('x'.repeat(2_000_000));
    assert.equal(out.length, 5 + 2_000_000);
    assert.ok(out.buffer.byteLength <= 2 * out.length, `a ${out.length}-byte result pins ${out.buffer.byteLength} bytes`);
    assert.equal(decodeAmf0(out), 'x'.repeat(2_000_000));
  });

  it('buffers handed out before and after the big one stay intact', () => {
    const before = encodeAmf3Sequence(['before', 1]);
    const copy = Buffer.from(before);
    const huge = encodeAmf3(big);
    const after = encodeAmf3Sequence(['after', 2]);
    assert.deepEqual(before, copy);
    assert.equal(huge[huge.length - 1], 7);
    assert.deepEqual(decodeAmf3(huge), Buffer.from(big));
    assert.deepEqual(decodeAmf3Sequence(after), ['after', 2]);
  });

  it('shrink() swaps a grown writer buffer for a small one between messages', () => {
    for (const w of [new Amf0Writer(), new Amf0Writer({ amf3: true }), new Amf3Writer()]) {
      w.writeValue(big);
      assert.ok(w.retainedBytes > big.length);
      w.clear();
      w.resetReferences();
      w.shrink();
      assert.ok(w.retainedBytes <= MAX_RETAINED_BYTES, `retained ${w.retainedBytes} bytes`);
      w.writeValue('ok');
      assert.ok(w.toBuffer().toString('latin1').endsWith('ok'));
      // Below the threshold the buffer is kept (no reallocation per message).
      w.clear();
      w.writeValue(new Uint8Array(1000));
      const kept = w.retainedBytes;
      w.clear();
      w.shrink();
      assert.equal(w.retainedBytes, kept);
    }
  });
});
