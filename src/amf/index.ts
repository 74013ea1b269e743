// Public API of flashback/amf (re-exports only).
export type { AmfErrorCode, AmfEncodeErrorCode } from './errors.js';
export { AmfDecodeError, AmfTruncatedError, AmfEncodeError } from './errors.js';
export type { AmfDecodeOptions, AmfEncodeOptions } from './options.js';
export {
  DEFAULT_MAX_BYTE_ARRAY_BYTES,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_ELEMENTS,
  DEFAULT_MAX_REFERENCES,
  DEFAULT_MAX_STRING_BYTES,
} from './options.js';
export { MAX_RETAINED_BYTES } from './byte-writer.js';
export type { AmfObject, AmfByteArray, AmfValue, AmfVectorType } from './types.js';
export {
  AmfAssociativeArray,
  AmfDictionary,
  AmfEcmaArray,
  AmfTypedObject,
  AmfVector,
  AmfXml,
  AmfXmlDocument,
} from './types.js';
export type { AmfClass, ExternalizableCodec, RegisterClassOptions } from './class-registry.js';
export { ClassRegistry } from './class-registry.js';
export { ArrayCollection, ArrayList, ObjectProxy, registerFlexCollections } from './flex/collections.js';
export { createClassRegistry, flexClassRegistry as defaultClassRegistry } from './flex/registry.js';
export { Amf0Marker } from './amf0/markers.js';
export { Amf3Marker, AMF3_INT_MAX, AMF3_INT_MIN, U29_MAX } from './amf3/markers.js';
export { Amf0Reader } from './amf0/reader.js';
export { Amf0Writer } from './amf0/writer.js';
export { Amf3Reader } from './amf3/reader.js';
export { Amf3Writer } from './amf3/writer.js';
export {
  decodeAmf0,
  decodeAmf0Sequence,
  decodeAmf3,
  decodeAmf3Sequence,
  encodeAmf0,
  encodeAmf0Sequence,
  encodeAmf3,
  encodeAmf3Sequence,
} from './codec.js';
