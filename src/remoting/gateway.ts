// Envelope in, envelope out. Every body is answered, in request order, at <responseURI>/onResult or /onStatus;
// bodies run concurrently and one failure never touches the others. No I/O here: the HTTP glue lives in http/.
import { Amf0Writer, AmfEncodeError, type AmfValue, type ClassRegistry } from '../amf/index.js';
import { ResponseHeaders, type CallContext, type GatewayRequest } from './call-context.js';
import { decodeEnvelope, writeEnvelope, type Envelope, type EnvelopeDecodeOptions, type RemotingBody } from './envelope.js';
import { FaultCodes, RemotingFault } from './errors.js';
import { amf0Fault, clip, fault, faultInfo, flexFault, type FaultInfo } from './faults.js';
import { handleFlexMessage, type FlexOutcome } from './flex/dispatch.js';
import { isThenable } from './thenable.js';
import { argumentList } from './arguments.js';
import { AbstractMessage, isFlexMessage, messageFromRecord, type AcknowledgeMessage } from './flex/messages.js';
import { createRemotingClassRegistry } from './flex/registry.js';
import { checkArguments, ServiceRegistry, type AccessRule, type ServiceMethod, type ServiceOptions } from './services.js';
import { isSessionId, MemorySessionStore, type Session, type SessionStore } from './sessions.js';

/** What authenticate answers: false to refuse, true to accept, or the user's roles. */
export type AuthResult = boolean | { readonly roles?: readonly string[] };

export interface AuthContext {
  readonly request: GatewayRequest;
  /** True for a Flex login command, false for a Credentials header. */
  readonly flex: boolean;
}

export type Authenticate = (user: string, password: string, ctx: AuthContext) => AuthResult | Promise<AuthResult>;

/** The subset of a pino/console-style logger the gateway uses. Only flat fields are logged, never arguments. */
export interface RemotingLogger {
  info(fields: Record<string, unknown>, message?: string): void;
  error?(fields: Record<string, unknown>, message?: string): void;
}

export interface GatewayOptions {
  /** Send internal error messages and stack traces to clients. Defaults to false. */
  readonly debug?: boolean;
  /** Checks the Credentials header and Flex logins. Without it both are refused. */
  readonly authenticate?: Authenticate;
  readonly logger?: RemotingLogger;
  /** Where sessions live. Defaults to a MemorySessionStore. */
  readonly sessions?: SessionStore;
  /** Cookie carrying the session id (used by the HTTP glue). Defaults to 'FLASHBACK_SESSION'. */
  readonly sessionCookie?: string;
  /**
   * Gateway URL query parameter carrying the session id. When a session starts the gateway sends
   * AppendToGatewayUrl `?<name>=<id>` so clients without cookies keep it. Defaults to 'flashback_session';
   * false disables it.
   */
  readonly sessionUrlParameter?: string | false;
  /** Limits for decoding packets (header/body counts and the AMF codec budgets). */
  readonly decode?: EnvelopeDecodeOptions;
  /** Your classes for typed objects; the Flex message classes are added to a clone. Defaults to the flex collections. */
  readonly classRegistry?: ClassRegistry;
  /** Advertise DSMessagingVersion on the Flex ping ack so clients send the small message forms. Defaults to true. */
  readonly smallMessages?: boolean;
  /** Header names services understand, beyond Credentials; other mustUnderstand headers fault every call. */
  readonly knownHeaders?: readonly string[];
  /** A call whose promise takes longer fails with Server.Processing.Timeout. Defaults to 30,000 ms; 0 disables. */
  readonly callTimeoutMs?: number;
  /** Most arguments of a method without declared argTypes. Defaults to 64. */
  readonly maxArgs?: number;
  readonly now?: () => number;
}

/** Options of addService (see ServiceOptions). */
export type GatewayServiceOptions = ServiceOptions;

/** The outcome of one packet, with what the HTTP glue needs to keep the session. */
export interface GatewayResult {
  readonly envelope: Envelope;
  /** The session after the call, if any. */
  readonly session: Session | undefined;
  /** A session was started during this packet (set the cookie). */
  readonly sessionStarted: boolean;
  /** The session was ended during this packet (clear the cookie). */
  readonly sessionEnded: boolean;
}

/**
 * What the Flex dispatcher needs from the gateway beyond its public API. Not exported from the package: the
 * gateway builds one and hands it out only inside an Exchange, which services never see.
 * @internal
 */
