import assert from 'node:assert/strict';
import { RULE_ID_PATTERN } from '../../../../tasks/engine/rules/ruleIds';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';

describe('rules/ruleIds', () => {
  const re = new RegExp(RULE_ID_PATTERN);

  it('accepts lower-case ids of 2 to 64 characters with dots and dashes', () => {
    for (const id of ['ab', 'js-eval', 'osv.ghsa-29mw-wpgm-hmr9', '0x', 'a'.repeat(64)]) assert.ok(re.test(id), id);
  });

  it('refuses ids that would break SARIF, URLs or palisade-ignore comments', () => {
    for (const id of ['a', 'A-rule', '-lead', '.lead', 'has space', 'a_b', 'a,b', 'a'.repeat(65), 'é-rule']) assert.ok(!re.test(id), id);
  });

  it('holds for every shipped rule', () => {
    assert.deepEqual(loadBuiltinRules().map((r) => r.spec.id).filter((id) => !re.test(id)), []);
  });
});
