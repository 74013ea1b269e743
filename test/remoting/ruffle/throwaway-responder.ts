// TEMPORARY bring-up responder (deleted once src/remoting's Gateway lands): just enough AMF0 to
// answer echo.echo / echo.fail so the browser harness can be brought up.
import type { RequestListener } from 'node:http';

type V = unknown;

function decode(b: Buffer, o: { p: number }): V {
  const m = b[o.p++];
  const str = (): string => {
    const n = b.readUInt16BE(o.p);
    o.p += 2;
    const s = b.toString('utf8', o.p, o.p + n);
    o.p += n;
    return s;
  };
  const props = (into: Record<string, V>): void => {
    for (;;) {
      const k = str();
      if (k === '' && b[o.p] === 9) {
        o.p++;
        return;
      }
      into[k] = decode(b, o);
    }
  };
  switch (m) {
    case 0: {
      const v = b.readDoubleBE(o.p);
      o.p += 8;
      return v;
    }
    case 1:
      return b[o.p++] !== 0;
    case 2:
      return str();
    case 3: {
      const r: Record<string, V> = {};
      props(r);
      return r;
    }
    case 5:
    case 6:
      return null;
    case 8: {
      o.p += 4;
      const r: Record<string, V> = {};
      props(r);
      const keys = Object.keys(r);
      return keys.every((k, i) => k === String(i)) ? keys.map((k) => r[k]) : r;
    }
    case 10: {
      const n = b.readUInt32BE(o.p);
      o.p += 4;
      const a: V[] = [];
      for (let i = 0; i < n; i++) a.push(decode(b, o));
      return a;
    }
    case 11: {
      const v = b.readDoubleBE(o.p);
      o.p += 10;
      return new Date(v);
    }
    default:
      throw new Error(`marker ${m}`);
  }
}

function encode(v: V, out: Buffer[]): void {
  const s = (t: string): void => {
    const u = Buffer.from(t, 'utf8');
    const h = Buffer.alloc(2);
    h.writeUInt16BE(u.length);
    out.push(h, u);
  };
  if (v === null || v === undefined) out.push(Buffer.from([5]));
  else if (typeof v === 'number') {
    const n = Buffer.alloc(9);
    n[0] = 0;
    n.writeDoubleBE(v, 1);
    out.push(n);
  } else if (typeof v === 'boolean') out.push(Buffer.from([1, v ? 1 : 0]));
  else if (typeof v === 'string') {
    out.push(Buffer.from([2]));
    s(v);
  } else if (v instanceof Date) {
    const n = Buffer.alloc(11);
    n[0] = 11;
    n.writeDoubleBE(v.getTime(), 1);
    out.push(n);
  } else if (Array.isArray(v)) {
    const h = Buffer.alloc(5);
    h[0] = 10;
    h.writeUInt32BE(v.length, 1);
    out.push(h);
    for (const x of v) encode(x, out);
  } else {
    out.push(Buffer.from([3]));
    for (const [k, x] of Object.entries(v as Record<string, V>)) {
      s(k);
      encode(x, out);
    }
    out.push(Buffer.from([0, 0, 9]));
  }
}

export function throwawayResponder(received: V[]): RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const b = Buffer.concat(chunks);
      const o = { p: 2 };
      const headers = b.readUInt16BE(o.p);
      o.p += 2;
      for (let i = 0; i < headers; i++) {
        const n = b.readUInt16BE(o.p);
        o.p += 2 + n + 1 + 4;
        decode(b, o);
      }
      const count = b.readUInt16BE(o.p);
      o.p += 2;
      const out: Buffer[] = [Buffer.from([0, 0, 0, 0, count >> 8, count & 255])];
      for (let i = 0; i < count; i++) {
        const target = (() => { const n = b.readUInt16BE(o.p); o.p += 2; const t = b.toString('utf8', o.p, o.p + n); o.p += n; return t; })();
        const response = (() => { const n = b.readUInt16BE(o.p); o.p += 2; const t = b.toString('utf8', o.p, o.p + n); o.p += n; return t; })();
        o.p += 4;
        const args = decode(b, o) as V[];
        received.push(args);
        const fail = target.endsWith('fail');
        const str = (t: string): void => { const u = Buffer.from(t); const h = Buffer.alloc(2); h.writeUInt16BE(u.length); out.push(h, u); };
        str(`${response}/${fail ? 'onStatus' : 'onResult'}`);
        str('null');
        out.push(Buffer.from([255, 255, 255, 255]));
        encode(fail ? { level: 'error', code: 'Server.Processing', description: 'boom' } : args[0], out);
      }
      res.writeHead(200, { 'content-type': 'application/x-amf' });
      res.end(Buffer.concat(out));
    });
  };
}
