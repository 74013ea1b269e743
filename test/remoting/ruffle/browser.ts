// Headless Chromium driven by playwright-core, always the system browser (nothing is downloaded),
// with a fresh profile directory that is removed on close.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH } from './tools.js';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  /** Opens `url` in a new tab, with no cookies left from earlier tabs; console lines and page errors go to `log`. */
  open(url: string, log: string[]): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'flashback-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ARGS,
      timeout: 30_000,
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    async open(url, log) {
      await context.clearCookies();
      const page = await context.newPage();
      page.on('console', (msg) => log.push(`console.${msg.type()}: ${msg.text()}`));
      page.on('pageerror', (err) => log.push(`pageerror: ${err.message}`));
      await page.goto(url, { timeout: 15_000 });
      return page;
    },
    async close() {
      try {
        await context.close();
      } finally {
        await rm(profile, { recursive: true, force: true });
      }
    },
  };
}
