import { readFileSync } from 'node:fs';
import { startHarness } from './harness.js';
import { launchBrowser } from './browser.js';
import { Gateway, createNodeHandler } from '../../../src/remoting/index.js';
const g = new Gateway({}); g.addService('echo', { echo: (x: unknown) => { console.log('got', x); return x; }, fail: () => { throw new Error('b'); } }, { methods: ['echo','fail'] });
const h = await startHarness(createNodeHandler(g));
h.addSwf('a.swf', readFileSync(process.argv[2]));
const b = await launchBrowser(); const log: string[] = [];
const p = await b.open(h.pageUrl({ run: 'r', swf: 'a.swf', params: {} }), log);
try { await h.waitForReports('r', (rs) => rs.some((r) => r.name === 'done' || r.name === 'res' || r.name === 'st'), 6000); } catch {}
await new Promise((r) => setTimeout(r, 300));
for (const r of h.reports) console.log(r.name, r.value);
for (const e of h.exchanges) console.log(e.status, e.request.toString('hex').slice(0, 600), '\n  ', e.response.toString('hex').slice(0, 600));
console.log(log.filter((l) => !l.includes('AudioContext')).join('\n'));
await b.close(); await h.close();
