// Live streaming: the StreamEventHandler for publish/play, its fan-out parts and options.
export { LiveStreamHandler, DEFAULT_LIVE_OPTIONS, recordingPath, type LiveOptions } from './live-handler.js';
export { LiveStream, type Publisher, type LiveSink } from './live-stream.js';
export { LivePlayer, type LivePlayerOptions } from './live-player.js';
export { GopCache } from './gop-cache.js';
export { PreparedMessage, AUDIO_CSID, VIDEO_CSID, type ChunkEncoder, type LiveMessageKind } from './prepared-message.js';
export { StreamRegistry } from './stream-registry.js';
export { LiveStatus, liveStatusInfo, type LiveStatusCode } from './status.js';
export { enhancedRtmpConnectProperties } from './enhanced-connect.js';
export { playStartMode, playDurationMs, type PlayStartMode } from './play-start.js';
