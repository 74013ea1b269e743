// Registries that know the flex collections out of the box.
import { ClassRegistry } from '../class-registry.js';
import { registerFlexCollections } from './collections.js';

/** A new, mutable registry with ArrayCollection, ArrayList and ObjectProxy registered. */
export function createClassRegistry(): ClassRegistry {
  return registerFlexCollections(new ClassRegistry());
}

/** The registry used when options give none: the flex collections only, frozen (clone() it to extend). */
export const flexClassRegistry: ClassRegistry = createClassRegistry().freeze();
