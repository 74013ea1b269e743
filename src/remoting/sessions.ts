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

export class MemorySessionStore implements SessionStore {
  // A Map keeps insertion order: re-inserting on use makes its first key the least recently used one.
  readonly #sessions = new Map<string, { session: Session; lastUsed: number }>();
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
    const entry = this.#sessions.get(id);
    if (entry === undefined) return undefined;
    const now = this.#now();
    this.#sessions.delete(id);
    if (now - entry.lastUsed > this.#ttlMs) return undefined;
    entry.lastUsed = now;
    this.#sessions.set(id, entry);
    return entry.session;
  }

  create(): Session {
    while (this.#sessions.size >= this.#max) {
      const oldest = this.#sessions.keys().next().value as string;
      this.#sessions.delete(oldest);
    }
    const id = this.#random(16).toString('hex');
    const session: Session = { id, user: undefined, roles: [], data: new Map() };
    this.#sessions.set(id, { session, lastUsed: this.#now() });
    return session;
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  get size(): number {
    return this.#sessions.size;
  }
}
