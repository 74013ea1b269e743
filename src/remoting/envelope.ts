// The remoting packet (an "AMF message" / ActionMessage): bytes <-> Envelope.
//
//   u16 version (0, or 3 for clients that may switch to AMF3)
//   u16 header-count, then per header: u16-UTF8 name, u8 mustUnderstand, u32 length, AMF0 value
//   u16 body-count,   then per body:   u16-UTF8 target URI, u16-UTF8 response URI, u32 length, AMF0 value
//
// Values are AMF0 and may switch to AMF3 with 0x11. Reference tables restart with every header and body.
// The u32 lengths are read but never trusted: Flash Player writes exact values, other clients write 0 or
// 0xFFFFFFFF, and a value always knows where it ends.
import { Amf0Reader, Amf0Writer, AmfDecodeError, type AmfDecodeOptions, type AmfEncodeOptions, type AmfValue } from '../amf/index.js';
import { RemotingError } from './errors.js';

export type RemotingVersion = 0 | 3;

export interface RemotingHeader {
  readonly name: string;
  readonly mustUnderstand: boolean;
  readonly value: AmfValue;
}

export interface RemotingBody {
  /** Request: `Service.method` (or `null` for Flex messages). Response: `<responseURI>/onResult|onStatus`. */
  readonly target: string;
  /** Request: where the answer goes, e.g. `/1`. Responses carry `null` here. */
  readonly response: string;
  readonly value: AmfValue;
}

export interface Envelope {
  readonly version: RemotingVersion;
  readonly headers: readonly RemotingHeader[];
  readonly bodies: readonly RemotingBody[];
}

export interface EnvelopeDecodeOptions extends AmfDecodeOptions {
  /** Most headers in one packet. Defaults to 64. */
  readonly maxHeaders?: number;
  /** Most bodies (calls) in one packet. Defaults to 256. */
  readonly maxBodies?: number;
}

export type EnvelopeEncodeOptions = Omit<AmfEncodeOptions, 'amf3'>;

/** Smallest possible header (empty name, flag, length, one-byte value) and body; used to refuse absurd counts early. */
const MIN_HEADER_BYTES = 2 + 1 + 4 + 1;
const MIN_BODY_BYTES = 2 + 2 + 4 + 1;

/** Decodes one remoting packet. Throws RemotingError (its `cause` is the AmfDecodeError, if any). */
export function decodeEnvelope(bytes: Uint8Array, options: EnvelopeDecodeOptions = {}): Envelope {
  const r = new Amf0Reader(bytes, options);
  try {
    return readEnvelope(r, options);
  } catch (err) {
    if (err instanceof AmfDecodeError) {
      const code = err.code === 'AMF_ERR_TRUNCATED' ? 'REMOTING_ERR_TRUNCATED' : 'REMOTING_ERR_BAD_VALUE';
      throw new RemotingError(code, `bad remoting packet: ${err.message}`, { offset: err.offset, cause: err });
    }
    throw err;
  }
}

function readEnvelope(r: Amf0Reader, options: EnvelopeDecodeOptions): Envelope {
  const version = r.readUInt16();
  if (version !== 0 && version !== 3) {
    throw new RemotingError('REMOTING_ERR_BAD_VERSION', `unsupported remoting version ${version} (expected 0 or 3)`, { offset: 0 });
  }
  const headerCount = r.readUInt16();
  const maxHeaders = options.maxHeaders ?? 64;
  if (headerCount > maxHeaders) {
    throw new RemotingError('REMOTING_ERR_TOO_MANY_HEADERS', `${headerCount} headers exceed maxHeaders (${maxHeaders})`, { offset: 2 });
  }
  if (headerCount * MIN_HEADER_BYTES > r.remaining) truncated(r, headerCount, 'headers');
  const headers: RemotingHeader[] = [];
  for (let i = 0; i < headerCount; i++) {
    const name = r.readUtf8String();
    const mustUnderstand = r.readUInt8() !== 0;
    r.readUInt32(); // length: not trusted
    r.resetReferences();
    const value = r.readValue();
    headers.push({ name, mustUnderstand, value });
  }
  const bodyOffset = r.offset;
  const bodyCount = r.readUInt16();
  const maxBodies = options.maxBodies ?? 256;
  if (bodyCount > maxBodies) {
    throw new RemotingError('REMOTING_ERR_TOO_MANY_BODIES', `${bodyCount} bodies exceed maxBodies (${maxBodies})`, { offset: bodyOffset });
  }
  if (bodyCount * MIN_BODY_BYTES > r.remaining) truncated(r, bodyCount, 'bodies');
  const bodies: RemotingBody[] = [];
  for (let i = 0; i < bodyCount; i++) {
    const target = r.readUtf8String();
    const response = r.readUtf8String();
    r.readUInt32(); // length: not trusted
    r.resetReferences();
    const value = r.readValue();
    bodies.push({ target, response, value });
  }
  if (r.hasMore()) {
    throw new RemotingError('REMOTING_ERR_TRAILING_BYTES', `${r.remaining} byte(s) after the last body`, { offset: r.offset });
  }
  return { version, headers, bodies };
}

function truncated(r: Amf0Reader, count: number, what: string): never {
  throw new RemotingError('REMOTING_ERR_TRUNCATED', `${count} ${what} cannot fit in ${r.remaining} byte(s)`, { offset: r.offset });
}

/**
 * Encodes a packet with exact length fields. Version 3 packets write objects through the AMF3 switch (0x11),
 * as Flash Player expects from a gateway answering an objectEncoding-3 client.
 */
export function encodeEnvelope(envelope: Envelope, options: EnvelopeEncodeOptions = {}): Buffer {
  return writeEnvelope(new Amf0Writer({ ...options, amf3: envelope.version === 3 }), envelope);
}

/**
 * Writes a packet into `w` (which must have been made with `amf3: true` for version 3) and returns a view of its
 * bytes, valid until the writer is used again. Lets a gateway reuse one writer for every answer.
 */
export function writeEnvelope(w: Amf0Writer, envelope: Envelope): Buffer {
  const start = w.length;
  const lengths: number[] = [];
  w.writeUInt16(envelope.version);
  w.writeUInt16(checkCount(envelope.headers.length, 'headers'));
  for (const h of envelope.headers) {
    w.writeUtf8String(h.name);
    w.writeUInt8(h.mustUnderstand ? 1 : 0);
    writeValueWithLength(w, h.value, lengths);
  }
  w.writeUInt16(checkCount(envelope.bodies.length, 'bodies'));
  for (const b of envelope.bodies) {
    w.writeUtf8String(b.target);
    w.writeUtf8String(b.response);
    writeValueWithLength(w, b.value, lengths);
  }
  const out = w.toBuffer().subarray(start);
  for (let i = 0; i < lengths.length; i += 2) out.writeUInt32BE(lengths[i + 1], lengths[i] - start);
  return out;
}

/** Writes a u32 placeholder and the value; records (offset of the u32, value length) in `lengths`. */
function writeValueWithLength(w: Amf0Writer, value: AmfValue, lengths: number[]): void {
  const at = w.length;
  w.writeUInt32(0); // patched once the value's size is known
  w.resetReferences();
  w.writeValue(value);
  lengths.push(at, w.length - at - 4);
}

function checkCount(n: number, what: string): number {
  if (n > 0xffff) throw new RemotingError('REMOTING_ERR_BAD_VALUE', `too many ${what} for one packet: ${n}`);
  return n;
}
