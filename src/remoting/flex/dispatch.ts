// Flex messaging over remoting: RemoteObject calls (RemotingMessage) and the infrastructure commands every Flex
// client sends (ping first, then login/logout). Answers are AcknowledgeMessage or ErrorMessage, correlated to the
// request's messageId.
import type { AmfValue } from '../../amf/index.js';
import type { Exchange } from '../gateway.js';
import { isThenable } from '../thenable.js';
import { argumentList } from '../arguments.js';
import { FaultCodes, RemotingFault } from '../errors.js';
import { clip, fault, flexFault, type FaultInfo } from '../faults.js';
import type { ServiceMethod } from '../services.js';
import {
  AbstractMessage,
  AcknowledgeMessage,
  CommandMessage,
  CommandOperation,
  createMessageId,
  createRandomId,
  FlexHeaders,
  RemotingMessage,
} from './messages.js';

export interface FlexOutcome {
  readonly ok: boolean;
  readonly message: AcknowledgeMessage;
}

/** Answers one Flex message; synchronous when the service method is. Never throws or rejects. */
export function handleFlexMessage(msg: AbstractMessage, ex: Exchange, packetFault: FaultInfo | undefined): FlexOutcome | Promise<FlexOutcome> {
  if (packetFault !== undefined) return failure(msg, ex, packetFault);
  if (msg instanceof RemotingMessage) return remoting(msg, ex);
  if (msg instanceof CommandMessage) return command(msg, ex);
  return failure(msg, ex, fault(FaultCodes.badMessage, 'Unsupported message type'));
}

function remoting(msg: RemotingMessage, ex: Exchange): FlexOutcome | Promise<FlexOutcome> {
  const started = ex.internals.callStart();
  // msg.source (a class name) is deliberately never read: only registered destinations are reachable.
  const service = typeof msg.destination === 'string' ? msg.destination : '';
  const operation = typeof msg.operation === 'string' ? msg.operation : '';
  // No closures on the synchronous path: a batch of plain calls allocates only its answers.
  try {
    const m = ex.internals.resolve(service, operation);
    if (m === undefined) throw new RemotingFault(FaultCodes.notFound, `Unknown destination or operation ${clip(service)}.${clip(operation)}`);
    const result = ex.internals.invoke(m, argumentList(msg.body), ex, true);
    if (!isThenable<AmfValue>(result)) return remotingDone(msg, ex, m, started, result);
    return Promise.resolve(result).then(
      (value) => remotingDone(msg, ex, m, started, value),
      (err: unknown) => remotingFailed(msg, ex, service, operation, started, err),
    );
  } catch (err) {
    return remotingFailed(msg, ex, service, operation, started, err);
  }
}

function remotingFailed(msg: RemotingMessage, ex: Exchange, service: string, operation: string, started: number, err: unknown): FlexOutcome {
  return failure(msg, ex, ex.internals.logCall(clip(service), clip(operation), started, err)!);
}

function remotingDone(msg: RemotingMessage, ex: Exchange, m: ServiceMethod, started: number, result: AmfValue): FlexOutcome {
  ex.internals.logCall(m.service, m.method, started);
  return { ok: true, message: acknowledge(msg, ex, result) };
}

async function command(msg: CommandMessage, ex: Exchange): Promise<FlexOutcome> {
  switch (msg.operation) {
    case CommandOperation.clientPing:
    case CommandOperation.triggerConnect: {
      const ack = acknowledge(msg, ex, null);
      const sent = header(msg, FlexHeaders.flexClientId);
      const id = typeof sent === 'string' && sent !== 'nil' && sent.length <= 64 ? sent : createRandomId();
      ack.clientId = id;
      ack.headers = ex.gateway.smallMessages
        ? { [FlexHeaders.flexClientId]: id, [FlexHeaders.messagingVersion]: 1 }
        : { [FlexHeaders.flexClientId]: id };
      return { ok: true, message: ack };
    }
    case CommandOperation.login:
      return login(msg, ex);
    case CommandOperation.logout:
      ex.endSession();
      return { ok: true, message: acknowledge(msg, ex, 'success') };
    case CommandOperation.disconnect:
      return { ok: true, message: acknowledge(msg, ex, null) };
    default:
      return failure(msg, ex, fault(FaultCodes.badMessage, `Unsupported command operation ${Number(msg.operation)}`));
  }
}

async function login(msg: CommandMessage, ex: Exchange): Promise<FlexOutcome> {
  const creds = typeof msg.body === 'string' ? decodeCredentials(msg.body, header(msg, FlexHeaders.credentialsCharset)) : undefined;
  if (creds === undefined) return failure(msg, ex, fault(FaultCodes.authentication, 'Login needs base64 user:password credentials'));
  const roles = await ex.internals.authenticate(creds.user, creds.password, { request: ex.request, flex: true });
  if (roles === undefined) return failure(msg, ex, fault(FaultCodes.authentication, 'Invalid credentials'));
  const session = ex.renewSession();
  session.user = creds.user;
  session.roles = roles;
  return { ok: true, message: acknowledge(msg, ex, 'success') };
}

/** `base64("user:password")` in the charset the client named (UTF-8 unless it says ISO-8859-1). */
function decodeCredentials(body: string, charset: unknown): { user: string; password: string } | undefined {
  if (body.length > 8192 || !/^[A-Za-z0-9+/=\s]*$/.test(body)) return undefined;
  const bytes = Buffer.from(body, 'base64');
  const latin1 = typeof charset === 'string' && /^(iso-?8859-1|latin-?1)$/i.test(charset);
  const text = bytes.toString(latin1 ? 'latin1' : 'utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

function header(msg: AbstractMessage, name: string): unknown {
  const h = msg.headers;
  return h !== null && typeof h === 'object' && Object.hasOwn(h, name) ? (h as Record<string, unknown>)[name] : undefined;
}

function acknowledge(req: AbstractMessage, ex: Exchange, body: AmfValue): AcknowledgeMessage {
  return fill(new AcknowledgeMessage(), req, ex, body);
}

function failure(req: AbstractMessage, ex: Exchange, f: FaultInfo): FlexOutcome {
  return { ok: false, message: fill(flexFault(f), req, ex, null) };
}

function fill<T extends AcknowledgeMessage>(out: T, req: AbstractMessage, ex: Exchange, body: AmfValue): T {
  out.body = body;
  out.correlationId = typeof req.messageId === 'string' ? req.messageId : null;
  const dsId = header(req, FlexHeaders.flexClientId);
  out.clientId = typeof req.clientId === 'string' ? req.clientId : typeof dsId === 'string' && dsId !== 'nil' ? dsId : null;
  out.destination = typeof req.destination === 'string' ? req.destination : null;
  out.messageId = createMessageId();
  out.timestamp = ex.gateway.now();
  out.headers = {};
  return out;
}

