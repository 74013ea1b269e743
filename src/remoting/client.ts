// A Node remoting client, NetConnection-like: connect(url), call(target, ...args) → Promise. Calls made in the
// same tick travel in one POST (one body each, answered in order). AMF0 for classic gateways; objectEncoding 3
// speaks Flex RemoteObject (ping for a DSId first, RemotingMessage per call, login command for credentials).
import type { AmfValue, ClassRegistry } from '../amf/index.js';
import { decodeEnvelope, encodeEnvelope, type Envelope, type EnvelopeDecodeOptions, type RemotingBody, type RemotingHeader } from './envelope.js';
import { RemotingError } from './errors.js';
import {
  AbstractMessage,
  CommandMessage,
  CommandOperation,
  createMessageId,
  ErrorMessage,
  FlexHeaders,
  RemotingMessage,
} from './flex/messages.js';
import { createRemotingClassRegistry } from './flex/registry.js';

export interface RemotingClientOptions {
  /** 0 for AMF0 (classic NetConnection.call), 3 for AMF3. Defaults to 0. */
  readonly objectEncoding?: 0 | 3;
  /** With objectEncoding 3: send Flex RemotingMessages (RemoteObject) rather than classic AMF3 calls. Defaults to true. */
  readonly flex?: boolean;
  /** Per-request timeout. Defaults to 30,000 ms. */
  readonly timeoutMs?: number;
  /** Largest accepted response. Defaults to 16 MiB. */
  readonly maxResponseBytes?: number;
  /** Your classes for typed objects (the Flex messages are added to a clone). */
  readonly classRegistry?: ClassRegistry;
  /** Limits for decoding responses. */
  readonly decode?: EnvelopeDecodeOptions;
  /** Extra HTTP headers on every request. */
  readonly httpHeaders?: Readonly<Record<string, string>>;
  /** The fetch implementation. Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

/** A call answered at onStatus (classic fault) or with a Flex ErrorMessage. */
export class RemotingCallError extends Error {
  override readonly name = 'RemotingCallError';
  constructor(
    /** `code` of a classic fault, `faultCode` of a Flex ErrorMessage. */
    readonly code: string,
    message: string,
    /** `details` / `faultDetail`. */
    readonly details: string,
    /** The fault value exactly as received. */
    readonly fault: AmfValue,
  ) {
    super(message);
  }
}

interface Pending {
  readonly target: string;
  readonly args: AmfValue[];
  readonly resolve: (v: AmfValue) => void;
  readonly reject: (e: unknown) => void;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function callError(m: ErrorMessage): RemotingCallError {
  return new RemotingCallError(str(m.faultCode), str(m.faultString), str(m.faultDetail), m);
}

/** Only http(s) gateways: a ReplaceGatewayUrl to data:, file: or anything else is ignored. */
function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The response body, refused past `max` bytes as it streams in: a chunked answer has no length to check first,
 * and reading it whole before checking would let a hostile gateway fill the memory.
 */
async function readLimited(res: Response, max: number): Promise<Buffer> {
  const tooLarge = (): RemotingError => new RemotingError('REMOTING_ERR_HTTP', `response larger than ${max} bytes`);
  if (Number(res.headers.get('content-length') ?? '0') > max) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (res.body === null) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop by a throw cancels the stream.
  for await (const chunk of res.body) {
    size += chunk.length;
    if (size > max) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function field(v: AmfValue, name: string): unknown {
  return v !== null && typeof v === 'object' && Object.hasOwn(v, name) ? (v as Record<string, unknown>)[name] : undefined;
}

export class RemotingClient {
  /** Called for response headers that are not gateway-URL or persistent-header requests (AS2 "client" methods). */
  onHeader: ((name: string, value: AmfValue) => void) | undefined;
  #url: string;
  readonly #encoding: 0 | 3;
  readonly #flex: boolean;
  readonly #timeoutMs: number;
  readonly #maxResponse: number;
  readonly #registry: ClassRegistry;
  readonly #decode: EnvelopeDecodeOptions;
  readonly #httpHeaders: Readonly<Record<string, string>>;
  readonly #fetch: typeof fetch;
  readonly #persistent = new Map<string, RemotingHeader>();
  readonly #cookies = new Map<string, string>();
  #queue: Pending[] = [];
  #scheduled = false;
  #responseId = 0;
  #dsId: string | undefined;
  #credentials: { user: string; password: string } | undefined;
  #flexReady: Promise<void> | undefined;

  constructor(url = '', options: RemotingClientOptions = {}) {
    this.#url = url;
    this.#encoding = options.objectEncoding ?? 0;
    this.#flex = this.#encoding === 3 && (options.flex ?? true);
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxResponse = options.maxResponseBytes ?? 16 * 1024 * 1024;
    this.#registry = createRemotingClassRegistry(options.classRegistry);
    this.#decode = { ...options.decode, classRegistry: this.#registry };
    this.#httpHeaders = options.httpHeaders ?? {};
    this.#fetch = options.fetch ?? fetch;
  }

  /** Sets the gateway URL (NetConnection.connect does no I/O for HTTP either). */
  connect(url: string): this {
    this.#url = url;
    return this;
  }

  /** The gateway URL, including whatever AppendToGatewayUrl/ReplaceGatewayUrl changed. */
  get url(): string {
    return this.#url;
  }

  /** The FlexClient id the gateway assigned (Flex mode), once pinged. */
  get flexClientId(): string | undefined {
    return this.#dsId;
  }

  /** Classic: a Credentials header on every request. Flex: a login command before the next calls. */
  setCredentials(user: string, password: string): void {
    if (this.#flex) {
      this.#credentials = { user, password };
      this.#flexReady = undefined;
    } else {
      this.#persistent.set('Credentials', { name: 'Credentials', mustUnderstand: false, value: { userid: user, password } });
    }
  }

  /** Adds (or with value undefined removes) a header sent with every request, like NetConnection.addHeader. */
  addHeader(name: string, value: AmfValue, mustUnderstand = false): void {
    if (value === undefined) this.#persistent.delete(name);
    else this.#persistent.set(name, { name, mustUnderstand, value });
  }

  /** Calls `Service.method` with `args`; resolves with the result or rejects with RemotingCallError. */
  call<T = AmfValue>(target: string, ...args: AmfValue[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ target, args, resolve: resolve as (v: AmfValue) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        queueMicrotask(() => this.#flush());
      }
    });
  }

  /** Flex mode: logs out (ends the server session). */
  async logout(): Promise<void> {
    if (!this.#flex) {
      this.#persistent.delete('Credentials');
      return;
    }
    const cmd = this.#command(CommandOperation.logout, null);
    await this.#flexCommand(cmd);
    this.#credentials = undefined;
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length === 0) return;
    this.#send(batch).catch((err: unknown) => {
      for (const p of batch) p.reject(err);
    });
  }

