// The `amf` package (TooTallNate/node-amf): an AMF0 reader only, so it appears in decode rows alone.
import { createRequire } from 'node:module';
import type { Codec } from './codec.js';

interface ReadInfo {
  offset: number;
  byteLength?: number;
}
type AmfRead = (buffer: Buffer, info: ReadInfo) => unknown;

const require = createRequire(import.meta.url);
const amf = require('amf') as { read: AmfRead };

export const amfNpmCodec: Codec = {
  name: 'amf',
  kind: 'peer',
  bind(format) {
    if (format !== 'amf0') return undefined;
    return {
      decode(bytes) {
        const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes as Uint8Array);
        const info: ReadInfo = { offset: 0 };
        const out: unknown[] = [];
        while (info.offset < buf.length) {
          const before = info.offset;
          out.push(amf.read(buf, info));
          if (info.offset <= before) throw new Error('amf.read made no progress');
        }
        return out;
      },
    };
  },
};
