// The fixed benchmark corpus. Every value is built in code from a seeded generator, so each run (and each
// machine) measures exactly the same bytes. A case is a sequence of top-level values, because an RTMP command
// message is several AMF values back to back ("connect", 1, {…}); single-value cases are sequences of one.

export type AmfFormat = 'amf0' | 'amf3';

export interface BenchCase {
  /** Short stable name, used by --case filters and in the printed table. */
  readonly name: string;
  /** The formats this value makes sense in (a ByteArray exists only in AMF3). */
  readonly formats: readonly AmfFormat[];
  readonly values: readonly unknown[];
  /** Typed-object classes the value uses, by alias; codecs must register them to round-trip. */
  readonly classes: ReadonlyMap<string, new () => object>;
}

/** mulberry32: a tiny deterministic PRNG, enough to spread the corpus without Math.random. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

const noClasses: ReadonlyMap<string, new () => object> = new Map();

// --- RTMP command messages, as Flash Player and FMS send them ---------------------------------------------

function rtmpConnect(): unknown[] {
  return [
    'connect',
    1,
    {
      app: 'live/room42',
      flashVer: 'WIN 32,0,0,465',
      swfUrl: 'https://games.example.com/client/Main.swf?v=20201231',
      tcUrl: 'rtmp://media.example.com:1935/live/room42',
      fpad: false,
      capabilities: 239,
      audioCodecs: 3575,
      videoCodecs: 252,
      videoFunction: 1,
      pageUrl: 'https://games.example.com/play/room42',
      objectEncoding: 3,
    },
    'user-8812',
    'session-token-3b7f0c9e',
  ];
}

function rtmpResult(): unknown[] {
  return [
    '_result',
    1,
    { fmsVer: 'FMS/3,5,7,7009', capabilities: 31, mode: 1 },
    {
      level: 'status',
      code: 'NetConnection.Connect.Success',
      description: 'Connection succeeded.',
      objectEncoding: 3,
      data: { version: '3,5,7,7009' },
      clientid: 1584710125,
    },
  ];
}

function rtmpOnStatus(): unknown[] {
  return [
    'onStatus',
    0,
    null,
    {
      level: 'status',
      code: 'NetStream.Play.Start',
      description: 'Started playing room42.',
      details: 'room42',
      clientid: 'ZGwQvHxB',
      isFastPlay: false,
    },
  ];
}

function rtmpPlay(): unknown[] {
  return ['play', 4, null, 'mp4:videos/intro_720p.mp4', -2, -1, true];
}

// --- A remoting result: 1,000 typed objects ----------------------------------------------------------------

/** A typed value object, as a Flex DataGrid would receive it (registered under an alias by each codec). */
export class Customer {
  id = 0;
  name = '';
  email = '';
  country = '';
  createdAt = new Date(0);
  balance = 0;
  active = false;
  address: { street: string; city: string; zip: string } = { street: '', city: '', zip: '' };
}

export const CUSTOMER_ALIAS = 'com.example.crm.Customer';

function customers(count: number): Customer[] {
  const r = rng(1);
  const first = ['Ana', 'Björn', 'Chloé', 'Dmitri', 'Eun-ji', 'Farid', 'Grace', 'Hiro', 'Inés', 'Jonas'];
  const last = ['Silva', 'Larsson', 'Dubois', 'Ivanov', 'Kim', 'Haddad', 'Okafor', 'Tanaka', 'García', 'Weber'];
  const countries = ['BR', 'SE', 'FR', 'RU', 'KR', 'LB', 'NG', 'JP', 'ES', 'DE'];
  const cities = ['São Paulo', 'Göteborg', 'Lyon', 'Kazan', 'Busan', 'Beirut', 'Lagos', 'Ōsaka', 'Sevilla', 'Köln'];
  const out: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const c = new Customer();
    const fn = pick(r, first);
    const ln = pick(r, last);
    c.id = 100000 + i;
    c.name = `${fn} ${ln}`;
    c.email = `${fn.toLowerCase()}.${ln.toLowerCase()}${i}@example.com`;
    c.country = pick(r, countries);
    c.createdAt = new Date(Date.UTC(2005, 0, 1) + Math.floor(r() * 5000) * 86_400_000 + i * 1000);
    c.balance = Math.round(r() * 1_000_000) / 100;
    c.active = r() < 0.7;
    c.address = { street: `${1 + Math.floor(r() * 200)} Main St`, city: pick(r, cities), zip: String(10000 + i) };
    out.push(c);
  }
  return out;
}

// --- A string-heavy nested structure (a localisation bundle / game config) -------------------------------

function stringTree(): unknown {
  const r = rng(2);
  const words = ['alpha', 'bravo', 'Zürich', 'naïve', '東京', 'Ελλάδα', 'emoji 🎮', 'level', 'score', 'player'];
  const node = (depth: number): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < 6; i++) {
      const key = `${pick(r, words)}_${i}`;
      if (depth < 4 && i < 3) o[key] = node(depth + 1);
      else if (i === 5) o[key] = [pick(r, words), pick(r, words), `${pick(r, words)} ${depth}`];
      else o[key] = `${pick(r, words)} ${pick(r, words)} ${Math.floor(r() * 1000)}`;
    }
    return o;
  };
  return node(0);
}

// --- Numbers ----------------------------------------------------------------------------------------------

/** Ints spread over every U29 width (1–4 bytes), negatives, and a few just outside the 29-bit range. */
function ints(count: number): number[] {
  const r = rng(3);
  const ranges = [0x7f, 0x3fff, 0x1fffff, 0x0fffffff];
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const limit = ranges[i % ranges.length];
    let v = Math.floor(r() * limit);
    if (i % 7 === 0 && v !== 0) v = -v; // no -0 here: JSON cannot carry it, and the property tests cover it
    if (i % 997 === 0) v = 0x10000000 + i; // above 2^28 - 1: an AMF3 double
    out.push(v);
  }
  return out;
}

function doubles(count: number): number[] {
  const r = rng(4);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((r() - 0.5) * 10 ** Math.floor(r() * 12 - 4));
  return out;
}

function bytes(size: number): Buffer {
  const r = rng(5);
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = Math.floor(r() * 256);
  return b;
}

export function buildCorpus(): BenchCase[] {
  const both: readonly AmfFormat[] = ['amf0', 'amf3'];
  return [
    { name: 'rtmp connect', formats: ['amf0'], values: rtmpConnect(), classes: noClasses },
    { name: 'rtmp _result', formats: ['amf0'], values: rtmpResult(), classes: noClasses },
    { name: 'rtmp onStatus', formats: ['amf0'], values: rtmpOnStatus(), classes: noClasses },
    { name: 'rtmp play', formats: ['amf0'], values: rtmpPlay(), classes: noClasses },
    {
      name: 'remoting 1000 typed',
      formats: both,
      values: [customers(1000)],
      classes: new Map([[CUSTOMER_ALIAS, Customer]]),
    },
    {
      // The same rows as anonymous objects: what the peers can encode, so large values get a fair comparison.
      name: 'remoting 1000 plain',
      formats: both,
      values: [customers(1000).map((c) => ({ ...c, address: { ...c.address } }))],
      classes: noClasses,
    },
    { name: 'string tree', formats: both, values: [stringTree()], classes: noClasses },
    { name: '10k ints', formats: both, values: [ints(10_000)], classes: noClasses },
    { name: '10k doubles', formats: both, values: [doubles(10_000)], classes: noClasses },
    { name: 'bytearray 256K', formats: ['amf3'], values: [bytes(256 * 1024)], classes: noClasses },
  ];
}
