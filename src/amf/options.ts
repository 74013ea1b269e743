// Options of the AMF decoder and encoder, with their defaults. Limits bound CPU and memory on hostile input; the
// defaults fit any real Flash/Flex traffic with a wide margin.
import type { ClassRegistry } from './class-registry.js';

export interface AmfDecodeOptions {
  /** Maximum nesting of containers (objects, arrays, vectors, dictionaries, externalizables). Defaults to 256. */
  readonly maxDepth?: number;
  /** Maximum UTF-8 byte length of one string, XML text or class name. Defaults to 16 MiB. */
  readonly maxStringBytes?: number;
  /** Maximum number of values and container entries decoded in one call (or until resetReferences). Defaults to 16,777,216. */
  readonly maxElements?: number;
  /** Maximum entries of each reference table (AMF0 objects; AMF3 strings, objects, traits). Defaults to 4,194,304. */
  readonly maxReferences?: number;
  /** Maximum length of one ByteArray. Defaults to 256 MiB. */
  readonly maxByteArrayBytes?: number;
  /**
   * ByteArrays as copies (true) or as zero-copy views of the input (false: faster for large payloads, but the
   * value shares memory with the input buffer). Defaults to true.
   */
  readonly copyByteArrays?: boolean;
  /** Class aliases to instantiate and externalizable readers. Defaults to a registry with only the flex collections. */
  readonly classRegistry?: ClassRegistry;
  /** What an unregistered (non-externalizable) class alias gives. Defaults to 'anonymous' (an AmfTypedObject). */
  readonly onUnknownClass?: 'anonymous' | 'reject';
  /** Invalid UTF-8: 'lenient' replaces it with U+FFFD and joins CESU-8 surrogate pairs; 'strict' throws AMF_ERR_BAD_UTF8. Defaults to 'lenient'. */
  readonly utf8?: 'lenient' | 'strict';
}

export interface AmfEncodeOptions {
  /** Class aliases for instances of registered classes and externalizable writers. Defaults to the flex collections. */
  readonly classRegistry?: ClassRegistry;
  /** Maximum nesting while encoding (shared and cyclic values are written as references). Defaults to 256. */
  readonly maxDepth?: number;
  /**
   * AMF0 writers only: write objects (anything not a primitive) as an AMF3 value after the 0x11 switch marker, as
   * Flash Player does with objectEncoding 3. Defaults to false.
   */
  readonly amf3?: boolean;
}

export const DEFAULT_MAX_DEPTH = 256;
export const DEFAULT_MAX_STRING_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_ELEMENTS = 16 * 1024 * 1024;
export const DEFAULT_MAX_REFERENCES = 4 * 1024 * 1024;
export const DEFAULT_MAX_BYTE_ARRAY_BYTES = 256 * 1024 * 1024;
