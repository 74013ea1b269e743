// bytearray-node (AS3 ByteArray for Node; AMF0 via amf0-ts, AMF3 via amf3-ts), used the way its README shows:
// writeObject per value, readObject until the end. Its class aliases live in a process-wide table.
import { createRequire } from 'node:module';
import type { Codec } from './codec.js';

interface ByteArray {
  buffer: Buffer;
  position: number;
  objectEncoding: number;
  writeObject(value: unknown): void;
  readObject(): unknown;
}
interface ByteArrayClass {
  new (buffer?: Buffer): ByteArray;
  registerClassAlias(encoding: number, alias: string, ctor: object): void;
}

const require = createRequire(import.meta.url);
const ByteArrayCtor = require('bytearray-node') as ByteArrayClass;

export const byteArrayNodeCodec: Codec = {
  name: 'bytearray-node',
  kind: 'peer',
  bind(format, c) {
    const encoding = format === 'amf0' ? 0 : 3;
    for (const [alias, ctor] of c.classes) ByteArrayCtor.registerClassAlias(encoding, alias, ctor);
    return {
      encode(values) {
        const ba = new ByteArrayCtor();
        ba.objectEncoding = encoding;
        for (const v of values) ba.writeObject(v);
        return ba.buffer;
      },
      decode(bytes) {
        const ba = new ByteArrayCtor(Buffer.from(bytes as Uint8Array));
        ba.objectEncoding = encoding;
        const out: unknown[] = [];
        // Bounded: every readObject consumes at least one byte or throws.
        while (ba.position < ba.buffer.length) out.push(ba.readObject());
        return out;
      },
    };
  },
};
