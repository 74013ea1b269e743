// A method result AMF cannot carry is that call's failure: the connection and the process carry on (a throw from
// a promise callback would be an unhandled rejection and end the process). The caller gets _error: the session
// keeps the request until its answer is encoded.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defineApplication } from '../../../src/server/index.js';
import { NetConnection, RtmpClientError } from '../../../src/rtmp/client/index.js';
import { startTestServer } from '../../interop/harness.js';

const app = defineApplication({
  name: 'bad',
  methods: {
    syncBigint: () => 10n as unknown as number,
    asyncFunction: async () => (() => 1) as unknown as number,
    echo: (_c, v) => v,
  },
});

describe('call-dispatch: unencodable results', () => {
  for (const method of ['syncBigint', 'asyncFunction']) {
    it(`survives ${method}: the call fails, the connection and the process carry on`, async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (e: unknown): void => void unhandled.push(e);
      process.on('unhandledRejection', onUnhandled);
      const srv = await startTestServer([app]);
      const nc = new NetConnection();
      try {
        await nc.connect(`${srv.url}/bad`);
        await assert.rejects(nc.callWithTimeout(1000, method), (err: unknown) => {
          assert.ok(err instanceof RtmpClientError);
          assert.equal(err.code, 'RTMP_CLIENT_ERR_CALL_FAILED');
          return true;
        });
        assert.equal(nc.connected, true);
        assert.equal(await nc.call('echo', 'still here'), 'still here');
        assert.deepEqual(unhandled, []);
      } finally {
        process.off('unhandledRejection', onUnhandled);
        await nc.close();
        await srv.close();
      }
    });
  }
});
