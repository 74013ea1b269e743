// The JavaScript shapes of AMF values. Plain data where JavaScript has a natural type (objects, arrays, Date, Map,
// Uint8Array); small wrapper classes where AMF carries more than the JavaScript type can hold (class names, XML
// kinds, vector element types, the associative part of an AMF3 array).

/** An anonymous AMF object: a plain object whose keys are all own data properties. */
export interface AmfObject {
  [key: string]: AmfValue;
}

/** AMF3 ByteArray. Decoded as a Buffer (a copy, never inflated); any Uint8Array encodes as a ByteArray. */
export type AmfByteArray = Uint8Array;

/** A `flash.xml.XMLDocument` (AMF0 0x0F, AMF3 0x07). The text is kept as is, never parsed. */
export class AmfXmlDocument {
  constructor(public xml: string) {}
  toString(): string {
    return this.xml;
  }
}

/** An E4X `XML` value (AMF3 0x0B). The text is kept as is, never parsed. */
export class AmfXml {
  constructor(public xml: string) {}
  toString(): string {
    return this.xml;
  }
}

/** Element type of an AMF3 Vector: 0x0D int, 0x0E uint, 0x0F Number, 0x10 Object. */
export type AmfVectorType = 'int' | 'uint' | 'double' | 'object';

/** An AMF3 `Vector.<int|uint|Number|Object>`. */
export class AmfVector {
  constructor(
    public type: AmfVectorType,
    public items: AmfValue[],
    /** The `fixed` flag of the vector (its length cannot change in ActionScript). */
    public fixed = false,
    /** For object vectors: the element class name as written (e.g. `com.example.Item`; '' or '*' for any). */
    public typeName = '',
  ) {}
}

/** An AMF3 `flash.utils.Dictionary`. Any Map encodes as a Dictionary; decoding gives this subclass. */
export class AmfDictionary extends Map<AmfValue, AmfValue> {
  /** The `weakKeys` flag as written. */
  weakKeys = false;
}

/**
 * A typed object whose class alias is not registered: keeps the class name and the member layout so that
 * re-encoding gives the same bytes. Nothing is instantiated from the wire name.
 */
export class AmfTypedObject {
  constructor(
    public className: string,
    /** All members, sealed ones first in trait order, then dynamic ones. Own data properties only. */
    public properties: AmfObject,
    /**
     * AMF3: names of the sealed members (trait order). Undefined means "every own key of `properties`, in order"
     * (what AMF0 typed objects decode to, and a simple default when building one by hand). Decoded lists are
     * frozen and shared by the objects of one trait: assign a new array to change one object's layout.
     */
    public sealedMembers: readonly string[] | undefined = undefined,
    /** AMF3: whether the traits are dynamic (members not in sealedMembers are written as dynamic members). */
    public dynamic = false,
  ) {}
}

/**
 * An AMF0 ECMA array (0x08), e.g. the onMetaData object of FLV/RTMP. Entries are own properties of the instance
 * (`meta.duration`), so it reads like a plain object but re-encodes as 0x08. In AMF3 it is written as an array with
 * only an associative part.
 */
export class AmfEcmaArray {
  [key: string]: AmfValue;
}

/** An AMF3 array with a non-empty associative part: the two parts are kept apart. */
export class AmfAssociativeArray {
  constructor(
    /** The associative (string-keyed) part, in wire order. */
    public associative: AmfObject,
    /** The dense part. */
    public dense: AmfValue[] = [],
  ) {}
}

/**
 * Everything the codec reads and writes. `object` stands for instances of classes registered in a ClassRegistry
 * (and of flex collections ArrayCollection / ArrayList / ObjectProxy).
 */
export type AmfValue =
  | undefined
  | null
  | boolean
  | number
  | string
  | Date
  | AmfValue[]
  | AmfObject
  | AmfByteArray
  | AmfXmlDocument
  | AmfXml
  | AmfVector
  | AmfDictionary
  | AmfTypedObject
  | AmfEcmaArray
  | AmfAssociativeArray
  | object;
