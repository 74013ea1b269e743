// Hostile packets through the whole gateway: whatever the bytes, processBytes answers or rejects with a
// RemotingError, quickly, and never calls anything it should not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeEnvelope, Gateway, RemotingError } from '../../src/remoting/index.js';
import { CREDENTIALS_PACKET, DSC, PING, hex } from './captures.js';

function gateway(calls: string[]): Gateway {
  const g = new Gateway({ authenticate: () => true, callTimeoutMs: 50 });
  g.addService('echo', { echo: (x: unknown) => { calls.push('echo'); return x; } });
  return g;
}

async function settle(g: Gateway, bytes: Uint8Array): Promise<void> {
  try {
    const res = await g.processBytes(bytes);
    assert.ok(Buffer.isBuffer(res.bytes));
  } catch (err) {
    assert.ok(err instanceof RemotingError, `unexpected ${String(err)}`);
  }
}

const SEEDS = [
  CREDENTIALS_PACKET,
  Buffer.concat([hex('0003 0000 0001 0004 6e756c6c 0002 2f31 00000000 0a00000001 11'), PING]),
  Buffer.concat([hex('0003 0000 0001 0004 6e756c6c 0002 2f31 00000000 0a00000001 11'), DSC]),
  encodeEnvelope({ version: 0, headers: [{ name: 'h', mustUnderstand: false, value: { a: [1, 'x', new Date(0)] } }], bodies: [{ target: 'echo.echo', response: '/1', value: ['hi', { deep: [[1], { x: null }] }] }] }),
];

describe('hostile packets', () => {
  it('survives random byte flips, truncations and insertions of real packets', async () => {
    const calls: string[] = [];
    const g = gateway(calls);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: SEEDS.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(),
        async (seed, flips, cut) => {
          const bytes = Buffer.from(SEEDS[seed]);
          for (const [at, v] of flips) bytes[at % bytes.length] = v;
          await settle(g, bytes.subarray(0, bytes.length - (cut % 8)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('survives random bytes after a valid packet head', async () => {
    const g = gateway([]);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (tail) => {
        await settle(g, Buffer.concat([hex('0003 0001 0001 61 00 ffffffff'), tail]));
        await settle(g, Buffer.concat([hex('0000 0000 0001 0009 6563686f2e6563686f 0002 2f31 ffffffff'), tail]));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a packet declaring 10,000 bodies without looking at them', async () => {
    // The count is refused before any body is read: a walk would have ended in REMOTING_ERR_TRUNCATED instead.
    await assert.rejects(gateway([]).processBytes(hex('0000 0000 2710')), (e: RemotingError) => e.code === 'REMOTING_ERR_TOO_MANY_BODIES' && e.offset === 4);
  });

  it('answers 256 bodies of prototype probes without calling anything', async () => {
    const calls: string[] = [];
    const names = ['__proto__', 'constructor', 'toString', 'valueOf', '__defineSetter__', 'hasOwnProperty', 'apply', 'bind', 'call'];
    const bodies = Array.from({ length: 256 }, (_, i) => ({ target: `echo.${names[i % names.length]}`, response: `/${i}`, value: [] }));
    const res = await gateway(calls).handle({ version: 0, headers: [], bodies });
    assert.equal(res.bodies.length, 256);
    assert.ok(res.bodies.every((b) => b.target.endsWith('/onStatus')));
    assert.deepEqual(calls, []);
  });
});
