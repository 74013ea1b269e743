// Public API of the RTMP protocol layer (re-exports only).
export * from './errors.js';
export * from './messages/message.js';
export * from './session/events.js';
export { HANDSHAKE_SIZE, RTMP_VERSION } from './handshake/constants.js';
export { ServerHandshake, type ServerHandshakeOptions, type HandshakeStep, type HandshakeMode } from './handshake/server-handshake.js';
export { ClientHandshake, type ClientHandshakeOptions, type ClientHandshakeStep } from './handshake/client-handshake.js';
export { ChunkReader, type ReaderOptions } from './chunk/reader.js';
export { ChunkWriter, encodeMessageBatch, encodeMessageChunks, MAX_MESSAGE_LENGTH, type BatchedMessage } from './chunk/writer.js';
export { DEFAULT_CHUNK_SIZE, type ChunkReaderLimits } from './chunk/limits.js';
export { ServerSession } from './session/server-session.js';
export {
  type ServerSessionConfig,
  type ClientSessionConfig,
  DEFAULT_SERVER_SESSION_CONFIG,
  DEFAULT_CLIENT_SESSION_CONFIG,
} from './session/config.js';
export { checkServerSessionConfig, checkClientSessionConfig } from './session/config-checks.js';
export { type SessionState, TRANSITIONS } from './session/states.js';
export { ChunkStreamId } from './session/chunk-streams.js';
export { UserControlEvent, type UserControl, userControlMessage, readUserControl } from './messages/user-control.js';
export {
  BandwidthLimit,
  type BandwidthLimitType,
  setChunkSizeMessage,
  abortMessage,
  acknowledgementMessage,
  windowAckSizeMessage,
  setPeerBandwidthMessage,
} from './messages/protocol-control.js';
export {
  type Command,
  type BodyFormat,
  AMF0_FORMAT,
  AMF3_FORMAT,
  CommandEncoder,
  decodeCommand,
  decodeData,
  DEFAULT_COMMAND_DECODE_OPTIONS,
} from './commands/command.js';
export { ClientSession } from './session/client-session.js';
export type { ClientEvent, ClientOutput } from './session/client-events.js';
export {
  parseRtmpUrl,
  connectTarget,
  DEFAULT_PORTS,
  DEFAULT_INSTANCE,
  type RtmpUrl,
  type RtmpScheme,
  type ConnectTarget,
  type UrlLimits,
} from './url.js';
// The Node client (the only part of flashback/rtmp that opens sockets). Its URL helper splits a URL the way
// NetConnection.connect does (all of the path is app); it is re-exported under its own name beside parseRtmpUrl.
export {
  NetConnection,
  type NetConnectionOptions,
  type ConnectResult,
  type ClientHandlers,
  type NetConnectionEvents,
  NetStream,
  type MediaTag,
  type PlayOptions,
  type NetStreamEvents,
  RtmpClientError,
  type ClientErrorCode,
  parseRtmpUrl as parseNetConnectionUrl,
  type RtmpUrl as NetConnectionUrl,
  type RpcMethods,
  type UntypedMethods,
  type MethodName,
  type MethodArgs,
  type MethodResult,
} from './client/index.js';
