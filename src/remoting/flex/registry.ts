// The class registry a gateway or client decodes and encodes with: the user's classes (or the flex collections),
// plus the Flex message classes and their small forms.
import { ClassRegistry, createClassRegistry } from '../../amf/index.js';
import {
  AbstractMessage,
  AcknowledgeMessage,
  AsyncMessage,
  CommandMessage,
  ErrorMessage,
  RemotingMessage,
  SEALED_MEMBERS,
} from './messages.js';
import { smallMessageCodecs } from './small-messages.js';

/** Adds the Flex message classes (full and small forms) to `registry` and returns it. */
export function registerFlexMessages(registry: ClassRegistry): ClassRegistry {
  const p = 'flex.messaging.messages.';
  registry.registerClass(`${p}AbstractMessage`, AbstractMessage, { sealed: SEALED_MEMBERS.AbstractMessage });
  registry.registerClass(`${p}AsyncMessage`, AsyncMessage, { sealed: SEALED_MEMBERS.AsyncMessage });
  registry.registerClass(`${p}AcknowledgeMessage`, AcknowledgeMessage, { sealed: SEALED_MEMBERS.AcknowledgeMessage });
  registry.registerClass(`${p}ErrorMessage`, ErrorMessage, { sealed: SEALED_MEMBERS.ErrorMessage });
  registry.registerClass(`${p}CommandMessage`, CommandMessage, { sealed: SEALED_MEMBERS.CommandMessage });
  registry.registerClass(`${p}RemotingMessage`, RemotingMessage, { sealed: SEALED_MEMBERS.RemotingMessage });
  registry.registerExternalizable('DSK', smallMessageCodecs.DSK);
  registry.registerExternalizable('DSA', smallMessageCodecs.DSA);
  registry.registerExternalizable('DSC', smallMessageCodecs.DSC);
  return registry;
}

/** A new registry: a copy of `base` (default: the flex collections) with the Flex messages added. */
export function createRemotingClassRegistry(base?: ClassRegistry): ClassRegistry {
  return registerFlexMessages(base !== undefined ? base.clone() : createClassRegistry());
}
