// Loads user applications: every .js/.mjs/.ts/.mts module in the apps folder (or <app>/main.js, FMS's layout),
// plus modules named in the config.
// A module default-exports an ApplicationDefinition (or an array of them), or a factory
// `(context) => definition | Promise<definition>`. TypeScript modules need tsx (installed with Flashback's dev
// dependencies); it is loaded only when a .ts module is found.
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApplicationDefinition } from '../server/index.js';

export class AppLoadError extends Error {
  readonly code = 'CLI_ERR_APP_LOAD';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppLoadError';
  }
}

/** What a factory export receives. */
export interface AppModuleContext {
  /** `applications.<name>.options` from the config (empty for folder modules). */
  readonly options: Readonly<Record<string, unknown>>;
  /** The media root. */
  readonly mediaDir: string;
}

const JS = new Set(['.js', '.mjs', '.cjs']);
const TS = new Set(['.ts', '.mts', '.cts']);

/**
 * Module files of an apps folder, sorted: `<dir>/<name>.{js,mjs,cjs,ts,mts,cts}`, and FMS's layout
 * `<dir>/<app>/main.{js,mjs,ts,…}` (one level only; no dotfiles, no .d.ts).
 */
export function listAppModules(dir: string): string[] {
  const out: string[] = [];
  for (const name of readNames(dir)) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isFile() && isModule(name)) out.push(path);
    else if (st.isDirectory()) {
      const main = readNames(path).filter((n) => n.startsWith('main.') && isModule(n)).sort()[0];
      if (main !== undefined) out.push(join(path, main));
    }
  }
  return out.sort();
}

function isModule(name: string): boolean {
  return !name.endsWith('.d.ts') && (JS.has(extname(name)) || TS.has(extname(name)));
}

function readNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (err) {
    throw new AppLoadError(`cannot read apps folder ${dir}: ${(err as Error).message}`);
  }
}

let tsxReady: Promise<void> | undefined;

async function enableTypeScript(): Promise<void> {
  tsxReady ??= (async () => {
    try {
      const api = (await import('tsx/esm/api')) as { register: () => unknown };
      api.register();
    } catch (err) {
      throw new AppLoadError('TypeScript applications need the tsx package (npm install tsx)', { cause: err });
    }
  })();
  return tsxReady;
}

/** Imports one module and returns the applications it defines. */
export async function loadAppModule(file: string, context: AppModuleContext): Promise<ApplicationDefinition[]> {
  if (TS.has(extname(file))) await enableTypeScript();
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new AppLoadError(`cannot load application module ${file}: ${(err as Error).message}`, { cause: err });
  }
  let exported: unknown = mod.default ?? mod.application;
  if (typeof exported === 'function') exported = await (exported as (c: AppModuleContext) => unknown)(context);
  const list = Array.isArray(exported) ? exported : [exported];
  for (const app of list) {
    if (typeof app !== 'object' || app === null || typeof (app as { name?: unknown }).name !== 'string') {
      throw new AppLoadError(`${file} does not export an application (an object with a name)`);
    }
  }
  return list as ApplicationDefinition[];
}
