// fast-check generators of AMF values, shared by the property tests. Values are drawn in the codec's own JS shapes
// (see src/amf/types.ts) so that decode(encode(x)) must give back x exactly, and sizes stay small so a property
// runs in well under a second.
import fc from 'fast-check';
import {
  AmfAssociativeArray,
  AmfDictionary,
  AmfEcmaArray,
  AmfVector,
  AmfXml,
  AmfXmlDocument,
  type AmfValue,
} from '../../src/amf/types.js';
import { ClassRegistry } from '../../src/amf/class-registry.js';

// Replay a failure: FC_SEED=<seed printed by fast-check> node scripts/run-tests.mjs test/amf/property
if (process.env.FC_SEED) fc.configureGlobal({ seed: Number(process.env.FC_SEED) });

/** A registered class with a constructor, as a Flex value object would be. */
export class Point {
  x: unknown = 0;
  y: unknown = 0;
  label: unknown = '';
}
export const POINT_ALIAS = 'test.geom.Point';
export function pointRegistry(): ClassRegistry {
  return new ClassRegistry().registerClass(POINT_ALIAS, Point);
}

/** Ints where the AMF3 U29 encoding changes width or stops applying, and their neighbours. */
export const U29_EDGES: readonly number[] = [
  0, 1, 0x7f, 0x80, 0x3fff, 0x4000, 0x1fffff, 0x200000, 0x0fffffff, 0x10000000, 0x1fffffff, 0x20000000,
  -1, -0x80, -0x4000, -0x200000, -0x10000000, -0x10000001, 0x7fffffff, -0x80000000, 0xffffffff,
];

export const numbers: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...U29_EDGES),
  fc.constantFrom(-0, Number.NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER),
  fc.integer(),
  fc.double(),
);

/** Valid Unicode only (no lone surrogates, which UTF-8 cannot carry): ASCII, accents, CJK, astral emoji. */
export const strings: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('', 'Zürich', '東京', '🎮🎮', 'a\u0000b', 'Ελλάδα') },
);

/** Object member names: any non-empty valid string, __proto__ and constructor included (they must stay data). */
export const keys: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', '0', 'length') },
);

export const dates: fc.Arbitrary<Date> = fc.oneof(
  fc.date({ noInvalidDate: true }),
  fc.constantFrom(new Date(0), new Date(-1), new Date(8.64e15), new Date(-8.64e15)),
);

/** A plain object built with own data properties, so a `__proto__` key is a member, not the prototype. */
function objectOf(entries: readonly (readonly [string, unknown])[], o: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  return o;
}

export type Format = 'amf0' | 'amf3';

/**
 * Any AMF value of `format`, nested up to a few levels. 'amf0-mixed' is AMF0 data that also holds values only
 * AMF3 can carry (ByteArray, Vector, Dictionary), which an AMF0 writer sends after the 0x11 switch.
 */
