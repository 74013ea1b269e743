// Public API of flashback/server.
export * from './application.js';
export type * from './connection.js';
export type * from './stream-handler.js';
export * from './stream-name.js';
export * from './errors.js';
