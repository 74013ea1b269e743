// The service sandbox. Only what the user registered is reachable: a target on the wire is looked up in a Map
// built at registration time, so no text from the wire ever walks a prototype chain, loads a module or reads a
// property of a live object (PyAMF's and BlazeDS' remote-code-execution history came from exactly that).
import { RemotingError } from './errors.js';
import type { CallContext } from './call-context.js';
import * as nodeEvents from 'node:events';
import * as nodeHttp from 'node:http';
import * as nodeNet from 'node:net';
import * as nodeStream from 'node:stream';

/** One argument's declared type. A `?` suffix also accepts null and undefined (and a missing trailing argument). */
export type ArgTypeName = 'any' | 'string' | 'number' | 'int' | 'boolean' | 'object' | 'array' | 'date' | 'null';
export type ArgType = ArgTypeName | `${ArgTypeName}?` | ((value: unknown) => boolean);

/**
 * Who may call: everyone, any authenticated user, users holding one of the roles, or your own check.
 * The default is 'public'.
 */
export type AccessRule =
  | 'public'
  | 'authenticated'
  | { readonly roles: readonly string[] }
  | ((ctx: CallContext) => boolean | Promise<boolean>);

export interface ServiceOptions {
  /**
   * The callable method names. Defaults to the object's own functions and the methods of its classes, up to the
   * first built-in class (native JavaScript classes, EventEmitter, streams, sockets…), whose methods are never
   * included. Give `methods` for a service built on a library class.
   */
  readonly methods?: readonly string[];
  /** Declared argument types per method; the call is refused before it runs when they do not match. */
  readonly argTypes?: Readonly<Record<string, readonly ArgType[]>>;
  /** Access rule for the whole service. Defaults to 'public'. */
  readonly access?: AccessRule;
  /** Access rules per method; they replace the service rule for that method. */
  readonly methodAccess?: Readonly<Record<string, AccessRule>>;
  /** Pass the CallContext as the first argument of every method (it does not count as a wire argument). */
  readonly withContext?: boolean;
}

/** A registered method, ready to call. */
export interface ServiceMethod {
  readonly service: string;
  readonly method: string;
  readonly fn: (...args: unknown[]) => unknown;
  readonly self: object;
  readonly argTypes: readonly ArgType[] | undefined;
  /** Fewest arguments accepted: the function's declared `length`, or the non-optional declared types. */
  readonly minArgs: number;
  /** Most arguments accepted: the declared types' count, else `maxArgs` of the registry. */
  readonly maxArgs: number;
  readonly access: AccessRule;
  /** The CallContext goes first in the call. */
  readonly withContext: boolean;
}

/** Names never callable, whatever the allowlist says: everything Object.prototype and Function.prototype have. */
const FORBIDDEN = new Set<string>([
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Function.prototype),
  'prototype',
  'then',
]);

/** True when `name` may ever be exposed as a method. */
export function isCallableName(name: string): boolean {
  return name.length > 0 && name.length <= 256 && !name.startsWith('_') && !FORBIDDEN.has(name);
}

/** Finds a plain function on the object or its class prototypes, never on Object/Function.prototype, never a getter. */
function findFunction(obj: object, name: string): ((...args: unknown[]) => unknown) | undefined {
  for (let p: object | null = obj; p !== null && p !== Object.prototype && p !== Function.prototype; p = Object.getPrototypeOf(p)) {
    const desc = Object.getOwnPropertyDescriptor(p, name);
    if (desc === undefined) continue;
    return typeof desc.value === 'function' ? (desc.value as (...args: unknown[]) => unknown) : undefined;
  }
  return undefined;
}

/**
 * Prototypes where default discovery stops: JavaScript's natively implemented classes (Object, Function, Array,
 * Map, Error, Promise, …: their constructor's source is `[native code]`) and Node's own classes that services
 * are built on (EventEmitter and EventTarget, the stream classes, net and http sockets and servers), with every
 * prototype above them.
 */
const BUILTIN_PROTOTYPES: ReadonlySet<object> = (() => {
  const set = new Set<object>([Object.prototype, Function.prototype]);
  const roots: unknown[] = [
    globalThis.EventTarget,
    ...Object.values(nodeEvents),
    ...Object.values(nodeStream),
    ...Object.values(nodeNet),
    ...Object.values(nodeHttp),
  ];
  for (const ctor of roots) {
    if (typeof ctor !== 'function') continue;
    for (let p: unknown = (ctor as { prototype?: unknown }).prototype; p !== null && typeof p === 'object'; p = Object.getPrototypeOf(p)) set.add(p);
  }
  return set;
})();

const NATIVE_SOURCE = /\{\s*\[native code\]\s*\}\s*$/;

/** True for a prototype of a built-in class (see BUILTIN_PROTOTYPES), where default discovery stops. */
function isBuiltinPrototype(p: object): boolean {
  if (BUILTIN_PROTOTYPES.has(p)) return true;
  const desc = Object.getOwnPropertyDescriptor(p, 'constructor');
  const ctor: unknown = desc?.value;
  return typeof ctor === 'function' && ctor.prototype === p && NATIVE_SOURCE.test(Function.prototype.toString.call(ctor));
}

