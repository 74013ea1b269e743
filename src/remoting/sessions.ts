// Gateway sessions: an id the client keeps either as a cookie or appended to its gateway URL
// (AppendToGatewayUrl, for Flash clients without cookies), mapped to who logged in and the service's own data.
import { randomBytes as nodeRandomBytes } from 'node:crypto';

export interface Session {
  readonly id: string;
  /** The authenticated user name, once a Credentials header or a Flex login succeeded. */
  user: string | undefined;
  /** Roles returned by the authenticate hook. */
  roles: readonly string[];
  /** Free space for services. */
  readonly data: Map<string, unknown>;
  /**
   * Header names this client was asked to send back (RequestPersistentHeader): their mustUnderstand copies are
   * understood for this session only.
   */
  understoodHeaders?: Set<string>;
}

/** Where sessions live. The default keeps them in memory; implement this for a shared store. */
export interface SessionStore {
  get(id: string): Session | undefined;
  create(): Session;
  delete(id: string): void;
}

export interface MemorySessionStoreOptions {
  /** Idle time after which a session is forgotten. Defaults to 30 minutes. */
  readonly ttlMs?: number;
  /** Most live sessions; the least recently used goes first. Defaults to 10,000. */
  readonly maxSessions?: number;
  readonly now?: () => number;
  readonly randomBytes?: (n: number) => Buffer;
}

/** Session ids are 128 random bits in hex: safe in a cookie, a URL and a path parameter. */
const SESSION_ID = /^[0-9a-f]{32}$/;

export function isSessionId(id: string): boolean {
  return SESSION_ID.test(id);
}

interface Entry {
  readonly session: Session;
  lastUsed: number;
}

/**
 * Sessions in memory. When full, a new session first evicts expired ones, then the least recently used anonymous
 * one; a logged-in session goes only when every session is logged in, so a flood of anonymous requests never logs
 * anybody out.
 */
export class MemorySessionStore implements SessionStore {
  // Two Maps kept in insertion order: re-inserting on use makes each one's first key its least recently used.
  // A session moves to the map matching its user when used, or when eviction finds it in the wrong one
  // (the gateway sets `user` after create()), so each eviction step is amortised O(1).
  readonly #anonymous = new Map<string, Entry>();
  readonly #authenticated = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #random: (n: number) => Buffer;

  constructor(options: MemorySessionStoreOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 30 * 60_000;
    this.#max = options.maxSessions ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#random = options.randomBytes ?? nodeRandomBytes;
  }

  get(id: string): Session | undefined {
    const entry = this.#anonymous.get(id) ?? this.#authenticated.get(id);
    if (entry === undefined) return undefined;
    this.#anonymous.delete(id);
    this.#authenticated.delete(id);
    const now = this.#now();
    if (now - entry.lastUsed > this.#ttlMs) return undefined;
    entry.lastUsed = now;
    this.#mapFor(entry.session).set(id, entry);
    return entry.session;
  }

  create(): Session {
    while (this.size >= this.#max) this.#evictOne();
    const id = this.#random(16).toString('hex');
    const session: Session = { id, user: undefined, roles: [], data: new Map() };
    this.#anonymous.set(id, { session, lastUsed: this.#now() });
    return session;
  }

  delete(id: string): void {
    this.#anonymous.delete(id);
    this.#authenticated.delete(id);
  }

  get size(): number {
    return this.#anonymous.size + this.#authenticated.size;
  }

  #mapFor(session: Session): Map<string, Entry> {
    return session.user === undefined ? this.#anonymous : this.#authenticated;
  }

  /** Drops one session: an expired one, else the oldest anonymous one, else the oldest logged-in one. */
  #evictOne(): void {
    const now = this.#now();
    for (const map of [this.#anonymous, this.#authenticated]) {
      const [id, entry] = map.entries().next().value ?? [];
      if (id !== undefined && entry !== undefined && now - entry.lastUsed > this.#ttlMs) {
        map.delete(id);
        return;
      }
    }
    for (const map of [this.#anonymous, this.#authenticated]) {
      const first = map.entries().next().value;
      if (first === undefined) continue;
      const [id, entry] = first;
      map.delete(id);
      const home = this.#mapFor(entry.session);
      // Filed under the wrong kind (a login or logout since its last use): move it and look again. It joins the
      // other map as if just used, so LRU order among logged-in sessions is approximate for these.
      if (home !== map) home.set(id, entry);
      return;
    }
  }
}
