// AMF3 traits (AMF3 specification, section 3.12): the class name and member layout an object is written with.
// Traits are sent once per message and then referenced by index.
import type { ClassEntry } from '../class-registry.js';
import { isUidShaped, UID_LENGTH } from './uid.js';

export interface Amf3Traits {
  readonly className: string;
  /** Sealed member names, in order. Frozen: decoded typed objects share it as their sealedMembers. */
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

/**
 * The inline trait block of a class with fixed sealed members (U29O-traits header, class name, member names, all
 * as inline strings), as writers send it the first time in a message whose string table holds none of the names.
 * Null when the names are not all distinct and non-empty (some would then be written as references), or one is
 * 128 units or longer, or shaped like a UID.
 */
export function encodeTraitBlock(className: string, sealed: readonly string[], dynamic: boolean): Uint8Array | null {
  const names = [className, ...sealed];
  if (new Set(names).size !== names.length || names.includes('')) return null;
  // The writer keeps cached names in its lasting string table, which holds neither strings of 128 units or more
  // nor UID-shaped ones.
  if (names.some((n) => n.length >= 128 || (n.length === UID_LENGTH && isUidShaped(n)))) return null;
  const parts: number[] = [];
  pushU29(parts, traitsHeader(sealed.length, dynamic));
  for (const name of names) {
    const utf8 = Buffer.from(name, 'utf8');
    if (utf8.length > 0x0fffffff) return null;
    pushU29(parts, (utf8.length << 1) | 1);
    for (const b of utf8) parts.push(b);
  }
  if (sealed.length >= 1 << 24) return null;
  return Uint8Array.from(parts);
}

function pushU29(out: number[], v: number): void {
  if (v < 0x80) out.push(v);
  else if (v < 0x4000) out.push((v >>> 7) | 0x80, v & 0x7f);
  else if (v < 0x200000) out.push((v >>> 14) | 0x80, ((v >>> 7) & 0x7f) | 0x80, v & 0x7f);
  else out.push((v >>> 22) | 0x80, ((v >>> 15) & 0x7f) | 0x80, ((v >>> 8) & 0x7f) | 0x80, v & 0xff);
}