/**
 * The default method list: the object's own functions, then the methods of its classes up the chain, stopping at
 * the first built-in prototype. A service that `extends EventEmitter` exposes its own methods, never `emit`/`on`.
 */
function discoverMethods(obj: object): string[] {
  const names = new Set<string>();
  for (let p: object | null = obj; p !== null && (p === obj || !isBuiltinPrototype(p)); p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (isCallableName(name) && findFunction(obj, name) !== undefined) names.add(name);
    }
  }
  return [...names];
}

function isOptional(t: ArgType): boolean {
  return typeof t === 'string' && t.endsWith('?');
}

export class ServiceRegistry {
  readonly #services = new Map<string, Map<string, ServiceMethod>>();
  readonly #maxArgs: number;

  /** @param maxArgs most arguments any call may carry when a method declares no types. Defaults to 64. */
  constructor(options: { maxArgs?: number } = {}) {
    this.#maxArgs = options.maxArgs ?? 64;
  }

  add(name: string, service: object, options: ServiceOptions = {}): void {
    if (typeof name !== 'string' || name.length === 0 || name.length > 256 || name.startsWith('_') || name === 'null') {
      throw new RemotingError('REMOTING_ERR_BAD_SERVICE', `bad service name ${JSON.stringify(name)}`);
    }
    if (service === null || (typeof service !== 'object' && typeof service !== 'function')) {
      throw new RemotingError('REMOTING_ERR_BAD_SERVICE', `service ${name} is not an object`);
    }
    if (this.#services.has(name)) throw new RemotingError('REMOTING_ERR_BAD_SERVICE', `service ${name} is already registered`);
    const names = options.methods ?? discoverMethods(service);
    const methods = new Map<string, ServiceMethod>();
    for (const method of names) {
      if (!isCallableName(method)) {
        throw new RemotingError('REMOTING_ERR_FORBIDDEN_NAME', `method name ${JSON.stringify(method)} can never be exposed`);
      }
      const fn = findFunction(service, method);
      if (fn === undefined) throw new RemotingError('REMOTING_ERR_BAD_SERVICE', `${name}.${method} is not a function`);
      const argTypes = options.argTypes !== undefined && Object.hasOwn(options.argTypes, method) ? options.argTypes[method] : undefined;
      const withContext = options.withContext === true;
      let minArgs = Math.max(0, fn.length - (withContext ? 1 : 0));
      let maxArgs = Math.max(this.#maxArgs, minArgs);
      if (argTypes !== undefined) {
        minArgs = argTypes.length;
        while (minArgs > 0 && isOptional(argTypes[minArgs - 1])) minArgs--;
        maxArgs = argTypes.length;
      }
      const access = options.methodAccess !== undefined && Object.hasOwn(options.methodAccess, method)
        ? options.methodAccess[method]
        : options.access ?? 'public';
      methods.set(method, { service: name, method, fn, self: service, argTypes, minArgs, maxArgs, access, withContext });
    }
    this.#services.set(name, methods);
  }

  /** Removes a service; returns whether it existed. */
  remove(name: string): boolean {
    return this.#services.delete(name);
  }

  /** The method for a service and method name, or undefined. Never consults the service object itself. */
  resolve(service: string, method: string): ServiceMethod | undefined {
    return this.#services.get(service)?.get(method);
  }

  /** Splits a classic target `a.b.Service.method` at its last dot and resolves it. */
  resolveTarget(target: string): ServiceMethod | undefined {
    const dot = target.lastIndexOf('.');
    if (dot <= 0) return undefined;
    return this.resolve(target.slice(0, dot), target.slice(dot + 1));
  }

  /** Registered service names. */
  names(): string[] {
    return [...this.#services.keys()];
  }
}

/** Checks a call's arguments against the method's arity and declared types; returns a reason or undefined. */
export function checkArguments(m: ServiceMethod, args: readonly unknown[]): string | undefined {
  if (args.length < m.minArgs) return `${m.service}.${m.method} expects at least ${m.minArgs} argument(s), got ${args.length}`;
  if (args.length > m.maxArgs) return `${m.service}.${m.method} expects at most ${m.maxArgs} argument(s), got ${args.length}`;
  const types = m.argTypes;
  if (types === undefined) return undefined;
  for (let i = 0; i < args.length; i++) {
    if (!matchesType(types[i], args[i])) {
      const want = typeof types[i] === 'function' ? 'a custom check' : String(types[i]);
      return `argument ${i + 1} of ${m.service}.${m.method} must be ${want}`;
    }
  }
  return undefined;
}

function matchesType(t: ArgType, v: unknown): boolean {
  if (typeof t === 'function') return t(v) === true;
  let name = t as string;
  if (name.endsWith('?')) {
    if (v === null || v === undefined) return true;
    name = name.slice(0, -1);
  }
  switch (name as ArgTypeName) {
    case 'any': return true;
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number';
    case 'int': return typeof v === 'number' && Number.isInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'array': return Array.isArray(v);
    case 'date': return v instanceof Date;
    case 'null': return v === null || v === undefined;
    case 'object': return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
  }
}
