// Configuration of the sans-IO sessions. Clock and randomness come from here so tests pin every byte.
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { AmfDecodeOptions, AmfEncodeOptions } from '../../amf/index.js';
import { DEFAULT_COMMAND_DECODE_OPTIONS } from '../commands/command.js';
import type { HandshakeMode } from '../handshake/server-handshake.js';
import { type BandwidthLimitType, BandwidthLimit } from '../messages/protocol-control.js';

export interface ServerSessionConfig {
  /** Our outgoing chunk size, announced with Set Chunk Size when the connect is accepted: 1..2^31-1 (FMS itself
   * accepts 128..65536 in practice). Defaults to 4096. */
  readonly chunkSize: number;
  /** Window Acknowledgement Size we announce (the peer acks after this many bytes). Defaults to 2,500,000. */
  readonly windowAckSize: number;
  /** Set Peer Bandwidth we announce. Defaults to 2,500,000. */
  readonly peerBandwidth: number;
  /** Limit type of Set Peer Bandwidth. Defaults to 2 (dynamic), as FMS. */
  readonly peerBandwidthLimitType: BandwidthLimitType;
  /** fmsVer of the connect _result; the part after '/' is data.version. Defaults to 'FMS/3,5,7,7009'. */
  readonly fmsVersion: string;
  /** capabilities of the connect _result. Defaults to 31. */
  readonly capabilities: number;
  /** mode of the connect _result. Defaults to 1. */
  readonly mode: number;
  /** Largest message the peer may send (declared length, checked before allocating). Defaults to 16 MiB - 1. */
  readonly maxMessageBytes: number;
  /** Most chunk streams the peer may open. Defaults to 64. */
  readonly maxChunkStreams: number;
  /** Most bytes of unfinished messages held at once (all chunk streams together). Defaults to 32 MiB. */
  readonly maxBufferedBytes: number;
  /** Most message streams (createStream) open at once. Defaults to 64. */
  readonly maxStreams: number;
  /** Most requests (connect, calls) waiting for an answer from the application. Defaults to 1024. */
  readonly maxPendingRequests: number;
  /** Most server→client calls waiting for the client's answer. Defaults to 1024. */
  readonly maxPendingCalls: number;
  /** Most messages a client may send while its connect awaits the application's answer. Defaults to 64. */
  readonly maxHeldMessages: number;
  /** Most payload bytes of those messages. Defaults to 4 MiB. */
  readonly maxHeldBytes: number;
  /** AMF limits for commands and data from the peer (and its classRegistry for typed objects). */
  readonly amf: AmfDecodeOptions;
  /** AMF encoding options for what the session writes (a classRegistry for typed results). Defaults to none: a
   * process-wide encoder with the default registry. */
  readonly amfEncode: Omit<AmfEncodeOptions, 'amf3'> | undefined;
  /** 'auto' (digest when the client signs C1) or 'simple'. Defaults to 'auto'. */
  readonly handshake: HandshakeMode;
  /** Send User Control StreamBegin(0) between Set Peer Bandwidth and Set Chunk Size when accepting a connect, as
   * some FMS versions and Red5 do. Defaults to false. */
  readonly streamBeginOnConnect: boolean;
  /** Answer FCPublish/FCUnpublish with onFCPublish/onFCUnpublish, as FMS (FMLE waits for them). Defaults to true. */
  readonly fcPublishReplies: boolean;
  /** Milliseconds, for handshake time fields and pings. Defaults to a monotonic clock. */
  readonly now: () => number;
  /** Randomness for the handshake. Defaults to crypto.randomBytes. */
  readonly randomBytes: (n: number) => Buffer;
}

const started = performance.now();

export const DEFAULT_SERVER_SESSION_CONFIG: ServerSessionConfig = {
  chunkSize: 4096,
  windowAckSize: 2_500_000,
  peerBandwidth: 2_500_000,
  peerBandwidthLimitType: BandwidthLimit.Dynamic,
  fmsVersion: 'FMS/3,5,7,7009',
  capabilities: 31,
  mode: 1,
  maxMessageBytes: 0xffffff,
  maxChunkStreams: 64,
  maxBufferedBytes: 32 * 1024 * 1024,
  maxStreams: 64,
  maxPendingRequests: 1024,
  maxPendingCalls: 1024,
  maxHeldMessages: 64,
  maxHeldBytes: 4 * 1024 * 1024,
  amf: DEFAULT_COMMAND_DECODE_OPTIONS,
  amfEncode: undefined,
  handshake: 'auto',
  streamBeginOnConnect: false,
  fcPublishReplies: true,
  now: () => Math.floor(performance.now() - started),
  randomBytes: (n) => cryptoRandomBytes(n),
};

export interface ClientSessionConfig {
  /** Our outgoing chunk size, sent with Set Chunk Size right after the handshake. Defaults to 4096. */
  readonly chunkSize: number;
  /** Window Acknowledgement Size we announce after the handshake. Defaults to 2,500,000. */
  readonly windowAckSize: number;
  /** 'digest' (as Flash Player) or 'simple'. Defaults to 'digest'. */
  readonly handshake: 'digest' | 'simple';
  /** Largest message the server may send (declared length, checked before allocating). Defaults to 16 MiB - 1. */
  readonly maxMessageBytes: number;
  /** Most chunk streams the server may open. Defaults to 64. */
  readonly maxChunkStreams: number;
  /** Most of our calls waiting for an answer, and most server calls waiting for ours. Defaults to 1024. */
  readonly maxPendingCalls: number;
  /** AMF limits for commands and data from the server. Defaults to DEFAULT_COMMAND_DECODE_OPTIONS. */
  readonly amf: AmfDecodeOptions;
  /** AMF encoding options for what the session writes. Defaults to the process-wide encoder. */
  readonly amfEncode: Omit<AmfEncodeOptions, 'amf3'> | undefined;
  /** Milliseconds, for handshake time fields and pings. Defaults to a monotonic clock. */
  readonly now: () => number;
  /** Randomness for the handshake. Defaults to crypto.randomBytes. */
  readonly randomBytes: (n: number) => Buffer;
}

export const DEFAULT_CLIENT_SESSION_CONFIG: ClientSessionConfig = {
  chunkSize: 4096,
  windowAckSize: 2_500_000,
  handshake: 'digest',
  maxMessageBytes: 0xffffff,
  maxChunkStreams: 64,
  maxPendingCalls: 1024,
  amf: DEFAULT_COMMAND_DECODE_OPTIONS,
  amfEncode: undefined,
  now: () => Math.floor(performance.now() - started),
  randomBytes: (n) => cryptoRandomBytes(n),
};
