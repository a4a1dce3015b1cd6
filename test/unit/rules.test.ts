import assert from 'node:assert/strict';
import { loadBuiltinRules } from '../../tasks/engine/ruleset/ruleLoader';
import { checkSamplesAgainstSet } from '../../tasks/engine/ruleset/ruleSamples';
import { activeRules } from '../../tasks/engine/run/ruleSet';
import { EMPTY_CONFIG } from '../../tasks/engine/config/palisadeConfig';

/**
 * The one test that checks every rule file: each positive sample is reported by exactly its
 * rule, each negative by no rule at all, with every built-in rule active at once. Secret rules
 * are checked against the secret rules, code rules against the code rules (samples in their
 * own language or file).
 */
describe('rule files and their samples', () => {
  const builtins = loadBuiltinRules();
  const all = activeRules(builtins, { ...EMPTY_CONFIG, enable: builtins.map((r) => r.spec.id) });

  before(async () => {
    // Code samples are parsed: load every grammar the code rules use, once.
    await all.code.prepareAll();
  });

  it('loads rule files with unique ids', () => {
    assert.ok(builtins.length > 0);
    assert.equal(new Set(builtins.map((r) => r.spec.id)).size, builtins.length);
  });

  for (const rule of builtins) {
    it(`${rule.spec.id}: samples behave`, () => {
      const problems = checkSamplesAgainstSet(rule.spec, all.detector, all.code);
      assert.deepEqual(problems, [], `${rule.source}:\n  ${problems.join('\n  ')}`);
    });
  }
});
