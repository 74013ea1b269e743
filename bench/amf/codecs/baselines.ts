// JSON and V8's structured serializer on the same values: the yardsticks every ratio is printed against.
// JSON.parse works on a string (its normal use), v8.deserialize on a Buffer.
import v8 from 'node:v8';
import type { Codec } from './codec.js';

export const jsonCodec: Codec = {
  name: 'JSON',
  kind: 'baseline',
  bind: () => ({
    encode: (values) => JSON.stringify(values),
    decode: (text) => JSON.parse(typeof text === 'string' ? text : Buffer.from(text).toString('utf8')) as unknown[],
  }),
};

export const v8Codec: Codec = {
  name: 'v8',
  kind: 'baseline',
  bind: () => ({
    encode: (values) => v8.serialize(values),
    decode: (bytes) => v8.deserialize(typeof bytes === 'string' ? Buffer.from(bytes) : bytes) as unknown[],
  }),
};
