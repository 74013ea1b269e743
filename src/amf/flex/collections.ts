// The externalizable collections of the Flex SDK / BlazeDS. Each body is a single AMF3 value:
// ArrayCollection and ArrayList write their `source` array, ObjectProxy writes its wrapped object.
import type { AmfObject, AmfValue } from '../types.js';
import type { ClassRegistry } from '../class-registry.js';

/** `flex.messaging.io.ArrayCollection` (mx.collections.ArrayCollection). */
export class ArrayCollection {
  constructor(public source: AmfValue[] = []) {}
}

/** `flex.messaging.io.ArrayList` (mx.collections.ArrayList). */
export class ArrayList {
  constructor(public source: AmfValue[] = []) {}
}

/** `flex.messaging.io.ObjectProxy` (mx.utils.ObjectProxy). */
export class ObjectProxy {
  constructor(public object: AmfObject = {}) {}
}

function asArray(v: AmfValue): AmfValue[] {
  return Array.isArray(v) ? v : v == null ? [] : [v];
}

function asObject(v: AmfValue): AmfObject {
  return v !== null && typeof v === 'object' ? (v as AmfObject) : {};
}

/** Adds the three flex collections to `registry`. */
export function registerFlexCollections(registry: ClassRegistry): ClassRegistry {
  registry.registerExternalizable('flex.messaging.io.ArrayCollection', {
    ctor: ArrayCollection,
    read: (r) => new ArrayCollection(asArray(r.readValue())),
    write: (w, v) => void w.writeValue(v.source),
  });
  registry.registerExternalizable('flex.messaging.io.ArrayList', {
    ctor: ArrayList,
    read: (r) => new ArrayList(asArray(r.readValue())),
    write: (w, v) => void w.writeValue(v.source),
  });
  registry.registerExternalizable('flex.messaging.io.ObjectProxy', {
    ctor: ObjectProxy,
    read: (r) => new ObjectProxy(asObject(r.readValue())),
    write: (w, v) => void w.writeValue(v.object),
  });
  return registry;
}
