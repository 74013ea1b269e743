// Public API of flashback/server.
export * from './application.js';
export type * from './connection.js';
export type * from './stream-handler.js';
export * from './stream-name.js';
export * from './errors.js';
export { createServer, defaultApplications, type ServerOptions, type FlashbackServer } from './server.js';
export type { ListenAddress } from './net/tcp-server.js';
export type { AttachedTransport } from './connection-manager.js';
export type { ByteTransport } from './transport.js';
export { DEFAULT_LIMITS, type ServerLimits } from './limits.js';
export type { Logger } from './logger.js';
export { RpcError } from './rpc/rpc-error.js';
export { CallFailedError } from './rpc/pending-calls.js';
export { createLiveApplication, type LiveApplicationOptions } from './apps/live.js';
export { createVodApplication, type VodApplicationOptions } from './apps/vod.js';
export { RefusingStreamHandler } from './default-stream-handler.js';
export { parseAppPath, DEFAULT_INSTANCE, type AppPath } from './app-path.js';
export { LiveStreamHandler, type LiveOptions } from './live/index.js';