export interface GatewayInternals {
  /** Resolves a Flex destination/operation pair. */
  resolve(service: string, method: string): ServiceMethod | undefined;
  /**
   * Checks access and arguments, then calls the method. Returns the value, or a promise when the method or an
   * access rule is asynchronous. Throws (or rejects with) RemotingFault for refusals.
   */
  invoke(m: ServiceMethod, args: readonly unknown[], ex: Exchange, flex: boolean): AmfValue | Promise<AmfValue>;
  /** Runs the authenticate hook; the roles, or undefined when refused or when the hook failed (logged). */
  authenticate(user: string, password: string, ctx: AuthContext): Promise<readonly string[] | undefined>;
  /** Start time of a call for the log; 0 without a logger (no clock read per call). */
  callStart(): number;
  /** Logs a finished Flex call, or a fault and returns what to send. */
  logCall(service: string, method: string, started: number, err?: unknown): FaultInfo | undefined;
}

/**
 * Per-packet state shared by the calls of one envelope.
 * @internal
 */
export class Exchange {
  session: Session | undefined;
  sessionStarted = false;
  sessionEnded = false;
  /** User from this packet's Credentials header (not stored in the session). */
  headerUser: string | undefined;
  headerRoles: readonly string[] = [];
  readonly responseHeaders = new ResponseHeaders();

  constructor(
    readonly gateway: Gateway,
    readonly internals: GatewayInternals,
    readonly request: GatewayRequest,
    readonly headers: ReadonlyMap<string, AmfValue>,
  ) {}

  get user(): string | undefined {
    return this.headerUser ?? this.session?.user;
  }

  get roles(): readonly string[] {
    return this.headerUser !== undefined ? this.headerRoles : this.session?.roles ?? [];
  }

  getSession(create: boolean): Session | undefined {
    if (this.session === undefined && create) {
      this.session = this.gateway.sessions.create();
      this.sessionStarted = true;
      this.sessionEnded = false;
      const param = this.gateway.sessionUrlParameter;
      if (param !== false) {
        // A URL that already holds an (expired or pre-login) id gets it replaced, so it never grows per session.
        const url = this.request.gatewayUrl;
        const replaced = url === undefined ? undefined : replaceQueryParam(url, param, this.session.id);
        if (replaced !== undefined) this.responseHeaders.replaceGatewayUrl(replaced);
        else this.responseHeaders.appendToGatewayUrl(`${this.request.urlHasQuery === true ? '&' : '?'}${param}=${this.session.id}`);
      }
    }
    return this.session;
  }

  /**
   * A fresh session id for the same data, used at login so an id planted before login (a link carrying
   * ?flashback_session=…) never becomes an authenticated session.
   */
  renewSession(): Session {
    const old = this.session;
    if (old !== undefined) {
      this.gateway.sessions.delete(old.id);
      this.session = undefined;
    }
    const fresh = this.getSession(true)!;
    if (old !== undefined) {
      for (const [k, v] of old.data) fresh.data.set(k, v);
      if (old.understoodHeaders !== undefined) fresh.understoodHeaders = new Set(old.understoodHeaders);
    }
    return fresh;
  }

  endSession(): void {
    if (this.session === undefined) return;
    this.gateway.sessions.delete(this.session.id);
    this.session = undefined;
    this.sessionEnded = true;
    this.sessionStarted = false;
  }
}

/**
 * `url` with every `name=…` query parameter dropped and `name=value` added last; undefined when the URL has no
 * such parameter. Other parameters keep their exact bytes (no re-encoding through URLSearchParams).
 */
function replaceQueryParam(url: string, name: string, value: string): string | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const parts = url.slice(q + 1).split('&');
  const kept = parts.filter((p) => p !== name && !p.startsWith(`${name}=`));
  if (kept.length === parts.length) return undefined;
  kept.push(`${name}=${value}`);
  return `${url.slice(0, q)}?${kept.filter((p) => p !== '').join('&')}`;
}

const TIMEOUT = Symbol('timeout');

export class Gateway {
  readonly debug: boolean;
  readonly sessions: SessionStore;
  readonly sessionCookie: string;
  readonly sessionUrlParameter: string | false;
  readonly classRegistry: ClassRegistry;
  readonly smallMessages: boolean;
  readonly now: () => number;
  readonly #services: ServiceRegistry;
  readonly #authenticate: Authenticate | undefined;
  readonly #logger: RemotingLogger | undefined;
  readonly #decode: EnvelopeDecodeOptions;
  readonly #known: Set<string>;
  readonly #timeoutMs: number;
  #writer0: Amf0Writer | undefined;
  #writer3: Amf0Writer | undefined;
  readonly #internals: GatewayInternals;

