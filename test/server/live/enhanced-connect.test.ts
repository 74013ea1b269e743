import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { enhancedRtmpConnectProperties } from '../../../src/server/live/index.js';

describe('Enhanced RTMP connect negotiation', () => {
  it('answers a fourCcList with the codecs it relays', () => {
    assert.deepEqual(enhancedRtmpConnectProperties({ app: 'live', fourCcList: ['hvc1', 'av01', 'vp09', '*'] }), { fourCcList: ['hvc1', 'av01', 'vp09', '*'] });
  });
  it('adds nothing for a legacy client', () => {
    assert.equal(enhancedRtmpConnectProperties({ app: 'live', videoCodecs: 252 }), undefined);
  });
  it('drops malformed, duplicate and excess entries', () => {
    const many = Array.from({ length: 100 }, (_, i) => `c${String(i).padStart(3, '0')}`);
    assert.deepEqual(enhancedRtmpConnectProperties({ fourCcList: ['hvc1', 'hvc1', 'toolong', 7, '\u0000abc'] }), { fourCcList: ['hvc1'] });
    assert.equal((enhancedRtmpConnectProperties({ fourCcList: many })?.fourCcList as string[]).length, 64);
    assert.equal(enhancedRtmpConnectProperties({ fourCcList: 'hvc1' }), undefined);
  });
});
