// The remoting gateway against a real Flash runtime: Ruffle (the Flash Player emulator, as a web
// page) in headless Chromium runs probe SWFs built at test time (test/fixtures/flash): AS3 ones
// compiled with haxe (NetConnection calls; Flex RemotingMessages in AMF3; a Flex RemoteObject-style
// call) and an AVM1 one assembled from bytecode. Each reports what came back. The tests check what the
// service received (Ruffle's encoder -> our decoder), what the SWF reported (our encoder -> Ruffle's
// decoder) and the packets on the wire (one body per request, or one packet for a frame's batch).
import { after, before, describe, it, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAs3Probe } from './build-as3.js';
import { launchBrowser, type Browser } from './browser.js';
import { describeValue } from './describe-value.js';
import { startHarness, type Exchange, type Harness, type Report } from './harness.js';
import { packetShape, spacedHex } from './packet-shape.js';
import { checkTools, mustFailWhenMissing } from './tools.js';
import { FaultCodes, Gateway, createNodeHandler } from '../../../src/remoting/index.js';
import { AmfEcmaArray, AmfTypedObject, ArrayCollection } from '../../../src/amf/index.js';
import type { CallContext } from '../../../src/remoting/index.js';
import { AVM1_CASES, buildAvm1Probe } from '../../fixtures/flash/avm1/remoting-probe.js';
import {
  AS3_EXTRA_CASES, BATCH_CASES, CREDENTIALS, DATE_MS, FLEX_CASES, POINT_ALIAS, SECURE_CASE, SEQUENTIAL_CASES, type ProbeCase,
} from '../../fixtures/flash/cases.js';

const tools = checkTools();
const skip = tools.missing !== undefined && !mustFailWhenMissing() ? tools.missing : false;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What the SWF must report for a case: the echoed value's text form, or a fault with its code. */
function expectedReport(c: ProbeCase): string | RegExp {
  if (c.fault !== undefined) return new RegExp(`^fault:\\{code=s:${escapeRegExp(c.fault)},description=s:[^,]+,details=s:[^,]*,level=s:error\\}$`);
  return c.report ?? describeValue(c.args[0]);
}

/**
 * What a service argument means to ActionScript: the gateway hands an AMF0 ECMA array to the service as
 * an AmfEcmaArray (so an echo re-encodes it as 0x08); Flash turns one into an Array, so a dense one
 * compares as an array here.
 */
function asActionScriptSees(value: unknown): unknown {
  if (value instanceof AmfTypedObject) {
    const members = asActionScriptSees(value.properties) as Record<string, unknown>;
    return new AmfTypedObject(value.className, members as AmfTypedObject['properties']);
  }
  if (value instanceof AmfEcmaArray) {
    const keys = Object.keys(value);
    const entries = keys.map((k) => asActionScriptSees(value[k]));
    if (keys.every((k, i) => k === String(i))) return entries;
    return Object.fromEntries(keys.map((k, i) => [k, entries[i]]));
  }
  if (Array.isArray(value)) return value.map(asActionScriptSees);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, asActionScriptSees(x)]));
  }
  return value;
}

/** Typed objects the gateway could not map to a class keep their alias: name them by it. */
const typedName = (value: object): { name: string; members: Record<string, unknown> } | undefined =>
  value instanceof AmfTypedObject ? { name: value.className, members: value.properties as Record<string, unknown> } : undefined;

/** The first argument of every echo the service saw since `from`, as text. */
function echoedSince(received: readonly unknown[][], from: number): string[] {
  return received.slice(from).map((args) => describeValue(asActionScriptSees(args[0]), typedName));
}

const echoedBy = (cases: readonly ProbeCase[]): string[] =>
  cases.filter((c) => c.method === 'echo.echo').map((c) => c.received ?? describeValue(c.args[0]));

interface ProbeResult {
  readonly reports: ReadonlyMap<string, string>;
  readonly exchanges: readonly Exchange[];
}

test('chromium and haxe are installed (required when CI=true)', { skip }, () => {
  assert.equal(tools.missing, undefined);
});

