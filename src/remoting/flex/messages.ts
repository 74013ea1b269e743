// The Flex messaging classes (flex.messaging.messages.* in BlazeDS, mx.messaging.messages.* in the Flex SDK) as
// plain classes with the same field names, so the AMF3 codec maps them both ways through a ClassRegistry.
import { randomBytes, randomUUID } from 'node:crypto';
import type { AmfObject, AmfValue } from '../../amf/index.js';

/** CommandMessage operations (mx.messaging.messages.CommandMessage constants). */
export const CommandOperation = {
  subscribe: 0,
  unsubscribe: 1,
  poll: 2,
  clientSync: 4,
  clientPing: 5,
  clusterRequest: 7,
  login: 8,
  logout: 9,
  subscriptionInvalidate: 10,
  multiSubscribe: 11,
  disconnect: 12,
  triggerConnect: 13,
  unknown: 10000,
} as const;

/** Header names Flex uses on messages. */
export const FlexHeaders = {
  /** The FlexClient id; "nil" until the server assigned one (on the first ping). */
  flexClientId: 'DSId',
  /** Advertised by the server on the ping ack; clients then send the small (DSC/DSA) forms. */
  messagingVersion: 'DSMessagingVersion',
  /** Charset of the base64 credentials in a login command. */
  credentialsCharset: 'DSCredentialsCharset',
  endpoint: 'DSEndpoint',
  requestTimeout: 'DSRequestTimeout',
} as const;

// Message ids only need to be unique (they correlate answers), not secret: a random per-process prefix plus a
// counter in the Flex UID shape is unique and cheaper than a random UUID per message.
// The 48-bit counter is kept as a 32-bit high part, formatted once per 65,536 ids, and a 16-bit low part written
// from a byte table: no number formatting or case change per id.
const ID_PREFIX = ((h) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-`)(randomBytes(10).toString('hex').toUpperCase());
const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));
let idHigh = 0;
let idLow = 0;
let idHighText = `${ID_PREFIX}00000000`;

/** A fresh message id in the Flex UID form (upper-case hex, 8-4-4-4-12). */
export function createMessageId(): string {
  if (++idLow > 0xffff) {
    idLow = 0;
    idHigh = idHigh >= 0xffffffff ? 0 : idHigh + 1;
    idHighText = ID_PREFIX + idHigh.toString(16).toUpperCase().padStart(8, '0');
  }
  return idHighText + HEX_BYTE[idLow >> 8] + HEX_BYTE[idLow & 0xff];
}

/** A fresh random id in the Flex UID form, for ids that name a client (DSId). */
export function createRandomId(): string {
  return randomUUID().toUpperCase();
}

export class AbstractMessage {
  body: AmfValue = null;
  clientId: string | null = null;
  destination: string | null = null;
  headers: AmfObject = {};
  messageId: string | null = null;
  timestamp = 0;
  timeToLive = 0;
}

export class AsyncMessage extends AbstractMessage {
  correlationId: string | null = null;
}

/** The answer to a successful request: `body` is the result, `correlationId` the request's `messageId`. */
export class AcknowledgeMessage extends AsyncMessage {}

/** The answer to a failed request. */
export class ErrorMessage extends AcknowledgeMessage {
  faultCode: string | null = null;
  faultString: string | null = null;
  faultDetail: string | null = null;
  rootCause: AmfValue = null;
  extendedData: AmfValue = null;
}

/** Infrastructure commands: ping, login, logout, poll, subscribe… */
export class CommandMessage extends AsyncMessage {
  operation: number = CommandOperation.unknown;
}

/** A RemoteObject call: `destination` names the service, `operation` the method, `body` the arguments. */
export class RemotingMessage extends AbstractMessage {
  operation: string | null = null;
  /** A class-name hint some clients send; always ignored by the gateway. */
  source: string | null = null;
}

/** Sealed member order of each class, as PyAMF and BlazeDS write them (alphabetical). */
export const SEALED_MEMBERS = {
  AbstractMessage: ['body', 'clientId', 'destination', 'headers', 'messageId', 'timeToLive', 'timestamp'],
  AsyncMessage: ['body', 'clientId', 'correlationId', 'destination', 'headers', 'messageId', 'timeToLive', 'timestamp'],
  AcknowledgeMessage: ['body', 'clientId', 'correlationId', 'destination', 'headers', 'messageId', 'timeToLive', 'timestamp'],
  ErrorMessage: [
    'body', 'clientId', 'correlationId', 'destination', 'extendedData', 'faultCode', 'faultDetail', 'faultString',
    'headers', 'messageId', 'rootCause', 'timeToLive', 'timestamp',
  ],
  CommandMessage: [
    'body', 'clientId', 'correlationId', 'destination', 'headers', 'messageId', 'operation', 'timeToLive', 'timestamp',
  ],
  RemotingMessage: [
    'body', 'clientId', 'destination', 'headers', 'messageId', 'operation', 'source', 'timeToLive', 'timestamp',
  ],
} as const;

/** Is this value any Flex message? */
export function isFlexMessage(v: unknown): v is AbstractMessage {
  return v instanceof AbstractMessage;
}

function own(rec: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/**
 * Rebuilds a Flex message that arrived as an anonymous object (Ruffle writes RemoteObject's RemotingMessage as a
 * plain AMF0 object, so only its fields say what it is): a string `operation` and `destination` make a
 * RemotingMessage, a numeric `operation` a CommandMessage. Only the known fields are copied.
 */
export function messageFromRecord(v: unknown): AbstractMessage | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const rec = v as Record<string, unknown>;
  const operation = own(rec, 'operation');
  let m: RemotingMessage | CommandMessage;
  if (typeof operation === 'string' && typeof own(rec, 'destination') === 'string') {
    const r = new RemotingMessage();
    r.operation = operation;
    m = r;
  } else if (typeof operation === 'number' && Number.isInteger(operation)) {
    const c = new CommandMessage();
    c.operation = operation;
    c.correlationId = stringOrNull(own(rec, 'correlationId'));
    m = c;
  } else {
    return undefined;
  }
  const body = own(rec, 'body');
  m.body = body === undefined ? null : (body as AmfValue);
  m.clientId = stringOrNull(own(rec, 'clientId'));
  m.destination = stringOrNull(own(rec, 'destination'));
  const headers = own(rec, 'headers');
  m.headers = headers !== null && typeof headers === 'object' ? (headers as AmfObject) : {};
  m.messageId = stringOrNull(own(rec, 'messageId'));
  const timestamp = own(rec, 'timestamp');
  m.timestamp = typeof timestamp === 'number' ? timestamp : 0;
  const ttl = own(rec, 'timeToLive');
  m.timeToLive = typeof ttl === 'number' ? ttl : 0;
  return m;
}