export function amfValue(format: Format | 'amf0-mixed'): fc.Arbitrary<AmfValue> {
  // Inside a value written after the 0x11 switch every nested value follows AMF3's rules.
  const amf3Inner = format === 'amf0-mixed' ? amfValue('amf3') : undefined;
  const { value } = fc.letrec<{ value: AmfValue; container: AmfValue }>((tie) => {
    const scalar = fc.oneof(
      numbers,
      strings,
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      dates,
    );
    const members = fc.uniqueArray(fc.tuple(keys, tie('value')), { maxLength: 5, selector: (e) => e[0] });
    const common: fc.Arbitrary<AmfValue>[] = [
      members.map((m) => objectOf(m) as AmfValue),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.tuple(tie('value'), tie('value'), strings).map(([x, y, label]) => Object.assign(new Point(), { x, y, label })),
      strings.map((s) => new AmfXmlDocument(s)),
    ];
    const amf0Only: fc.Arbitrary<AmfValue>[] = [
      members.map((m) => objectOf(m, new AmfEcmaArray() as Record<string, unknown>) as AmfValue),
    ];
    // AMF3 values an AMF0 writer can carry after the 0x11 switch and that decode back to the same shape.
    const inner = amf3Inner ?? tie('value');
    const amf3Carried: fc.Arbitrary<AmfValue>[] = [
      fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b) as AmfValue),
      fc.array(fc.integer({ min: -0x80000000, max: 0x7fffffff }), { maxLength: 5 }).map((a) => new AmfVector('int', a)),
      fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 5 }).map((a) => new AmfVector('uint', a)),
      fc.array(numbers, { maxLength: 5 }).map((a) => new AmfVector('double', a)),
      fc.array(inner, { maxLength: 4 }).map((a) => new AmfVector('object', a)),
      fc.array(fc.tuple(fc.oneof(strings, numbers, fc.boolean()), inner), { maxLength: 4 }).map((entries) => {
        const d = new AmfDictionary();
        for (const [k, v] of entries) d.set(k, v);
        return d;
      }),
    ];
    // AMF3 shapes an AMF0 writer maps to AMF0 types (E4X XML to an XML document, an associative array to an ECMA array).
    const amf3Native: fc.Arbitrary<AmfValue>[] = [
      strings.map((s) => new AmfXml(s)),
      fc.tuple(fc.uniqueArray(fc.tuple(keys, tie('value')), { minLength: 1, maxLength: 3, selector: (e) => e[0] }), fc.array(tie('value'), { maxLength: 3 }))
        .map(([m, dense]) => new AmfAssociativeArray(objectOf(m) as never, dense)),
    ];
    const perFormat =
      format === 'amf0' ? amf0Only : format === 'amf3' ? [...amf3Carried, ...amf3Native] : [...amf0Only, ...amf3Carried];
    return {
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('container')),
      container: fc.oneof(...common, ...perFormat),
    };
  });
  return value;
}

/**
 * A tree of objects and arrays plus extra edges between its containers: edges to a non-ancestor make shared
 * references, edges to an ancestor make cycles. Returns the root; the same object may be reached many times.
 */
export function sharedGraph(format: Format): fc.Arbitrary<AmfValue> {
  const leaf = fc.oneof(numbers, strings, fc.boolean(), fc.constant(null), ...(format === 'amf3' ? [dates] : []));
  const tree = fc.letrec<{ node: AmfValue }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('node'), { maxLength: 4 }),
      fc.uniqueArray(fc.tuple(keys, tie('node')), { maxLength: 4, selector: (e) => e[0] }).map((m) => objectOf(m) as AmfValue),
    ),
  })).node;
  const root = fc.uniqueArray(fc.tuple(keys, tree), { minLength: 1, maxLength: 4, selector: (e) => e[0] }).map((m) => objectOf(m));
  const edges = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 6 });
  return fc.tuple(root, edges, fc.array(dates, { maxLength: 2 })).map(([r, links, shareDates]) => {
    const containers: object[] = [];
    const visit = (v: unknown): void => {
      if (typeof v !== 'object' || v === null || v instanceof Date || containers.includes(v)) return;
      containers.push(v);
      for (const child of Object.values(v)) visit(child);
    };
    visit(r);
    for (const [from, to, key] of links) {
      const a = containers[from % containers.length];
      const b = containers[to % containers.length];
      if (Array.isArray(a)) a.push(b);
      else Object.defineProperty(a, `~${key}`, { value: b, writable: true, enumerable: true, configurable: true });
    }
    // The same Date twice: AMF3 keeps it one object (AMF0 writes dates by value, so only AMF3 checks identity).
    shareDates.forEach((d, i) => {
      const a = containers[i % containers.length];
      if (Array.isArray(a)) a.push(d, d);
      else Object.assign(a, { [`~d${i}a`]: d, [`~d${i}b`]: d });
    });
    return r as AmfValue;
  });
}
