import assert from 'node:assert/strict';
import { leadingNames, uncoveredName } from '../../../tasks/engine/ruleset/keywordCoverage';
import { loadBuiltinRules } from '../../../tasks/engine/ruleset/ruleLoader';
import { checkSamplesAgainstSet } from '../../../tasks/engine/ruleset/ruleSamples';
import { activeRules } from '../../../tasks/engine/run/ruleSet';
import { EMPTY_CONFIG } from '../../../tasks/engine/config/palisadeConfig';
import { loadGrammar } from '../../../tasks/engine/code/grammars';
import { builtinSourceModels } from '../../../tasks/engine/code/sourceModels';
import { sourceModelGrammars, sourceModelSampleProblems } from '../../../tasks/engine/code/sourceModelSamples';

/**
 * The one test that checks every rule file: each positive sample is reported by exactly its
 * rule, each negative by no rule at all, each filler by exactly its rule at low confidence only,
 * with every built-in rule active at once. Secret rules
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

  // A rule runs only on files where one of its keywords occurs, so a keyword list narrower than
  // the pattern loses findings silently: no sample would notice a spelling it does not hold.
  it('keywords cover every setting name a secret rule begins with', () => {
    const uncovered: string[] = [];
    let checked = 0;
    for (const { spec, source } of builtins) {
      if (spec.kind !== 'secret' || !leadingNames(spec.pattern, spec.flags)) continue;
      checked++;
      const name = uncoveredName(spec.pattern, spec.flags, spec.keywords);
      if (name !== undefined) uncovered.push(`${source}: "${name}" holds none of ${JSON.stringify(spec.keywords)}`);
    }
    assert.ok(checked >= 50, `only ${checked} rules begin with a group of names`);
    assert.deepEqual(uncovered, []);
  });
});

/**
 * Framework source models (tasks/rules/code/sources): in each positive sample request input
 * the models describe reaches `sink(...)`, in each negative sample none does.
 */
describe('framework source models and their samples', () => {
  const models = builtinSourceModels();

  before(async () => {
    await Promise.all([...new Set(models.flatMap((m) => sourceModelGrammars(m.spec)))].map((g) => loadGrammar(g)));
  });

  it('loads source models with unique framework names', () => {
    assert.ok(models.length >= 20);
    assert.equal(new Set(models.map((m) => m.spec.framework)).size, models.length);
  });

  for (const model of models) {
    it(`${model.spec.framework}: samples behave`, () => {
      const problems = sourceModelSampleProblems(model.spec);
      assert.deepEqual(problems, [], `${model.source}:\n  ${problems.join('\n  ')}`);
    });
  }
});
