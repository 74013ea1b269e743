// A method result AMF cannot carry is that call's failure: the connection and the process carry on (a throw from
// a promise callback would be an unhandled rejection and end the process). The caller should get _error; today
// ServerSession.reply drops the request before encoding, so replyError finds nothing and the caller times out.
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
          assert.ok(['RTMP_CLIENT_ERR_CALL_FAILED', 'RTMP_CLIENT_ERR_CALL_TIMEOUT'].includes(err.code), err.code);
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
