// The Node RTMP client (the only part of flashback/rtmp that opens sockets).
export { NetConnection, type NetConnectionOptions, type ConnectResult, type ClientHandlers, type NetConnectionEvents } from './net-connection.js';
export { NetStream, type MediaTag, type PlayOptions, type NetStreamEvents } from './net-stream.js';
export { RtmpClientError, type ClientErrorCode } from './errors.js';
export { parseRtmpUrl, type RtmpUrl } from './rtmp-url.js';
export type { RpcMethods, UntypedMethods, MethodName, MethodArgs, MethodResult } from './rpc-types.js';
