import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Repository root (tests run from compiled out/test/...). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** `../shared` beside the repository, when this machine has it. */
export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');

export function sharedPath(...parts: string[]): string | undefined {
  const p = join(SHARED_DIR, ...parts);
  return existsSync(p) ? p : undefined;
}

/**
 * Skips the calling test visibly when ../shared (or a file in it) is absent, as on a clone
 * outside the workplace.
 */
export function requireShared(ctx: Mocha.Context, ...parts: string[]): string {
  const p = sharedPath(...parts);
  if (!p) {
    process.stdout.write(`      [skipped: ../shared/${parts.join('/')} is not on this machine]\n`);
    ctx.skip();
  }
  return p as string;
}
