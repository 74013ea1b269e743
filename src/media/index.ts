// Public API of flashback/media: FLV framing, script data, codec headers and configs, FLV recording.
export * from './errors.js';
export * from './flv/tag.js';
export * from './flv/aggregate.js';
export * from './flv/script-data.js';
export * from './flv/file-reader.js';
export * from './flv/file-writer.js';
export * from './codec/video-tag.js';
export * from './codec/audio-tag.js';
export * from './codec/aac-config.js';
export * from './codec/avc-config.js';
export * from './codec/hevc-config.js';
export * from './codec/avc-sps.js';
export * from './flv/stream-properties.js';
