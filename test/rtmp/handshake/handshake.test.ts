import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { ServerHandshake } from '../../../src/rtmp/handshake/server-handshake.js';
import { ClientHandshake } from '../../../src/rtmp/handshake/client-handshake.js';
import { FMS_KEY, FP_KEY, HANDSHAKE_SIZE } from '../../../src/rtmp/handshake/constants.js';
import { digestOffset, findDigest, imprintDigest } from '../../../src/rtmp/handshake/digest.js';
import { LocalProtocolError, RemoteProtocolError } from '../../../src/rtmp/errors.js';

/** Deterministic "random" bytes so every handshake byte is pinned. */
function counterBytes(seed: number): (n: number) => Buffer {
  let x = seed;
  return (n) => {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    return b;
  };
}

/** A C1 signed the way ffmpeg does it, written independently of src/ (HMAC over the packet minus the digest). */
function ffmpegStyleC1(scheme: 0 | 1): { c1: Buffer; digest: Buffer } {
  const c1 = counterBytes(7)(HANDSHAKE_SIZE);
  c1.writeUInt32BE(0, 0);
  Buffer.from([9, 0, 124, 2]).copy(c1, 4);
  const base = scheme === 0 ? 8 : 772;
  const offset = ((c1[base] + c1[base + 1] + c1[base + 2] + c1[base + 3]) % 728) + base + 4;
  const digest = createHmac('sha256', Buffer.from('Genuine Adobe Flash Player 001'))
    .update(Buffer.concat([c1.subarray(0, offset), c1.subarray(offset + 32)]))
    .digest();
  digest.copy(c1, offset);
  return { c1, digest };
}

function serverFor(mode: 'auto' | 'simple' = 'auto'): ServerHandshake {
  return new ServerHandshake({ mode, randomBytes: counterBytes(1), now: () => 1234 });
}

describe('server handshake', () => {
  it('answers a zero-version C1 with the simple form: S1 version 0, S2 echoes C1', () => {
    const c1 = counterBytes(3)(HANDSHAKE_SIZE);
    c1.writeUInt32BE(0, 4);
    const hs = serverFor();
    const step = hs.receive(Buffer.concat([Buffer.from([3]), c1]));
    assert.equal(step.done, false);
    const reply = step.reply as Buffer;
    assert.equal(reply.length, 1 + 2 * HANDSHAKE_SIZE);
    assert.equal(reply[0], 3);
    assert.equal(reply.readUInt32BE(1), 1234);
    assert.equal(reply.readUInt32BE(5), 0, 'never advertise a version without a digest');
    assert.deepEqual(reply.subarray(1 + HANDSHAKE_SIZE), c1);
    const done = hs.receive(Buffer.concat([reply.subarray(1, 1 + HANDSHAKE_SIZE), Buffer.from('abc')]));
    assert.equal(done.done, true);
    assert.ok(done.done && !done.digest);
    assert.ok(done.done && done.leftover.equals(Buffer.from('abc')));
  });

  for (const scheme of [0, 1] as const) {
    it(`answers a Flash Player digest C1 (scheme ${scheme}) with an FMS-signed S1 and S2 keyed from C1's digest`, () => {
      const { c1, digest } = ffmpegStyleC1(scheme);
      const hs = serverFor();
      const step = hs.receive(Buffer.concat([Buffer.from([3]), c1]));
      const reply = step.reply as Buffer;
      const s1 = reply.subarray(1, 1 + HANDSHAKE_SIZE);
      const s2 = reply.subarray(1 + HANDSHAKE_SIZE);
      assert.ok(s1[4] >= 3, 'S1 advertises a version');
      // S1's digest sits in the same scheme as the client's and verifies with the 36-byte FMS key.
      const offset = digestOffset(s1, scheme);
      const expected = createHmac('sha256', Buffer.from('Genuine Adobe Flash Media Server 001'))
        .update(Buffer.concat([s1.subarray(0, offset), s1.subarray(offset + 32)]))
        .digest();
      assert.deepEqual(s1.subarray(offset, offset + 32), expected);
      // S2's last 32 bytes: HMAC(HMAC(FMS key 68 bytes, C1 digest), S2[0..1504]) — what ffmpeg checks.
      const key = createHmac('sha256', FMS_KEY).update(digest).digest();
      const signature = createHmac('sha256', key).update(s2.subarray(0, HANDSHAKE_SIZE - 32)).digest();
      assert.deepEqual(s2.subarray(HANDSHAKE_SIZE - 32), signature);
      assert.equal(FMS_KEY.length, 68);
      assert.equal(FP_KEY.length, 62);
    });
  }

  it('falls back to the simple form when C1 has a version but no valid digest', () => {
    const c1 = counterBytes(9)(HANDSHAKE_SIZE);
    Buffer.from([10, 0, 32, 18]).copy(c1, 4);
    const reply = serverFor().receive(Buffer.concat([Buffer.from([3]), c1])).reply as Buffer;
    assert.equal(reply.readUInt32BE(5), 0);
    assert.deepEqual(reply.subarray(1 + HANDSHAKE_SIZE), c1);
  });

  it("uses the simple form for a digest C1 in 'simple' mode", () => {
    const { c1 } = ffmpegStyleC1(0);
    const reply = serverFor('simple').receive(Buffer.concat([Buffer.from([3]), c1])).reply as Buffer;
    assert.equal(reply.readUInt32BE(5), 0);
  });

  it('rejects a C0 other than 3 with RTMP_ERR_BAD_HANDSHAKE_VERSION', () => {
    assert.throws(
      () => serverFor().receive(Buffer.from([6, 0, 0])),
      (e: unknown) => e instanceof RemoteProtocolError && e.code === 'RTMP_ERR_BAD_HANDSHAKE_VERSION',
    );
    // An HTTP request on the RTMP port is refused at the first byte.
    assert.throws(() => serverFor().receive(Buffer.from('GET / HTTP/1.1\r\n')), RemoteProtocolError);
  });

  it('accepts C0+C1+C2 byte by byte and keeps the bytes after C2', () => {
    const { c1 } = ffmpegStyleC1(1);
    const hs = serverFor();
    const input = Buffer.concat([Buffer.from([3]), c1, Buffer.alloc(HANDSHAKE_SIZE, 7), Buffer.from([0x02, 0x00])]);
    let reply: Buffer | undefined;
    let leftover: Buffer[] = [];
    for (let i = 0; i < input.length; i++) {
      const step = hs.receive(input.subarray(i, i + 1));
      if (step.reply) reply = step.reply;
      if (step.done) leftover.push(step.leftover);
    }
    assert.ok(reply);
    assert.deepEqual(Buffer.concat(leftover), Buffer.from([0x02, 0x00]));
    assert.equal(hs.done, true);
  });
});

