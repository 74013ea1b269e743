// Flashback's codec through its public one-shot API, the way RTMP and remoting call it: the values of one message
// encoded back to back with one reference table, and decoded to the end of the input. Options are passed only
// when the case has classes to register (RTMP command traffic calls the codec without options).
import {
  ClassRegistry,
  decodeAmf0Sequence,
  decodeAmf3Sequence,
  encodeAmf0Sequence,
  encodeAmf3Sequence,
  type AmfDecodeOptions,
  type AmfValue,
} from '../../../src/amf/index.js';
import type { Codec } from './codec.js';

export const oursCodec: Codec = {
  name: 'flashback',
  kind: 'ours',
  bind(format, c) {
    let options: AmfDecodeOptions | undefined;
    if (c.classes.size > 0) {
      const classRegistry = new ClassRegistry();
      for (const [alias, ctor] of c.classes) classRegistry.registerClass(alias, ctor);
      options = { classRegistry };
    }
    const encode = format === 'amf0' ? encodeAmf0Sequence : encodeAmf3Sequence;
    const decode = format === 'amf0' ? decodeAmf0Sequence : decodeAmf3Sequence;
    return {
      encode: (values) => encode(values as readonly AmfValue[], options),
      decode: (bytes) => decode(bytes as Uint8Array, options),
    };
  },
};