  constructor(options: GatewayOptions = {}) {
    this.debug = options.debug ?? false;
    this.sessions = options.sessions ?? new MemorySessionStore();
    this.sessionCookie = options.sessionCookie ?? 'FLASHBACK_SESSION';
    this.sessionUrlParameter = options.sessionUrlParameter ?? 'flashback_session';
    this.classRegistry = createRemotingClassRegistry(options.classRegistry);
    this.smallMessages = options.smallMessages ?? true;
    this.now = options.now ?? Date.now;
    this.#services = new ServiceRegistry({ maxArgs: options.maxArgs });
    this.#authenticate = options.authenticate;
    this.#logger = options.logger;
    this.#decode = { ...options.decode, classRegistry: this.classRegistry };
    this.#known = new Set(['Credentials', ...(options.knownHeaders ?? [])]);
    this.#timeoutMs = options.callTimeoutMs ?? 30_000;
    this.#internals = {
      resolve: (service, method) => this.#services.resolve(service, method),
      invoke: (m, args, ex, flex) => this.#invoke(m, args, ex, flex),
      authenticate: (user, password, ctx) => this.#runAuthenticate(user, password, ctx),
      callStart: () => this.#callStart(),
      logCall: (service, method, started, err) => this.#logFinished(service, method, started, err),
    };
  }

  /** Registers a service object (or class instance) under `name`; see ServiceOptions for the sandbox rules. */
  addService(name: string, service: object, options: GatewayServiceOptions = {}): this {
    this.#services.add(name, service, options);
    return this;
  }

  /** Marks a header name as understood (mustUnderstand headers of other names fault every call). */
  understandHeader(name: string): void {
    this.#known.add(name);
  }

  removeService(name: string): boolean {
    return this.#services.remove(name);
  }

  /** Decodes a packet with the gateway's limits and class registry. Throws RemotingError. */
  decode(bytes: Uint8Array): Envelope {
    return decodeEnvelope(bytes, this.#decode);
  }

  /** @internal Bytes of encoder buffers `g` keeps allocated between answers (static: not part of a gateway's surface). */
  static retainedEncoderBytes(g: Gateway): number {
    return (g.#writer0?.retainedBytes ?? 0) + (g.#writer3?.retainedBytes ?? 0);
  }

  /** Encodes a packet with the gateway's class registry. */
  encode(envelope: Envelope): Buffer {
    // One writer per version, reused: a fresh writer would allocate and regrow its buffer for every answer.
    const v3 = envelope.version === 3;
    const w = (v3 ? this.#writer3 : this.#writer0) ?? new Amf0Writer({ classRegistry: this.classRegistry, amf3: v3 });
    if (v3) this.#writer3 = undefined;
    else this.#writer0 = undefined;
    try {
      const out = Buffer.from(writeEnvelope(w, envelope));
      if (v3) this.#writer3 = w;
      else this.#writer0 = w;
      return out;
    } catch (err) {
      // A getter or proxy trap of a result that throws is an encode failure like any other (one call's fault).
      throw AmfEncodeError.from(err);
    } finally {
      w.clear();
      w.resetReferences();
      w.shrink(); // one huge answer must not leave its buffer (past MAX_RETAINED_BYTES, 256 KiB) allocated
    }
  }

  /** Answers a decoded packet. */
  async handle(envelope: Envelope, request: GatewayRequest = {}): Promise<Envelope> {
    return (await this.process(envelope, request)).envelope;
  }

  /** Answers a decoded packet and reports what happened to the session. */
  async process(envelope: Envelope, request: GatewayRequest = {}): Promise<GatewayResult> {
    return this.#run(envelope, request);
  }

  /** Bytes in, bytes out: decode (throws RemotingError on a bad packet), process, encode. */
  async processBytes(bytes: Uint8Array, request: GatewayRequest = {}): Promise<GatewayResult & { readonly bytes: Buffer }> {
    const run = this.#run(this.decode(bytes), request);
    const result = isThenable<GatewayResult>(run) ? await run : run;
    const out = this.#encodeSafely(result.envelope);
    return { envelope: out.envelope, session: result.session, sessionStarted: result.sessionStarted, sessionEnded: result.sessionEnded, bytes: out.bytes };
  }

  /**
   * Encodes the answer; a result that cannot be encoded (a function, a bigint, nesting past maxDepth) becomes a
   * fault for its own call only, so one bad result never costs the other calls of the batch.
   */
  #encodeSafely(envelope: Envelope): { envelope: Envelope; bytes: Buffer } {
    try {
      return { envelope, bytes: this.encode(envelope) };
    } catch (err) {
      if (!(err instanceof AmfEncodeError)) throw err;
    }
    const encodable = (v: AmfValue): boolean => {
      try {
        this.encode({ version: envelope.version, headers: [], bodies: [{ target: '', response: '', value: v }] });
        return true;
      } catch {
        return false;
      }
    };
    const bodies = envelope.bodies.map((b): RemotingBody => {
      if (encodable(b.value)) return b;
      const f = this.#fault(new Error('the result cannot be encoded in AMF'), clip(b.target), '', this.#callStart());
      const slash = b.target.lastIndexOf('/');
      const base = slash > 0 ? b.target.slice(0, slash) : b.target;
      const value = b.value instanceof AbstractMessage ? Object.assign(flexFault(f), { correlationId: (b.value as AcknowledgeMessage).correlationId }) : amf0Fault(f);
      return { target: `${base}/onStatus`, response: b.response, value };
    });
    const headers = envelope.headers.filter((h) => encodable(h.value));
    const fixed = { version: envelope.version, headers, bodies };
    return { envelope: fixed, bytes: this.encode(fixed) };
  }

  /** One packet; synchronous unless credentials or a method are asynchronous. */
  #run(envelope: Envelope, request: GatewayRequest): GatewayResult | Promise<GatewayResult> {
    const headers = new Map<string, AmfValue>();
    const session = request.sessionId !== undefined && isSessionId(request.sessionId) ? this.sessions.get(request.sessionId) : undefined;
    let unknownRequired: string | undefined;
    let credentials: { value: AmfValue } | undefined;
    for (const h of envelope.headers) {
      if (h.name === 'Credentials') credentials = { value: h.value };
      else headers.set(h.name, h.value);
      if (h.mustUnderstand && !this.#known.has(h.name) && session?.understoodHeaders?.has(h.name) !== true) unknownRequired ??= h.name;
    }
    const ex = new Exchange(this, this.#internals, request, headers);
    ex.session = session;
    if (unknownRequired !== undefined) {
      return this.#answer(envelope, ex, fault(FaultCodes.mustUnderstand, `Header ${clip(unknownRequired)} must be understood but is not supported`));
    }
    if (credentials !== undefined) {
      return this.#credentialsHeader(credentials.value, ex).then((packetFault) => this.#answer(envelope, ex, packetFault));
    }
    return this.#answer(envelope, ex, undefined);
  }

  #answer(envelope: Envelope, ex: Exchange, packetFault: FaultInfo | undefined): GatewayResult | Promise<GatewayResult> {
    const bodies = envelope.bodies;
    const answers = new Array<RemotingBody | Promise<RemotingBody>>(bodies.length);
    let pending = false;
    for (let i = 0; i < bodies.length; i++) {
      const a = this.#body(bodies[i], ex, packetFault);
      if (isThenable(a)) pending = true;
      answers[i] = a;
    }
    if (pending) return Promise.all(answers).then((done) => result(envelope, ex, done));
    return result(envelope, ex, answers as RemotingBody[]);
  }

  /** Runs the authenticate hook; returns the roles, or undefined when refused or when the hook failed (logged). */
  async #runAuthenticate(user: string, password: string, ctx: AuthContext): Promise<readonly string[] | undefined> {
    if (this.#authenticate === undefined) return undefined;
    let r: AuthResult;
    try {
      r = await this.#authenticate(user, password, ctx);
    } catch (err) {
      this.#logError('authenticate', '', err);
      return undefined;
    }
    if (r === true) return [];
    if (r === false || r === null || typeof r !== 'object') return undefined;
    return Array.isArray(r.roles) ? r.roles.filter((x): x is string => typeof x === 'string') : [];
  }

  async #credentialsHeader(value: AmfValue, ex: Exchange): Promise<FaultInfo | undefined> {
    const rec = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    const user = Object.hasOwn(rec, 'userid') ? rec.userid : undefined;
    const password = Object.hasOwn(rec, 'password') ? rec.password : undefined;
    if (typeof user !== 'string' || typeof password !== 'string') {
      return fault(FaultCodes.authentication, 'Credentials header needs string userid and password');
    }
    const roles = await this.#runAuthenticate(user, password, { request: ex.request, flex: false });
    if (roles === undefined) return fault(FaultCodes.authentication, 'Invalid credentials');
    ex.headerUser = user;
    ex.headerRoles = roles;
    return undefined;
  }

  /** Answers one body; synchronous when the method is, so a batch of plain calls costs no promise per call. */
  #body(body: RemotingBody, ex: Exchange, packetFault: FaultInfo | undefined): RemotingBody | Promise<RemotingBody> {
    const flexMessage = flexRequest(body);
    if (flexMessage !== undefined) {
      const out = handleFlexMessage(flexMessage, ex, packetFault);
      return isThenable(out) ? out.then((o) => flexBody(body, o)) : flexBody(body, out);
    }
    const started = this.#logger === undefined ? 0 : this.now();
    let method: ServiceMethod | undefined;
    try {
      if (packetFault !== undefined) throw new RemotingFault(packetFault.code, packetFault.description);
      method = this.#services.resolveTarget(body.target);
      if (method === undefined) throw new RemotingFault(FaultCodes.notFound, `Unknown service or method ${clip(body.target)}`);
      const value = this.#invoke(method, argumentList(body.value), ex, false);
      if (!isThenable<AmfValue>(value)) return this.#result(body, method, started, value);
      const m = method;
      return Promise.resolve(value).then((v) => this.#result(body, m, started, v), (err: unknown) => this.#status(body, m, started, err));
    } catch (err) {
      return this.#status(body, method, started, err);
    }
  }

  #result(body: RemotingBody, m: ServiceMethod, started: number, value: AmfValue): RemotingBody {
    this.#logCall(m.service, m.method, started, 'result');
    return { target: `${body.response}/onResult`, response: 'null', value };
  }

  #status(body: RemotingBody, m: ServiceMethod | undefined, started: number, err: unknown): RemotingBody {
    const f = this.#fault(err, m?.service ?? clip(body.target), m?.method ?? '', started);
    return { target: `${body.response}/onStatus`, response: 'null', value: amf0Fault(f) };
  }

  /** See GatewayInternals.invoke. */
  #invoke(m: ServiceMethod, args: readonly unknown[], ex: Exchange, flex: boolean): AmfValue | Promise<AmfValue> {
    // Public methods that do not take the context never need one: most calls allocate nothing here.
    if (m.access === 'public' && !m.withContext) return this.#call(m, args, undefined);
    const ctx = new Context(m, ex, flex);
    const access = this.#checkAccess(m.access, ctx);
    if (access !== undefined) return access.then(() => this.#call(m, args, ctx));
    return this.#call(m, args, ctx);
  }

  #call(m: ServiceMethod, args: readonly unknown[], ctx: CallContext | undefined): AmfValue | Promise<AmfValue> {
    const bad = checkArguments(m, args);
    if (bad !== undefined) throw new RemotingFault(FaultCodes.badArguments, bad);
    const result: unknown = m.withContext ? m.fn.apply(m.self, [ctx, ...args]) : m.fn.apply(m.self, args as unknown[]);
    return isThenable(result) ? (this.#withTimeout(result) as Promise<AmfValue>) : (result as AmfValue);
  }

  /** Start time of a call for the log; 0 without a logger (no clock read per call). */
  #callStart(): number {
    return this.#logger === undefined ? 0 : this.now();
  }

  /** Logs a finished Flex call or fault (the Flex dispatcher times its own calls). */
  #logFinished(service: string, method: string, started: number, err?: unknown): FaultInfo | undefined {
    if (err === undefined) {
      this.#logCall(service, method, started, 'result');
      return undefined;
    }
    return this.#fault(err, service, method, started);
  }

  #fault(err: unknown, service: string, method: string, started: number): FaultInfo {
    const f = faultInfo(err, this.debug);
    this.#logCall(service, method, started, 'fault', f.code);
    if (!(err instanceof RemotingFault)) this.#logError(service, method, err);
    return f;
  }

  async #withTimeout(p: PromiseLike<unknown>): Promise<unknown> {
    if (this.#timeoutMs <= 0) return p;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMEOUT>((resolve) => {
      timer = setTimeout(resolve, this.#timeoutMs, TIMEOUT);
    });
    try {
      const r = await Promise.race([p, timeout]);
      if (r === TIMEOUT) throw new RemotingFault('Server.Processing.Timeout', 'The call took too long');
      return r;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Throws when refused; returns a promise only for an asynchronous custom rule. */
  #checkAccess(rule: AccessRule, ctx: CallContext): Promise<void> | undefined {
    if (rule === 'public') return undefined;
    if (ctx.user === undefined) throw new RemotingFault(FaultCodes.authentication, 'Authentication required');
    if (rule === 'authenticated') return undefined;
    const deny = (): never => {
      throw new RemotingFault(FaultCodes.authorization, 'Access denied');
    };
    if (typeof rule !== 'function') return rule.roles.some((r) => ctx.roles.includes(r)) ? undefined : deny();
    const ok = rule(ctx);
    if (!isThenable(ok)) return ok === true ? undefined : deny();
    return Promise.resolve(ok).then((v) => (v === true ? undefined : deny()));
  }

  #logCall(service: string, method: string, started: number, outcome: 'result' | 'fault', code?: string): void {
    if (this.#logger === undefined) return;
    const fields: Record<string, unknown> = { service, method, durationMs: this.now() - started, outcome };
    if (code !== undefined) fields.code = code;
    this.#logger.info(fields, 'remoting call');
  }

  #logError(service: string, method: string, err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err));
    this.#logger?.error?.({ service, method, error: e.message, stack: e.stack }, 'remoting service error');
  }
}

