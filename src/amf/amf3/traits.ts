// AMF3 traits (AMF3 specification, section 3.12): the class name and member layout an object is written with.
// Traits are sent once per message and then referenced by index.
import type { ClassEntry } from '../class-registry.js';

export interface Amf3Traits {
  readonly className: string;
  /** Sealed member names, in order. */
  readonly sealed: readonly string[];
  readonly dynamic: boolean;
  readonly externalizable: boolean;
  /** The registry entry for className, resolved once per traits (undefined if not registered). */
  readonly entry: ClassEntry | undefined;
}

/** U29O-traits header for inline traits: sealed count, dynamic flag, inline-traits and inline-object bits. */
export function traitsHeader(sealedCount: number, dynamic: boolean): number {
  return (sealedCount << 4) | (dynamic ? 0x08 : 0) | 0x03;
}

/** U29O-traits-ext header: externalizable, inline traits, inline object. */
export const EXTERNALIZABLE_TRAITS_HEADER = 0x07;
