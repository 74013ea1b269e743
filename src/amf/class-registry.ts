// Class aliases (flash.net.registerClassAlias) and externalizable classes (flash.utils.IExternalizable), per
// registry instance, never per process. Nothing is instantiated or looked up by a name that came off the wire
// unless it was registered here.
import type { Amf3Reader } from './amf3/reader.js';
import type { Amf3Writer } from './amf3/writer.js';
import { encodeTraitBlock } from './amf3/traits.js';

/** A constructor usable with registerClass. */
export type AmfClass<T extends object = object> = abstract new (...args: never[]) => T;

export interface RegisterClassOptions<T extends object = object> {
  /**
   * Names of the sealed members (the class's declared public properties), in trait order. Defaults to the
   * instance's own enumerable keys at encode time, all written as sealed members.
   */
  readonly sealed?: readonly string[];
  /** Whether the class is dynamic: own keys not in `sealed` are written as dynamic members. Defaults to false. */
  readonly dynamic?: boolean;
  /**
   * Makes the empty instance that decoding fills. Defaults to `Object.create(ctor.prototype)`: the constructor is
   * not run (as PyAMF does), so decoding has no side effects and costs no field initializers; pass
   * `create: () => new Ctor()` when the constructor must run.
   */
  readonly create?: () => T;
}

export interface ExternalizableCodec<T extends object = object> {
  /** Reads the body written by `write` (IExternalizable.readExternal) and returns the new instance. */
  read(r: Amf3Reader): T;
  /** Writes the body (IExternalizable.writeExternal). */
  write(w: Amf3Writer, value: T): void;
  /** The class whose instances this codec writes. Without it the codec only decodes. */
  readonly ctor?: AmfClass<T>;
}

/** @internal What the readers and writers look up. */
export interface ClassEntry {
  readonly alias: string;
  /** Null for externalizables. */
  readonly create: (() => object) | null;
  readonly sealed: readonly string[] | undefined;
  readonly dynamic: boolean;
  readonly externalizable: ExternalizableCodec<object> | null;
  /** Trait-table key used by the AMF3 writer when sealed members are fixed. */
  readonly traitKey: string;
  /** The encoded inline trait block when sealed members are fixed (see encodeTraitBlock), else null. */
  readonly traitBlock: Uint8Array | null;
}

export class ClassRegistry {
  private readonly byAlias = new Map<string, ClassEntry>();
  private readonly byPrototype = new Map<object, ClassEntry>();
  private frozen = false;

  /** Maps `alias` (the ActionScript class name) to `ctor` both ways. */
  registerClass<T extends object>(alias: string, ctor: AmfClass<T>, options?: RegisterClassOptions<T>): this {
    this.checkMutable(alias);
    const proto = ctor.prototype as object;
    const make = options?.create ?? (() => Object.create(proto) as T);
    const sealed = options?.sealed ? Object.freeze([...options.sealed]) : undefined;
    const entry: ClassEntry = {
      alias,
      create: make,
      sealed,
      dynamic: options?.dynamic ?? false,
      externalizable: null,
      traitKey: sealed ? `c:${alias}` : '',
      traitBlock: sealed ? encodeTraitBlock(alias, sealed, options?.dynamic ?? false) : null,
    };
    this.add(entry, ctor.prototype as object);
    return this;
  }

  /** Registers an externalizable class: its body is read and written only by `codec`. */
  registerExternalizable<T extends object>(alias: string, codec: ExternalizableCodec<T>): this {
    this.checkMutable(alias);
    const entry: ClassEntry = {
      alias,
      create: null,
      sealed: [],
      dynamic: false,
      externalizable: codec as unknown as ExternalizableCodec<object>,
      traitKey: `x:${alias}`,
      traitBlock: null,
    };
    this.add(entry, codec.ctor ? (codec.ctor.prototype as object) : null);
    return this;
  }

  /** Removes an alias. */
  unregister(alias: string): boolean {
    this.checkMutable(alias);
    const entry = this.byAlias.get(alias);
    if (!entry) return false;
    this.byAlias.delete(alias);
    for (const [proto, e] of this.byPrototype) if (e === entry) this.byPrototype.delete(proto);
    return true;
  }

  has(alias: string): boolean {
    return this.byAlias.has(alias);
  }

  /** Registered aliases. */
  aliases(): string[] {
    return [...this.byAlias.keys()];
  }

  /** A mutable copy (e.g. of the default registry, to add your own classes next to the flex collections). */
  clone(): ClassRegistry {
    const copy = new ClassRegistry();
    for (const [k, v] of this.byAlias) copy.byAlias.set(k, v);
    for (const [k, v] of this.byPrototype) copy.byPrototype.set(k, v);
    return copy;
  }

  /** Makes this registry read-only (registerClass then throws). */
  freeze(): this {
    this.frozen = true;
    return this;
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  /** @internal */
  lookupAlias(alias: string): ClassEntry | undefined {
    return this.byAlias.get(alias);
  }

  /** @internal */
  lookupPrototype(proto: object): ClassEntry | undefined {
    return this.byPrototype.get(proto);
  }

  private add(entry: ClassEntry, proto: object | null): void {
    const old = this.byAlias.get(entry.alias);
    if (old) for (const [p, e] of this.byPrototype) if (e === old) this.byPrototype.delete(p);
    this.byAlias.set(entry.alias, entry);
    if (proto) this.byPrototype.set(proto, entry);
  }

  private checkMutable(alias: string): void {
    if (this.frozen) throw new TypeError(`class registry is frozen; clone() it to register ${JSON.stringify(alias)}`);
    if (typeof alias !== 'string') throw new TypeError('class alias must be a string');
  }
}