// Runs in 10-20 s; the generous timeout only keeps a loaded 2-core machine from failing it.
describe('Flash remoting through Ruffle in headless Chromium', { skip, timeout: 120_000 }, () => {
  let workDir: string;
  let harness: Harness;
  let browser: Browser;
  let noCors: Server | undefined;
  const received: unknown[][] = [];

  before(async () => {
    if (tools.missing !== undefined) throw new Error(`CI=true and a required tool is missing: ${tools.missing}`);
    workDir = await mkdtemp(join(tmpdir(), 'flashback-ruffle-'));
    const [as3, flex, flexCall] = await Promise.all([
      buildAs3Probe(workDir, 'RemotingProbe'),
      buildAs3Probe(workDir, 'FlexProbe'),
      buildAs3Probe(workDir, 'FlexCallProbe'),
    ]);
    const gateway = new Gateway({
      debug: false,
      authenticate: (user, password) => user === CREDENTIALS.userid && password === CREDENTIALS.password,
    });
    gateway.addService('shapes', { point: () => new AmfTypedObject(POINT_ALIAS, { x: 1.5, y: -2 }) }, { methods: ['point'] });
    gateway.addService(
      'counter',
      {
        next: (ctx: CallContext) => {
          const data = ctx.session(true)?.data;
          const count = ((data?.get('count') as number | undefined) ?? 0) + 1;
          data?.set('count', count);
          return count;
        },
      },
      { methods: ['next'], withContext: true },
    );
    gateway.addService('secure', { whoami: (ctx: CallContext) => ctx.user ?? null }, {
      methods: ['whoami'],
      access: 'authenticated',
      withContext: true,
    });
    gateway.addService(
      'echo',
      {
        echo: (x: unknown) => {
          received.push([x]);
          return x;
        },
        fail: () => {
          throw new Error('boom');
        },
      },
      { methods: ['echo', 'fail'] },
    );
    // CORS on, so the cross-origin test can call the gateway's own server directly.
    harness = await startHarness(createNodeHandler(gateway, { cors: true }));
    noCors = createServer(createNodeHandler(gateway));
    noCors.listen(0, '127.0.0.1');
    await once(noCors, 'listening');
    harness.addSwf('as3-probe.swf', as3);
    harness.addSwf('flex-probe.swf', flex);
    harness.addSwf('flexcall-probe.swf', flexCall);
    harness.addSwf('avm1-probe.swf', buildAvm1Probe());
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await harness?.close();
    if (noCors !== undefined) await new Promise((r) => noCors?.close(r));
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  /** Loads `swf` in a new tab and collects its reports until every name in `names` (or one of `anyOf`) came in. */
  async function runProbe(
    run: string,
    swf: string,
    params: Record<string, string>,
    names: readonly string[],
    anyOf: readonly string[] = [],
    gateway?: string,
  ): Promise<ProbeResult> {
    const log: string[] = [];
    const page = await browser.open(harness.pageUrl({ run, swf, params, ...(gateway === undefined ? {} : { gateway }) }), log);
    let reports: Report[];
    try {
      const has = (rs: readonly Report[], n: string): boolean => rs.some((r) => r.name === n);
      const done = (rs: readonly Report[]): boolean =>
        names.every((n) => has(rs, n)) && (anyOf.length === 0 || anyOf.some((n) => has(rs, n)));
      reports = await harness.waitForReports(run, done, 30_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}\npage log:\n  ${log.join('\n  ')}`);
    } finally {
      await page.close();
    }
    return {
      reports: new Map(reports.map((r) => [r.name, r.value])),
      exchanges: harness.exchanges.filter((e) => e.run === run),
    };
  }

  function assertReports(result: ProbeResult, cases: readonly ProbeCase[]): void {
    for (const c of cases) {
      const got = result.reports.get(c.name);
      const want = expectedReport(c);
      if (typeof want === 'string') assert.equal(got, want, `case ${c.name}`);
      else assert.match(got ?? '', want, `case ${c.name}`);
    }
    for (const event of ['netStatus', 'ioError', 'securityError', 'asyncError']) {
      assert.equal(result.reports.get(event), undefined, `unexpected ${event} event`);
    }
  }

  function assertWellFormedExchange(e: Exchange): void {
    assert.equal(e.requestContentType, 'application/x-amf');
    assert.equal(e.status, 200);
    assert.match(e.responseContentType ?? '', /^application\/x-amf/);
    const req = packetShape(e.request);
    const res = packetShape(e.response);
    if (req.messageCount !== undefined && res.messageCount !== undefined) {
      assert.equal(res.messageCount, req.messageCount, 'one response body per request body');
    }
  }

  for (const encoding of ['0', '3'] as const) {
    it(`AS3 NetConnection (objectEncoding ${encoding}): every AMF0 type round-trips, one call per request, then a batch`, async (t: TestContext) => {
      const before = received.length;
      const sequential = [...SEQUENTIAL_CASES, ...AS3_EXTRA_CASES];
      const all = [...sequential, ...BATCH_CASES, SECURE_CASE];
      const result = await runProbe(`as3-enc${encoding}`, 'as3-probe.swf', { encoding }, ['start', ...all.map((c) => c.name), 'done']);

      assert.equal(result.reports.get('start'), `objectEncoding=${encoding}`);
      assertReports(result, all);
      // With debug off, the service's own error text stays on the server.
      assert.doesNotMatch(result.reports.get('fault') ?? '', /boom/);

      // The service saw each echo argument as the SWF sent it.
      assert.deepEqual(echoedSince(received, before), echoedBy(all));
      // Ruffle's AVM2 writes every Array as an ECMA array, whatever its keys.
      const nested = received[before + all.filter((c) => c.method === 'echo.echo').findIndex((c) => c.name === 'nested')][0];
      t.diagnostic(`AS3 Array reached the service as ${nested instanceof AmfEcmaArray ? 'an AMF0 ECMA array' : 'a strict array'}`);

      // Wire shape: one request per sequential call, one packet for the three batched calls, then the
      // call that carries the Credentials header.
      assert.equal(result.exchanges.length, sequential.length + 2);
      for (const e of result.exchanges) assertWellFormedExchange(e);
      const shapes = result.exchanges.map((e) => packetShape(e.request));
      assert.deepEqual(shapes.map((p) => p.messageCount), [...sequential.map(() => 1), BATCH_CASES.length, undefined]);
      assert.equal(shapes[shapes.length - 1].headerCount, 1);
      // Flash Player sends version 3 packets for objectEncoding 3; Ruffle 0.6 always sends AMF0.
      if (encoding === '0') assert.deepEqual([...new Set(shapes.map((p) => p.version))], [0]);
      else assert.ok(shapes.every((p) => p.version === 0 || p.version === 3));
      // The session cookie set on the first counter call came back with the second.
      const session2 = result.exchanges[sequential.findIndex((c) => c.name === 'session2')];
      assert.match(String(session2.requestHeaders.cookie), /FLASHBACK_SESSION=/);
      // Long strings (0x0C) both ways.
      const long = result.exchanges[sequential.findIndex((c) => c.name === 'long')];
      assert.ok(long.request.includes(Buffer.from('0c00011170', 'hex')), 'request holds a long string');
      assert.ok(long.response.includes(Buffer.from('0c00011170', 'hex')), 'reply holds a long string');
      t.diagnostic(`Ruffle request (objectEncoding ${encoding}, "${all[0].name}"): ${spacedHex(result.exchanges[0].request)}`);
      t.diagnostic(`Ruffle batch request: ${spacedHex(result.exchanges[sequential.length].request)}`);
      t.diagnostic(`Ruffle request with Credentials header: ${spacedHex(result.exchanges[sequential.length + 1].request)}`);
      t.diagnostic(`gateway fault as the SWF saw it: ${result.reports.get('fault')}`);
    });
  }

  it('AVM1 NetConnection: every call made in one frame travels in one packet and each responder gets its answer', async (t: TestContext) => {
    const before = received.length;
    const names = ['start', ...AVM1_CASES.map((c) => c.name)];
    const result = await runProbe('avm1', 'avm1-probe.swf', {}, names);

    assert.equal(result.reports.get('start'), 'avm1');
    assertReports(result, AVM1_CASES);
    assert.deepEqual(echoedSince(received, before), echoedBy(AVM1_CASES));
    assert.equal(result.exchanges.length, 1);
    assertWellFormedExchange(result.exchanges[0]);
    assert.equal(packetShape(result.exchanges[0].request).messageCount, AVM1_CASES.length);
    t.diagnostic(`Ruffle AVM1 request: ${spacedHex(result.exchanges[0].request)}`);
  });

  it('Flex RemotingMessages in AMF3 (written by the runtime with ByteArray.writeObject) round-trip in one version-3 packet', async (t: TestContext) => {
    const before = received.length;
    const result = await runProbe('flex', 'flex-probe.swf', {}, ['start', 'done', ...FLEX_CASES.map((c) => c.name)]);

    assert.equal(result.reports.get('readError'), undefined);
    assert.equal(result.reports.get('replyVersion'), '3');
    assert.equal(result.reports.get('done'), String(FLEX_CASES.length));
    for (const c of FLEX_CASES) assert.equal(result.reports.get(c.name), c.report, `case ${c.name}`);

    // AMF3 types reached the service as their JavaScript counterparts.
    const seen = received.slice(before).map((args) => args[0]);
    assert.equal(seen.length, FLEX_CASES.filter((c) => c.destination === 'echo' && c.operation === 'echo').length);
    assert.ok(seen.some((x) => x instanceof Uint8Array && Buffer.from(x).equals(Buffer.from([0, 1, 2, 255]))), 'ByteArray as bytes');
    assert.ok(seen.some((x) => x instanceof Date && x.getTime() === DATE_MS), 'Date');
    assert.ok(seen.some((x) => Array.isArray(x) && x.length === 3 && Array.isArray(x[1])), 'dense AMF3 array as Array');
    const collection = seen.find((x) => x instanceof AmfTypedObject || x instanceof ArrayCollection);
    t.diagnostic(`an ArrayCollection from Ruffle reached the service as ${collection?.constructor.name}: ${JSON.stringify(collection)}`);

    assert.equal(result.exchanges.length, 1);
    const [exchange] = result.exchanges;
    assertWellFormedExchange(exchange);
    const shape = packetShape(exchange.request);
    assert.equal(shape.version, 3);
    assert.equal(shape.messageCount, FLEX_CASES.length);
    t.diagnostic(`Flex request from Ruffle's AMF3 encoder (first 160 bytes): ${spacedHex(exchange.request.subarray(0, 160))}`);
  });

  // Flex apps under Ruffle: RemoteObject goes through NetConnection.call(null, …, message), and Ruffle
  // writes the message as an anonymous AMF0 object, so only its fields say it is a Flex message.
  it('answers Flex RemoteObject traffic the way Ruffle sends it (target "null", anonymous AMF0 messages)', async (t: TestContext) => {
    const before = received.length;
    const result = await runProbe('flexcall', 'flexcall-probe.swf', {}, ['ping', 'ack', 'fault']);
    // The ping's AcknowledgeMessage hands out a DSId, which the later messages carry.
    assert.match(result.reports.get('ping') ?? '', /^dsid=(?!null$|nil$).+/);
    assert.equal(result.reports.get('ack'), 's:via NetConnection.call');
    assert.equal(result.reports.get('fault'), FaultCodes.processing);
    assert.deepEqual(received.slice(before), [['via NetConnection.call']]);
    assert.equal(result.exchanges.length, 3);
    for (const e of result.exchanges) {
      assertWellFormedExchange(e);
      assert.equal(packetShape(e.request).version, 0);
    }
    t.diagnostic(`Ruffle RemotingMessage request: ${spacedHex(result.exchanges[1].request)}`);
  });

  // A page on one origin calling a gateway on another: Ruffle fetches with the browser, which sends a
  // CORS preflight (application/x-amf is not a simple content type) and needs the gateway's answer.
  it('a gateway on another origin works with cors: true and is refused by the browser without it', async () => {
    const allowed = await runProbe('cors-on', 'flex-probe.swf', {}, ['done'], [], `${harness.gatewayOrigin}/gateway`);
    for (const c of FLEX_CASES) assert.equal(allowed.reports.get(c.name), c.report, `case ${c.name}`);

    const port = (noCors?.address() as AddressInfo).port;
    const refused = await runProbe('cors-off', 'flex-probe.swf', {}, [], ['ioError', 'securityError', 'done'], `http://127.0.0.1:${port}/gateway`);
    assert.equal(refused.reports.get('done'), undefined);
    assert.ok(refused.reports.has('ioError') || refused.reports.has('securityError'));
  });
});