describe('client handshake against the server handshake', () => {
  it('rejects an S0 other than 3 with RTMP_ERR_BAD_HANDSHAKE_VERSION as soon as it arrives', () => {
    const client = new ClientHandshake({ randomBytes: (n) => randomBytes(n) });
    client.start();
    assert.throws(
      () => client.receive(Buffer.from([6])),
      (e: unknown) => e instanceof RemoteProtocolError && e.code === 'RTMP_ERR_BAD_HANDSHAKE_VERSION' && /S0/.test(e.message),
    );
  });

  it('throws LocalProtocolError RTMP_ERR_BAD_STATE when fed before start()', () => {
    const client = new ClientHandshake({ randomBytes: (n) => randomBytes(n) });
    assert.throws(
      () => client.receive(Buffer.from([3])),
      (err: unknown) => err instanceof LocalProtocolError && err.code === 'RTMP_ERR_BAD_STATE',
    );
  });

  for (const scheme of [0, 1] as const) {
    it(`completes the digest form with scheme ${scheme} and reports C2 valid`, () => {
      const client = new ClientHandshake({ scheme, randomBytes: (n) => randomBytes(n) });
      const server = new ServerHandshake({ randomBytes: (n) => randomBytes(n), verifyPeerSignature: true });
      const s = server.receive(client.start());
      const c = client.receive(s.reply as Buffer);
      assert.equal(c.done, true);
      assert.ok(c.done && c.digest);
      const done = server.receive(c.reply as Buffer);
      assert.ok(done.done && done.digest && done.peerSignatureValid);
    });
  }

  it('completes the simple form', () => {
    const client = new ClientHandshake({ mode: 'simple', randomBytes: (n) => randomBytes(n) });
    const server = new ServerHandshake({ randomBytes: (n) => randomBytes(n) });
    const s = server.receive(client.start());
    const c = client.receive(s.reply as Buffer);
    assert.ok(c.done && !c.digest);
    const done = server.receive(c.reply as Buffer);
    assert.ok(done.done && !done.digest);
  });

  it('refuses an S1 that advertises a version without a valid digest (as ffmpeg does)', () => {
    const client = new ClientHandshake({ randomBytes: (n) => randomBytes(n) });
    client.start();
    const s1 = randomBytes(HANDSHAKE_SIZE);
    s1[4] = 4;
    assert.throws(
      () => client.receive(Buffer.concat([Buffer.from([3]), s1, randomBytes(HANDSHAKE_SIZE)])),
      (e: unknown) => e instanceof RemoteProtocolError && e.code === 'RTMP_ERR_BAD_HANDSHAKE_DIGEST',
    );
  });

  it('refuses an S2 whose signature does not match C1', () => {
    const client = new ClientHandshake({ randomBytes: (n) => randomBytes(n) });
    const server = new ServerHandshake({ randomBytes: (n) => randomBytes(n) });
    const reply = Buffer.from(server.receive(client.start()).reply as Buffer);
    reply[reply.length - 1] ^= 1;
    assert.throws(() => client.receive(reply), /S2 signature/);
  });
});

describe('digest placement', () => {
  it('finds a digest in either scheme and nothing in random bytes', () => {
    const key = Buffer.from('Genuine Adobe Flash Player 001');
    for (const scheme of [0, 1] as const) {
      const p = randomBytes(HANDSHAKE_SIZE);
      const d = imprintDigest(p, scheme, key);
      assert.deepEqual(findDigest(p, key), { scheme, digest: d });
    }
    assert.equal(findDigest(randomBytes(HANDSHAKE_SIZE), key), undefined);
  });

  it('computes offsets from four bytes modulo 728', () => {
    const p = Buffer.alloc(HANDSHAKE_SIZE);
    p.fill(0xff, 8, 12);
    p.fill(0xff, 772, 776);
    assert.equal(digestOffset(p, 0), (1020 % 728) + 12);
    assert.equal(digestOffset(p, 1), (1020 % 728) + 776);
  });
});
