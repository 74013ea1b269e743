// Public API of the RTMP protocol layer (re-exports only).
export * from './errors.js';
export * from './messages/message.js';
export * from './session/events.js';
export { HANDSHAKE_SIZE, RTMP_VERSION } from './handshake/constants.js';
export { ServerHandshake, type ServerHandshakeOptions, type HandshakeStep, type HandshakeMode } from './handshake/server-handshake.js';
export { ClientHandshake, type ClientHandshakeOptions, type ClientHandshakeStep } from './handshake/client-handshake.js';
export { ChunkReader, type ReaderOptions } from './chunk/reader.js';
export { ChunkWriter, encodeMessageChunks, MAX_MESSAGE_LENGTH } from './chunk/writer.js';
export { DEFAULT_CHUNK_SIZE, type ChunkReaderLimits } from './chunk/limits.js';
