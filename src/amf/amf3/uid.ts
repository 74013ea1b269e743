// Flex UIDs (mx.utils.UIDUtil: 8-4-4-4-12 hex digits) name messages and clients: every Flex message carries two or
// three, and most are never seen again. The AMF3 writer keeps them out of its lasting string table (hashing and
// inserting a string used once costs more than writing it) and in a short per-message list instead.

/** Length of a UID. */
export const UID_LENGTH = 36;

/** Is this 36-unit string shaped like a UID (dashes at 8, 13, 18 and 23)? Only the dashes are checked: cheap. */
export function isUidShaped(s: string): boolean {
  return s.charCodeAt(8) === 0x2d && s.charCodeAt(13) === 0x2d && s.charCodeAt(18) === 0x2d && s.charCodeAt(23) === 0x2d;
}
