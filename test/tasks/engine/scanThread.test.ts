import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { DEFAULT_RULE_BUDGET_MS, defaultRuleBudgetMs, scanWorkerScript } from '../../../tasks/engine/scanThread';

describe('engine/scanThread', () => {
  const saved = process.env.PALISADE_RULE_BUDGET_MS;
  afterEach(() => {
    if (saved === undefined) delete process.env.PALISADE_RULE_BUDGET_MS;
    else process.env.PALISADE_RULE_BUDGET_MS = saved;
  });

  it('finds the compiled scan thread script, and keeps the answer', () => {
    const s = scanWorkerScript();
    assert.equal(basename(s), 'scanWorker.js');
    assert.ok(existsSync(s));
    assert.equal(scanWorkerScript(), s);
  });

  it('takes the rule budget from PALISADE_RULE_BUDGET_MS when it is a positive number', () => {
    delete process.env.PALISADE_RULE_BUDGET_MS;
    assert.equal(defaultRuleBudgetMs(), DEFAULT_RULE_BUDGET_MS);
    process.env.PALISADE_RULE_BUDGET_MS = '250';
    assert.equal(defaultRuleBudgetMs(), 250);
    for (const bad of ['0', '-5', 'soon', '']) {
      process.env.PALISADE_RULE_BUDGET_MS = bad;
      assert.equal(defaultRuleBudgetMs(), DEFAULT_RULE_BUDGET_MS, JSON.stringify(bad));
    }
  });
});
