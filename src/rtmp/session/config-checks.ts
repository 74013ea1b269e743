// Checks of session configuration, run by ServerSession.create and ClientSession.create: a wrong value (a string
// chunk size, a zero window, a negative limit) is our caller's mistake, reported at once as a LocalProtocolError
// with code RTMP_ERR_BAD_CONFIG instead of surfacing later as a stuck or misbehaving connection.
import { LocalProtocolError, RtmpErrorCode } from '../errors.js';
import type { ClientSessionConfig, ServerSessionConfig } from './config.js';

/** Largest chunk size the 31-bit Set Chunk Size field carries (FMS itself accepts 128..65536 in practice). */
const MAX_CHUNK_SIZE = 0x7fffffff;
/** Window and bandwidth sizes are 32-bit unsigned fields. */
const MAX_UINT32 = 0xffffffff;

function fail(name: string, expected: string, value: unknown): never {
  const shown = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'function' ? 'a function' : String(value);
  throw new LocalProtocolError(`session config ${name} must be ${expected}, got ${shown}`, { code: RtmpErrorCode.BadConfig });
}

function integerIn(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(name, `an integer in ${min}..${max}`, value);
  }
}

/** A limit: a positive safe integer. */
function limit(name: string, value: unknown): void {
  integerIn(name, value, 1, Number.MAX_SAFE_INTEGER);
}

function oneOf(name: string, value: unknown, allowed: readonly unknown[]): void {
  if (!allowed.includes(value)) fail(name, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
}

function ofType(name: string, value: unknown, type: 'function' | 'boolean' | 'string'): void {
  if (typeof value !== type) fail(name, `a ${type}`, value);
}

function object(name: string, value: unknown, optional: boolean): void {
  if (optional && value === undefined) return;
  if (typeof value !== 'object' || value === null) fail(name, optional ? 'an object or undefined' : 'an object', value);
}

/** The fields both session ends have. */
function checkCommon(c: ClientSessionConfig | ServerSessionConfig): void {
  integerIn('chunkSize', c.chunkSize, 1, MAX_CHUNK_SIZE);
  integerIn('windowAckSize', c.windowAckSize, 1, MAX_UINT32);
  limit('maxMessageBytes', c.maxMessageBytes);
  limit('maxChunkStreams', c.maxChunkStreams);
  limit('maxPendingCalls', c.maxPendingCalls);
  object('amf', c.amf, false);
  object('amfEncode', c.amfEncode, true);
  ofType('now', c.now, 'function');
  ofType('randomBytes', c.randomBytes, 'function');
}

/** Throws LocalProtocolError (RTMP_ERR_BAD_CONFIG) naming the first field out of its type or range. */
export function checkServerSessionConfig(c: ServerSessionConfig): void {
  checkCommon(c);
  integerIn('peerBandwidth', c.peerBandwidth, 1, MAX_UINT32);
  oneOf('peerBandwidthLimitType', c.peerBandwidthLimitType, [0, 1, 2]);
  ofType('fmsVersion', c.fmsVersion, 'string');
  if (typeof c.capabilities !== 'number' || !Number.isFinite(c.capabilities)) fail('capabilities', 'a finite number', c.capabilities);
  if (typeof c.mode !== 'number' || !Number.isFinite(c.mode)) fail('mode', 'a finite number', c.mode);
  limit('maxBufferedBytes', c.maxBufferedBytes);
  limit('maxStreams', c.maxStreams);
  limit('maxPendingRequests', c.maxPendingRequests);
  limit('maxHeldMessages', c.maxHeldMessages);
  limit('maxHeldBytes', c.maxHeldBytes);
  oneOf('handshake', c.handshake, ['auto', 'simple']);
  ofType('streamBeginOnConnect', c.streamBeginOnConnect, 'boolean');
  ofType('fcPublishReplies', c.fcPublishReplies, 'boolean');
}

/** Throws LocalProtocolError (RTMP_ERR_BAD_CONFIG) naming the first field out of its type or range. */
export function checkClientSessionConfig(c: ClientSessionConfig): void {
  checkCommon(c);
  oneOf('handshake', c.handshake, ['digest', 'simple']);
}
