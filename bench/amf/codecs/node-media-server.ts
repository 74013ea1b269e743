// Node-Media-Server's AMF0 module (node-media-server/src/protocol/amf.js), imported directly: the codec behind
// its RTMP command handling. AMF0 only; it encodes a list of values and decodes a buffer to a list.
import { createRequire } from 'node:module';
import type { Codec } from './codec.js';

interface NmsAmf {
  amf0Encode(values: readonly unknown[]): Buffer;
  amf0Decode(bytes: Buffer): unknown[];
}

const require = createRequire(import.meta.url);
const nms = require('node-media-server/src/protocol/amf.js') as NmsAmf;

export const nodeMediaServerCodec: Codec = {
  name: 'node-media-server',
  kind: 'peer',
  bind(format) {
    if (format !== 'amf0') return undefined;
    return {
      encode: (values) => nms.amf0Encode(values),
      decode: (bytes) => nms.amf0Decode(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes as Uint8Array)),
    };
  },
};
