// AMF3 type markers (AMF3 specification, section 3.1).
export const Amf3Marker = Object.freeze({
  Undefined: 0x00,
  Null: 0x01,
  False: 0x02,
  True: 0x03,
  Integer: 0x04,
  Double: 0x05,
  String: 0x06,
  XmlDocument: 0x07,
  Date: 0x08,
  Array: 0x09,
  Object: 0x0a,
  Xml: 0x0b,
  ByteArray: 0x0c,
  VectorInt: 0x0d,
  VectorUint: 0x0e,
  VectorDouble: 0x0f,
  VectorObject: 0x10,
  Dictionary: 0x11,
} as const);
export type Amf3Marker = (typeof Amf3Marker)[keyof typeof Amf3Marker];

/** Smallest and largest values of the AMF3 integer type (29-bit signed); others are written as doubles. */
export const AMF3_INT_MIN = -0x10000000;
export const AMF3_INT_MAX = 0x0fffffff;
/** Largest U29 value. */
export const U29_MAX = 0x1fffffff;
