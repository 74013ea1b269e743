// createServer checks the RTMP session settings once, up front: a bad value fails here with the session's own
// error code, instead of failing every connection later.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from '../../src/server/index.js';
import { LocalProtocolError } from '../../src/rtmp/index.js';

describe('createServer options', () => {
  it('refuses a bad session setting at creation with RTMP_ERR_BAD_CONFIG', () => {
    for (const session of [{ chunkSize: 0 }, { windowAckSize: -1 }, { fmsVersion: 3 as unknown as string }]) {
      assert.throws(
        () => createServer({ port: 0, host: '127.0.0.1', session }),
        (e: unknown) => e instanceof LocalProtocolError && e.code === 'RTMP_ERR_BAD_CONFIG',
        JSON.stringify(session),
      );
    }
  });

  it('accepts good session settings', async () => {
    const server = createServer({ port: 0, host: '127.0.0.1', session: { chunkSize: 8192 } });
    await server.listen();
    await server.close();
  });
});
