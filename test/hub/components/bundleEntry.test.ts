/** Every hub component test runs: each test/hub/**\/*.test.tsx is imported by the bundle's entry (index.ts), else webpack never builds it. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { REPO_ROOT } from '../../support/paths';

const HUB_TESTS = join(REPO_ROOT, 'test', 'hub');

function tsxTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return tsxTests(full);
    return name.endsWith('.test.tsx') ? [full] : [];
  });
}

describe('hub component test bundle', () => {
  it('imports every .test.tsx under test/hub from its entry', () => {
    const entry = readFileSync(join(HUB_TESTS, 'components', 'index.ts'), 'utf8');
    const imported = new Set([...entry.matchAll(/^import '([^']+)';$/gm)].map((m) => join(HUB_TESTS, 'components', `${m[1]}.tsx`)));
    const missing = tsxTests(HUB_TESTS).filter((f) => !imported.has(f)).map((f) => relative(REPO_ROOT, f).split(sep).join('/'));
    assert.deepEqual(missing, []);
    assert.ok(imported.size >= 20);
  });
});