  async #send(batch: Pending[]): Promise<void> {
    if (this.#flex) {
      this.#flexReady ??= this.#prepareFlex();
      try {
        await this.#flexReady;
      } catch (err) {
        this.#flexReady = undefined;
        throw err;
      }
    }
    const ids = batch.map(() => `/${++this.#responseId}`);
    const bodies: RemotingBody[] = batch.map((p, i) =>
      this.#flex ? { target: 'null', response: ids[i], value: [this.#remotingMessage(p)] } : { target: p.target, response: ids[i], value: p.args },
    );
    const answer = await this.#post(bodies);
    const byId = new Map<string, RemotingBody>();
    for (const b of answer.bodies) {
      const slash = b.target.lastIndexOf('/');
      if (slash > 0) byId.set(b.target.slice(0, slash), b);
    }
    batch.forEach((p, i) => {
      const b = byId.get(ids[i]);
      if (b === undefined) p.reject(new RemotingError('REMOTING_ERR_BAD_RESPONSE', `no answer for ${p.target}`));
      else this.#settle(p, b);
    });
  }

  #settle(p: Pending, b: RemotingBody): void {
    const ok = b.target.endsWith('/onResult');
    const v = b.value;
    if (v instanceof ErrorMessage) {
      p.reject(callError(v));
    } else if (v instanceof AbstractMessage) {
      if (ok) p.resolve(v.body);
      else p.reject(new RemotingCallError('', 'call failed', '', v));
    } else if (ok) {
      p.resolve(v);
    } else {
      p.reject(new RemotingCallError(str(field(v, 'code')), str(field(v, 'description')), str(field(v, 'details')), v));
    }
  }

  #remotingMessage(p: Pending): RemotingMessage {
    const m = new RemotingMessage();
    const dot = p.target.lastIndexOf('.');
    m.destination = dot > 0 ? p.target.slice(0, dot) : p.target;
    m.operation = dot > 0 ? p.target.slice(dot + 1) : '';
    m.body = p.args;
    m.messageId = createMessageId();
    m.headers = { [FlexHeaders.flexClientId]: this.#dsId ?? 'nil', [FlexHeaders.endpoint]: 'my-amf' };
    return m;
  }

  #command(operation: number, body: AmfValue): CommandMessage {
    const m = new CommandMessage();
    m.operation = operation;
    m.body = body;
    m.messageId = createMessageId();
    m.correlationId = '';
    m.destination = '';
    m.headers = { [FlexHeaders.flexClientId]: this.#dsId ?? 'nil' };
    return m;
  }

  /** The first thing a Flex client does: ping for a DSId, then log in if credentials are set. */
  async #prepareFlex(): Promise<void> {
    if (this.#dsId === undefined) {
      const ping = this.#command(CommandOperation.clientPing, null);
      (ping.headers as Record<string, AmfValue>)[FlexHeaders.messagingVersion] = 1;
      const ack = await this.#flexCommand(ping);
      const id = field(ack.headers, FlexHeaders.flexClientId);
      this.#dsId = typeof id === 'string' ? id : str(ack.clientId);
    }
    if (this.#credentials !== undefined) {
      const { user, password } = this.#credentials;
      const login = this.#command(CommandOperation.login, Buffer.from(`${user}:${password}`, 'utf8').toString('base64'));
      (login.headers as Record<string, AmfValue>)[FlexHeaders.credentialsCharset] = 'UTF-8';
      await this.#flexCommand(login);
    }
  }

  async #flexCommand(cmd: CommandMessage): Promise<AbstractMessage> {
    const id = `/${++this.#responseId}`;
    const answer = await this.#post([{ target: 'null', response: id, value: [cmd] }]);
    const b = answer.bodies.find((x) => x.target.startsWith(`${id}/`));
    const v = b?.value;
    if (v instanceof ErrorMessage) throw callError(v);
    if (!(v instanceof AbstractMessage) || !b!.target.endsWith('/onResult')) {
      throw new RemotingError('REMOTING_ERR_BAD_RESPONSE', 'the gateway did not acknowledge the Flex command');
    }
    return v;
  }

  async #post(bodies: RemotingBody[]): Promise<Envelope> {
    if (this.#url === '') throw new RemotingError('REMOTING_ERR_CLOSED', 'connect(url) first');
    const request = encodeEnvelope(
      { version: this.#encoding === 3 ? 3 : 0, headers: [...this.#persistent.values()], bodies },
      { classRegistry: this.#registry },
    );
    const headers: Record<string, string> = { ...this.#httpHeaders, 'content-type': 'application/x-amf' };
    if (this.#cookies.size > 0) headers.cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let res: Response;
    try {
      res = await this.#fetch(this.#url, { method: 'POST', headers, body: request, signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (err) {
      throw new RemotingError('REMOTING_ERR_HTTP', `request to the gateway failed: ${(err as Error).message}`, { cause: err });
    }
    this.#keepCookies(res.headers);
    const type = res.headers.get('content-type') ?? '';
    if (res.status !== 200 || !type.startsWith('application/x-amf')) {
      await res.body?.cancel();
      throw new RemotingError('REMOTING_ERR_HTTP', `gateway answered HTTP ${res.status} (${type || 'no content type'})`);
    }
    const envelope = decodeEnvelope(await readLimited(res, this.#maxResponse), this.#decode);
    this.#applyHeaders(envelope.headers);
    return envelope;
  }

  #keepCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const pair = line.split(';')[0];
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  #applyHeaders(headers: readonly RemotingHeader[]): void {
    for (const h of headers) {
      switch (h.name) {
        case 'AppendToGatewayUrl':
          if (typeof h.value === 'string') this.#url += h.value;
          break;
        case 'ReplaceGatewayUrl':
          if (typeof h.value === 'string' && isHttpUrl(h.value)) this.#url = h.value;
          break;
        case 'RequestPersistentHeader': {
          const name = field(h.value, 'name');
          if (typeof name === 'string') {
            const data = field(h.value, 'data') as AmfValue;
            this.addHeader(name, data === undefined ? null : data, field(h.value, 'mustUnderstand') === true);
          }
          break;
        }
        default:
          this.onHeader?.(h.name, h.value);
      }
    }
  }
}
