// The remoting gateway against a real Flash runtime: Ruffle (the Flash Player emulator, as a web
// page) in headless Chromium runs two probe SWFs built at test time, one AS3 (compiled with haxe)
// and one AVM1 (assembled from bytecode), which call echo.echo / echo.fail through
// flash.net.NetConnection and report what came back. Each test checks three things: what the
// service received (Ruffle's encoder -> our decoder), what the SWF reported (our encoder -> Ruffle's
// decoder) and the packets on the wire (one body per request, or one packet for a frame's batch).
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAs3Probe } from './build-as3.js';
import { launchBrowser, type Browser } from './browser.js';
import { describeValue } from './describe-value.js';
import { startHarness, type Exchange, type Harness, type Report } from './harness.js';
import { packetShape, spacedHex } from './packet-shape.js';
import { checkTools, mustFailWhenMissing } from './tools.js';
import { Gateway, createNodeHandler } from '../../../src/remoting/index.js';
import { AmfEcmaArray } from '../../../src/amf/index.js';
import { AVM1_CASES, buildAvm1Probe } from '../../fixtures/flash/avm1/remoting-probe.js';
import { BATCH_CASES, SEQUENTIAL_CASES, type ProbeCase } from '../../fixtures/flash/cases.js';

const tools = checkTools();
const skip = tools.missing !== undefined && !mustFailWhenMissing() ? tools.missing : false;

/** What the SWF must report for a case: the echoed value's text form, or a fault. */
function expectedReport(c: ProbeCase): string | RegExp {
  if (c.method === 'echo.fail') return /^fault:\{.*level=s:error.*\}$/;
  return describeValue(c.args[0]);
}

/**
 * What a service argument means to ActionScript: the gateway hands an AMF0 ECMA array to the service as
 * an AmfEcmaArray (so an echo re-encodes it as 0x08); Flash turns one into an Array, so a dense one
 * compares as an array here.
 */
function asActionScriptSees(value: unknown): unknown {
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

/** The first argument of every echo the service saw since `from`, as text. */
function echoedSince(received: readonly unknown[][], from: number): string[] {
  return received.slice(from).map((args) => describeValue(asActionScriptSees(args[0])));
}

interface ProbeResult {
  readonly reports: ReadonlyMap<string, string>;
  readonly exchanges: readonly Exchange[];
}

describe('Flash remoting through Ruffle in headless Chromium', { skip, timeout: 60_000 }, () => {
  let workDir: string;
  let harness: Harness;
  let browser: Browser;
  const received: unknown[][] = [];

  before(async () => {
    if (tools.missing !== undefined) throw new Error(`CI=true and a required tool is missing: ${tools.missing}`);
    workDir = await mkdtemp(join(tmpdir(), 'flashback-ruffle-'));
    const [as3] = await Promise.all([buildAs3Probe(workDir)]);
    const gateway = new Gateway({ debug: false });
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
    harness = await startHarness(createNodeHandler(gateway));
    harness.addSwf('as3-probe.swf', as3);
    harness.addSwf('avm1-probe.swf', buildAvm1Probe());
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await harness?.close();
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  async function runProbe(run: string, swf: string, params: Record<string, string>, names: readonly string[]): Promise<ProbeResult> {
    const log: string[] = [];
    const page = await browser.open(harness.pageUrl({ run, swf, params }), log);
    let reports: Report[];
    try {
      reports = await harness.waitForReports(run, (rs) => names.every((n) => rs.some((r) => r.name === n)), 20_000);
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
    assert.equal(res.messageCount, req.messageCount, 'one response body per request body');
  }

  for (const encoding of ['0', '3'] as const) {
    it(`AS3 NetConnection (objectEncoding ${encoding}): every AMF0 type round-trips, one call per request, then a batch`, async (t: TestContext) => {
      const before = received.length;
      const names = ['start', ...SEQUENTIAL_CASES.map((c) => c.name), ...BATCH_CASES.map((c) => c.name), 'done'];
      const result = await runProbe(`as3-enc${encoding}`, 'as3-probe.swf', { encoding }, names);

      assert.equal(result.reports.get('start'), `objectEncoding=${encoding}`);
      assertReports(result, [...SEQUENTIAL_CASES, ...BATCH_CASES]);

      // The service saw each echo argument as the SWF sent it.
      const echoed = [...SEQUENTIAL_CASES, ...BATCH_CASES].filter((c) => c.method === 'echo.echo');
      assert.deepEqual(echoedSince(received, before), echoed.map((c) => describeValue(c.args[0])));
      // Ruffle's AVM2 writes every Array as an ECMA array (Flash Player writes dense ones as strict arrays).
      const nested = received[before + echoed.findIndex((c) => c.name === 'nested')][0];
      t.diagnostic(`AS3 Array reached the service as ${nested instanceof AmfEcmaArray ? 'an AMF0 ECMA array' : 'a strict array'}`);

      // Wire shape: one request per sequential call, then one packet for the three batched calls.
      assert.equal(result.exchanges.length, SEQUENTIAL_CASES.length + 1);
      for (const e of result.exchanges) assertWellFormedExchange(e);
      const counts = result.exchanges.map((e) => packetShape(e.request).messageCount);
      assert.deepEqual(counts, [...SEQUENTIAL_CASES.map(() => 1), BATCH_CASES.length]);
      const versions = new Set(result.exchanges.map((e) => packetShape(e.request).version));
      // Flash Player sends version 3 packets for objectEncoding 3; Ruffle 0.6 always sends AMF0.
      if (encoding === '0') assert.deepEqual([...versions], [0]);
      else assert.ok([...versions].every((v) => v === 0 || v === 3));
      t.diagnostic(`Ruffle request (objectEncoding ${encoding}, "${SEQUENTIAL_CASES[0].name}"): ${spacedHex(result.exchanges[0].request)}`);
      t.diagnostic(`Ruffle batch request: ${spacedHex(result.exchanges[result.exchanges.length - 1].request)}`);
    });
  }

  it('AVM1 NetConnection: every call made in one frame travels in one packet and each responder gets its answer', async (t: TestContext) => {
    const before = received.length;
    const names = ['start', ...AVM1_CASES.map((c) => c.name)];
    const result = await runProbe('avm1', 'avm1-probe.swf', {}, names);

    assert.equal(result.reports.get('start'), 'avm1');
    assertReports(result, AVM1_CASES);
    const echoed = AVM1_CASES.filter((c) => c.method === 'echo.echo');
    assert.deepEqual(echoedSince(received, before), echoed.map((c) => describeValue(c.args[0])));
    assert.equal(result.exchanges.length, 1);
    assertWellFormedExchange(result.exchanges[0]);
    assert.equal(packetShape(result.exchanges[0].request).messageCount, AVM1_CASES.length);
    t.diagnostic(`Ruffle AVM1 request: ${spacedHex(result.exchanges[0].request)}`);
  });
});