/** The CallContext handed to services: a class, so a call costs one small object and no closures. */
class Context implements CallContext {
  readonly service: string;
  readonly method: string;
  readonly flex: boolean;
  readonly #ex: Exchange;

  constructor(m: ServiceMethod, ex: Exchange, flex: boolean) {
    this.service = m.service;
    this.method = m.method;
    this.flex = flex;
    this.#ex = ex;
  }

  get user(): string | undefined {
    return this.#ex.user;
  }

  get roles(): readonly string[] {
    return this.#ex.roles;
  }

  get headers(): ReadonlyMap<string, AmfValue> {
    return this.#ex.headers;
  }

  get request(): GatewayRequest {
    return this.#ex.request;
  }

  session(create = false): Session | undefined {
    return this.#ex.getSession(create);
  }

  endSession(): void {
    this.#ex.endSession();
  }

  appendToGatewayUrl(suffix: string): void {
    this.#ex.responseHeaders.appendToGatewayUrl(suffix);
  }

  replaceGatewayUrl(url: string): void {
    this.#ex.responseHeaders.replaceGatewayUrl(url);
  }

  requestPersistentHeader(name: string, value: AmfValue, mustUnderstand = false): void {
    // The client will send it back with every request, marked mustUnderstand if asked: this client's session
    // remembers the name so those copies are accepted (from this client only, never gateway-wide).
    const session = this.#ex.getSession(mustUnderstand);
    if (session !== undefined) (session.understoodHeaders ??= new Set()).add(name);
    this.#ex.responseHeaders.requestPersistentHeader(name, value, mustUnderstand);
  }

  callClient(name: string, value: AmfValue, mustUnderstand = false): void {
    this.#ex.responseHeaders.add(name, value, mustUnderstand);
  }
}

function result(envelope: Envelope, ex: Exchange, bodies: RemotingBody[]): GatewayResult {
  return {
    envelope: { version: envelope.version, headers: ex.responseHeaders.list, bodies },
    session: ex.session,
    sessionStarted: ex.sessionStarted,
    sessionEnded: ex.sessionEnded,
  };
}

function flexBody(body: RemotingBody, out: FlexOutcome): RemotingBody {
  return { target: `${body.response}/${out.ok ? 'onResult' : 'onStatus'}`, response: 'null', value: out.message };
}

/**
 * A Flex request body is `[message]` (target "null") or, from some clients, the bare message. Ruffle sends the
 * message as an anonymous object: with target "null" its fields are enough to rebuild it.
 */
function flexRequest(body: RemotingBody): AbstractMessage | undefined {
  const v = Array.isArray(body.value) && body.value.length === 1 ? body.value[0] : body.value;
  if (isFlexMessage(v)) return v;
  if (body.target === 'null') return messageFromRecord(v);
  return undefined;
}
