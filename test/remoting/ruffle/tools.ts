// Which real peers this machine has. A missing one skips the Ruffle tests on a developer machine,
// but fails them when CI=true (the CI image installs chromium and haxe, so a gap there is a bug).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ToolCheck {
  /** Undefined when everything is present; otherwise why the tests cannot run. */
  readonly missing: string | undefined;
}

export function checkTools(): ToolCheck {
  const gaps: string[] = [];
  if (!existsSync(CHROMIUM_PATH)) gaps.push(`chromium not found at ${CHROMIUM_PATH}`);
  const haxe = spawnSync('haxe', ['-version'], { encoding: 'utf8', timeout: 10_000 });
  if (haxe.error !== undefined || haxe.status !== 0) gaps.push('haxe not runnable');
  return { missing: gaps.length === 0 ? undefined : gaps.join('; ') };
}

/** Under CI a missing tool is a failure, elsewhere a skip with the reason. */
export function mustFailWhenMissing(): boolean {
  return process.env.CI === 'true';
}
