// One-shot encode/decode functions. Each call is one reference context (one RTMP message, one remoting body).
// They reuse one module-level reader and writer per format (a nested call, e.g. from an externalizable codec,
// gets its own), so a small call allocates only its result.
import { Amf0Reader } from './amf0/reader.js';
import { Amf0Writer } from './amf0/writer.js';
import { Amf3Reader } from './amf3/reader.js';
import { Amf3Writer } from './amf3/writer.js';
import { AmfDecodeError, AmfEncodeError } from './errors.js';
import type { AmfDecodeOptions, AmfEncodeOptions } from './options.js';
import type { AmfValue } from './types.js';

// One spare writer per format, reconfigured when a call brings other options; a failed or nested call builds its
// own. Results are detached views of the writer's slab (see ByteWriter.detach), which also swaps a slab grown
// past MAX_RETAINED_BYTES for a small one.
let spareWriter0: Amf0Writer | null = null;
let spareWriter3: Amf3Writer | null = null;

function takeWriter0(options: AmfEncodeOptions | undefined): Amf0Writer {
  const w = spareWriter0;
  if (w === null) return new Amf0Writer(options);
  spareWriter0 = null;
  if (w.options !== options) w.configure(options);
  return w;
}

function detach0(w: Amf0Writer): Buffer {
  const out = w.detach();
  w.resetReferences();
  spareWriter0 = w;
  return out;
}

function takeWriter3(options: AmfEncodeOptions | undefined): Amf3Writer {
  const w = spareWriter3;
  if (w === null) return new Amf3Writer(options);
  spareWriter3 = null;
  if (w.options !== options) w.configure(options);
  return w;
}

function detach3(w: Amf3Writer): Buffer {
  const out = w.detach();
  w.resetReferences();
  spareWriter3 = w;
  return out;
}

/** Encodes one value in AMF0. */
export function encodeAmf0(value: AmfValue, options?: AmfEncodeOptions): Buffer {
  const w = takeWriter0(options);
  try {
    w.writeValue(value);
  } catch (err) {
    throw AmfEncodeError.from(err); // a getter or Proxy trap of the value threw: AMF_ERR_VALUE_THREW
  }
  return detach0(w);
}

/** Encodes values back to back in AMF0 with one reference table (e.g. the values of one RTMP command). */
export function encodeAmf0Sequence(values: readonly AmfValue[], options?: AmfEncodeOptions): Buffer {
  const w = takeWriter0(options);
  try {
    for (let i = 0; i < values.length; i++) w.writeValue(values[i]);
  } catch (err) {
    throw AmfEncodeError.from(err);
  }
  return detach0(w);
}

/** Encodes one value in AMF3. */
export function encodeAmf3(value: AmfValue, options?: AmfEncodeOptions): Buffer {
  const w = takeWriter3(options);
  try {
    w.writeValue(value);
  } catch (err) {
    throw AmfEncodeError.from(err);
  }
  return detach3(w);
}

/** Encodes values back to back in AMF3 with one set of reference tables. */
export function encodeAmf3Sequence(values: readonly AmfValue[], options?: AmfEncodeOptions): Buffer {
  const w = takeWriter3(options);
  try {
    for (let i = 0; i < values.length; i++) w.writeValue(values[i]);
  } catch (err) {
    throw AmfEncodeError.from(err);
  }
  return detach3(w);
}

/** @internal Bytes the spare one-shot writers keep allocated between calls. */
export function retainedEncoderBytes(): number {
  return (spareWriter0?.retainedBytes ?? 0) + (spareWriter3?.retainedBytes ?? 0);
}

function trailing(offset: number, end: number): never {
  throw new AmfDecodeError('AMF_ERR_TRAILING_BYTES', `${end - offset} byte(s) after the value`, offset);
}

// One spare reader per format, reconfigured when a call brings other options, instead of building a reader per
// call. A failed or nested call simply builds a new one.
let spare0: Amf0Reader | null = null;
let spare3: Amf3Reader | null = null;

function reader0(bytes: Uint8Array, options: AmfDecodeOptions | undefined): Amf0Reader {
  const r = spare0;
  if (r === null) return new Amf0Reader(bytes, options);
  spare0 = null;
  if (r.options !== options) r.configure(options);
  r.rebind(bytes);
  return r;
}

function reader3(bytes: Uint8Array, options: AmfDecodeOptions | undefined): Amf3Reader {
  const r = spare3;
  if (r === null) return new Amf3Reader(bytes, options);
  spare3 = null;
  if (r.options !== options) r.configure(options);
  r.rebind(bytes);
  return r;
}

/** Decodes exactly one AMF0 value; bytes after it are an error (AMF_ERR_TRAILING_BYTES). */
export function decodeAmf0(bytes: Uint8Array, options?: AmfDecodeOptions): AmfValue {
  const r = reader0(bytes, options);
  const v = r.readValue();
  if (r.offset !== r.end) trailing(r.offset, r.end);
  r.release(); // drop the input and the decoded graph
  spare0 = r;
  return v;
}

/** Decodes AMF0 values to the end of the input, with one reference table. */
export function decodeAmf0Sequence(bytes: Uint8Array, options?: AmfDecodeOptions): AmfValue[] {
  const r = reader0(bytes, options);
  const out: AmfValue[] = [];
  while (r.offset < r.end) out.push(r.readValue());
  r.release();
  spare0 = r;
  return out;
}

/** Decodes exactly one AMF3 value; bytes after it are an error (AMF_ERR_TRAILING_BYTES). */
export function decodeAmf3(bytes: Uint8Array, options?: AmfDecodeOptions): AmfValue {
  const r = reader3(bytes, options);
  const v = r.readValue();
  if (r.offset !== r.end) trailing(r.offset, r.end);
  r.release();
  spare3 = r;
  return v;
}

/** Decodes AMF3 values to the end of the input, with one set of reference tables. */
export function decodeAmf3Sequence(bytes: Uint8Array, options?: AmfDecodeOptions): AmfValue[] {
  const r = reader3(bytes, options);
  const out: AmfValue[] = [];
  while (r.offset < r.end) out.push(r.readValue());
  r.release();
  spare3 = r;
  return out;
}
