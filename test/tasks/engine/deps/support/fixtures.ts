import { join } from 'node:path';
import { REPO_ROOT } from '../../../../support/paths';

/** test/fixtures/deps, where each format has a realistic sample (and malformed/ has broken ones). */
export const DEPS_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'deps');

export function fixture(...parts: string[]): string {
  return join(DEPS_FIXTURES, ...parts);
}
