// Just enough AMF0 for a load client's control messages (connect, createStream, play, publish, onStatus).
// Kept separate from src/amf on purpose: the benchmark measures servers, and must not share their bugs.
// Media payloads never pass through here.

export type Amf0Lite = number | boolean | string | null | undefined | Amf0LiteObject | Amf0Lite[];
export interface Amf0LiteObject {
  [key: string]: Amf0Lite;
}

export class Amf0LiteError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

const MAX_DEPTH = 16;

function encodeValue(v: Amf0Lite, out: Buffer[]): void {
  if (typeof v === 'number') {
    const b = Buffer.allocUnsafe(9);
    b[0] = 0x00;
    b.writeDoubleBE(v, 1);
    out.push(b);
  } else if (typeof v === 'boolean') {
    out.push(Buffer.from([0x01, v ? 1 : 0]));
  } else if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    const h = Buffer.allocUnsafe(3);
    h[0] = 0x02;
    h.writeUInt16BE(s.length, 1);
    out.push(h, s);
  } else if (v === null) {
    out.push(Buffer.from([0x05]));
  } else if (v === undefined) {
    out.push(Buffer.from([0x06]));
  } else if (Array.isArray(v)) {
    const h = Buffer.allocUnsafe(5);
    h[0] = 0x0a;
    h.writeUInt32BE(v.length, 1);
    out.push(h);
    for (const item of v) encodeValue(item, out);
  } else {
    out.push(Buffer.from([0x03]));
    for (const [k, item] of Object.entries(v)) {
      const key = Buffer.from(k, 'utf8');
      const kh = Buffer.allocUnsafe(2);
      kh.writeUInt16BE(key.length, 0);
      out.push(kh, key);
      encodeValue(item, out);
    }
    out.push(Buffer.from([0x00, 0x00, 0x09]));
  }
}

/** Encodes values one after another, as in a command message body. */
export function encodeAmf0Values(values: readonly Amf0Lite[]): Buffer {
  const out: Buffer[] = [];
  for (const v of values) encodeValue(v, out);
  return Buffer.concat(out);
}

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  need(n: number): void {
    if (this.pos + n > this.buf.length) throw new Amf0LiteError('truncated AMF0', 'AMF0LITE_ERR_TRUNCATED');
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  str(n: number): string {
    this.need(n);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}

function readProps(r: Reader, depth: number): Amf0LiteObject {
  const obj: Amf0LiteObject = Object.create(null) as Amf0LiteObject;
  for (;;) {
    const key = r.str(r.u16());
    if (key === '' && r.buf[r.pos] === 0x09) {
      r.pos++;
      return obj;
    }
    obj[key] = readValue(r, depth + 1);
  }
}

function readValue(r: Reader, depth: number): Amf0Lite {
  if (depth > MAX_DEPTH) throw new Amf0LiteError('AMF0 nesting too deep', 'AMF0LITE_ERR_DEPTH');
  const marker = r.u8();
  switch (marker) {
    case 0x00: {
      r.need(8);
      const v = r.buf.readDoubleBE(r.pos);
      r.pos += 8;
      return v;
    }
    case 0x01:
      return r.u8() !== 0;
    case 0x02:
      return r.str(r.u16());
    case 0x03:
      return readProps(r, depth);
    case 0x05:
      return null;
    case 0x06:
      return undefined;
    case 0x08:
      r.u32();
      return readProps(r, depth);
    case 0x0a: {
      const n = r.u32();
      if (n > r.buf.length - r.pos) throw new Amf0LiteError('AMF0 array longer than input', 'AMF0LITE_ERR_TRUNCATED');
      const arr: Amf0Lite[] = [];
      for (let i = 0; i < n; i++) arr.push(readValue(r, depth + 1));
      return arr;
    }
    case 0x0c:
      return r.str(r.u32());
    default:
      throw new Amf0LiteError(`unsupported AMF0 marker 0x${marker.toString(16)}`, 'AMF0LITE_ERR_MARKER');
  }
}

/** Decodes all values of a command message body. */
export function decodeAmf0Values(buf: Buffer): Amf0Lite[] {
  const r = new Reader(buf);
  const out: Amf0Lite[] = [];
  while (r.pos < buf.length) out.push(readValue(r, 0));
  return out;
}
