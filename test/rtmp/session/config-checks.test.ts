import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkServerSessionConfig,
  ClientSession,
  DEFAULT_SERVER_SESSION_CONFIG,
  type ClientSessionConfig,
  LocalProtocolError,
  ServerSession,
  type ServerSessionConfig,
} from '../../../src/rtmp/index.js';

function rejects(create: () => unknown, field: string): void {
  assert.throws(create, (err: unknown) => {
    assert.ok(err instanceof LocalProtocolError);
    assert.equal(err.code, 'RTMP_ERR_BAD_CONFIG');
    assert.match(err.message, new RegExp(`\\b${field}\\b`));
    return true;
  });
}

// Wrong values a caller could pass from an untyped config file; cast because TypeScript would stop most of them.
const badCommon: Array<[string, unknown]> = [
  ['chunkSize', 0],
  ['chunkSize', 0x80000000],
  ['chunkSize', 128.5],
  ['chunkSize', '4096'],
  ['chunkSize', undefined],
  ['windowAckSize', 0],
  ['windowAckSize', 2 ** 32],
  ['maxMessageBytes', -1],
  ['maxChunkStreams', 0],
  ['maxChunkStreams', Number.NaN],
  ['maxPendingCalls', Infinity],
  ['amf', null],
  ['amfEncode', 'yes'],
  ['now', 5],
  ['randomBytes', undefined],
];

describe('ServerSession.create config checks', () => {
  const bad: Array<[string, unknown]> = [
    ...badCommon,
    ['peerBandwidth', 0],
    ['peerBandwidthLimitType', 3],
    ['fmsVersion', 3],
    ['capabilities', Number.NaN],
    ['mode', '1'],
    ['maxBufferedBytes', 0],
    ['maxStreams', 1.5],
    ['maxPendingRequests', -5],
    ['maxHeldMessages', 0],
    ['maxHeldBytes', '4M'],
    ['handshake', 'digest'],
    ['streamBeginOnConnect', 1],
    ['fcPublishReplies', 'true'],
  ];
  for (const [field, value] of bad) {
    it(`rejects ${field} = ${String(value)}`, () => {
      rejects(() => ServerSession.create({ [field]: value } as Partial<ServerSessionConfig>), field);
    });
  }

  it('accepts the defaults and the ends of each range', () => {
    assert.equal(ServerSession.create().state, 'handshake');
    const s = ServerSession.create({ chunkSize: 0x7fffffff, windowAckSize: 0xffffffff, peerBandwidth: 1, maxStreams: 1, handshake: 'simple' });
    assert.equal(s.state, 'handshake');
    assert.equal(ServerSession.create({ chunkSize: 1, amfEncode: undefined }).state, 'handshake');
  });
});

describe('checkServerSessionConfig', () => {
  it('checks a whole config without creating a session', () => {
    checkServerSessionConfig(DEFAULT_SERVER_SESSION_CONFIG);
    rejects(() => checkServerSessionConfig({ ...DEFAULT_SERVER_SESSION_CONFIG, windowAckSize: -1 }), 'windowAckSize');
  });
});

describe('ClientSession.create config checks', () => {
  for (const [field, value] of [...badCommon, ['handshake', 'auto']] as Array<[string, unknown]>) {
    it(`rejects ${field} = ${String(value)}`, () => {
      rejects(() => ClientSession.create({ [field]: value } as Partial<ClientSessionConfig>), field);
    });
  }

  it('accepts the defaults and the ends of each range', () => {
    assert.equal(ClientSession.create().state, 'handshake');
    assert.equal(ClientSession.create({ chunkSize: 1, windowAckSize: 0xffffffff, handshake: 'simple' }).state, 'handshake');
  });
});
