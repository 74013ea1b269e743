// Public API of flashback/remoting (re-exports only).
export type { RemotingVersion, RemotingHeader, RemotingBody, Envelope, EnvelopeDecodeOptions, EnvelopeEncodeOptions } from './envelope.js';
export { decodeEnvelope, encodeEnvelope } from './envelope.js';
export type { RemotingErrorCode } from './errors.js';
export { RemotingError, RemotingFault, FaultCodes } from './errors.js';
export type { FaultInfo } from './faults.js';
export type { ArgType, ArgTypeName, AccessRule, ServiceOptions, ServiceMethod } from './services.js';
export { ServiceRegistry, checkArguments, isCallableName } from './services.js';
export type { Session, SessionStore, MemorySessionStoreOptions } from './sessions.js';
export { MemorySessionStore } from './sessions.js';
export type { CallContext, GatewayRequest } from './call-context.js';
export type {
  AuthResult,
  AuthContext,
  Authenticate,
  RemotingLogger,
  GatewayOptions,
  GatewayServiceOptions,
  GatewayResult,
} from './gateway.js';
export { Gateway } from './gateway.js';
export {
  AbstractMessage,
  AsyncMessage,
  AcknowledgeMessage,
  ErrorMessage,
  CommandMessage,
  RemotingMessage,
  CommandOperation,
  FlexHeaders,
  createMessageId,
} from './flex/messages.js';
export { AcknowledgeMessageExt, AsyncMessageExt, CommandMessageExt } from './flex/small-messages.js';
export { registerFlexMessages, createRemotingClassRegistry } from './flex/registry.js';
export type { CorsOptions, RemotingHttpOptions, HttpRequestFacts, HttpReply } from './http/exchange.js';
export { answerEarly, answerPost, AMF_CONTENT_TYPE } from './http/exchange.js';
export type { NodeHandler } from './http/node-handler.js';
export { createNodeHandler } from './http/node-handler.js';
export type { FastifyLike, FastifyReplyLike, FastifyRequestLike } from './http/adapters.js';
export { remotingMiddleware, remotingPlugin } from './http/adapters.js';
export type { RemotingClientOptions } from './client.js';
export { RemotingClient, RemotingCallError } from './client.js';
