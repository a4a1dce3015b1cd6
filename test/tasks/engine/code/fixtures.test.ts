import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_CONFIG } from '../../../../tasks/engine/config/palisadeConfig';
import { scanFileBatchAsync } from '../../../../tasks/engine/run/fileBatch';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../../../tasks/engine/run/ruleSet';
import type { WalkedFile } from '../../../../tasks/engine/run/walker';
import { REPO_ROOT } from '../../../support/paths';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'code');

function filesOf(dir: string): WalkedFile[] {
  return readdirSync(dir).map((name) => ({ path: name, abs: join(dir, name), size: statSync(join(dir, name)).size }));
}

/** `// expect: rule-id` (or `# expect:`) markers: the findings a file must produce, by line. */
function expectations(files: WalkedFile[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    readFileSync(f.abs, 'utf8').split('\n').forEach((line, i) => {
      const m = /(?:\/\/|#) expect: ([a-z0-9-]+)/.exec(line);
      if (m) out.push(`${f.path}:${i + 1}:${m[1]}`);
    });
  }
  return out.sort();
}

/**
 * Realistic files per language: a vulnerable set whose marked lines must each be reported by
 * the marked rule (and nothing else reported), and a safe set of idiomatic code that must yield
 * no code finding at all with every rule enabled.
 */
describe('code rules on realistic files', () => {
  const builtins = loadBuiltinRules();
  const known = new Set(builtins.map((r) => r.spec.id));
  const rules = activeRules(builtins, { ...EMPTY_CONFIG, enable: builtins.map((r) => r.spec.id) });

  async function codeFindings(dir: string): Promise<string[]> {
    const r = await scanFileBatchAsync(filesOf(dir), rules.detector, known, false, rules.code);
    return r.findings.filter((f) => f.kind === 'code').map((f) => `${f.path}:${f.region.startLine}:${f.ruleId}`).sort();
  }

  it('reports exactly the marked lines of the vulnerable files', async () => {
    const dir = join(FIXTURES, 'vulnerable');
    assert.deepEqual(await codeFindings(dir), expectations(filesOf(dir)));
  });

  it('reports nothing in idiomatic safe code', async () => {
    assert.deepEqual(await codeFindings(join(FIXTURES, 'safe')), []);
  });
});
