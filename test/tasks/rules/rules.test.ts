import assert from 'node:assert/strict';
import { parseRegExpLiteral, type AST } from '@eslint-community/regexpp';
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
    let checked = 0;
    const uncovered: string[] = [];
    for (const { spec, source } of builtins) {
      if (spec.kind !== 'secret') continue;
      const names = leadingNames(spec.pattern);
      // Keywords that no name holds are met elsewhere in a match (`database.windows.net` after `Server=`).
      if (!names || !names.some((n) => spec.keywords.some((k) => n.toLowerCase().includes(k)))) continue;
      checked++;
      for (const name of names) {
        const lower = name.toLowerCase();
        if (!spec.keywords.some((k) => lower.includes(k))) uncovered.push(`${source}: "${name}" holds none of ${JSON.stringify(spec.keywords)}`);
      }
    }
    assert.ok(checked >= 50, `only ${checked} rules begin with a group of names`);
    assert.deepEqual(uncovered.slice(0, 60), []);
  });
});

/**
 * Every spelling of the names a pattern begins with, when it begins with a group of
 * alternatives made of literal characters, optional separators (`[_.-]?`) and assertions
 * (the shape of the rules that take a value after a vendor's setting name); else undefined.
 */
function leadingNames(pattern: string): string[] | undefined {
  let ast: AST.RegExpLiteral;
  try {
    ast = parseRegExpLiteral(new RegExp(pattern));
  } catch {
    return undefined;
  }
  const top = ast.pattern.alternatives;
  if (top.length !== 1) return undefined;
  const first = top[0].elements[0];
  if (first?.type !== 'Group') return undefined;
  const out: string[] = [];
  for (const alt of first.alternatives) {
    let spellings = [''];
    for (const el of alt.elements) {
      if (el.type === 'Assertion') continue;
      if (el.type === 'Character') spellings = spellings.map((s) => s + String.fromCodePoint(el.value));
      else if (el.type === 'Quantifier' && el.min === 0 && el.max === 1 && el.element.type === 'CharacterClass' && !el.element.negate && el.element.elements.every((c) => c.type === 'Character')) {
        const seps = ['', ...el.element.elements.map((c) => String.fromCodePoint((c as AST.Character).value))];
        spellings = spellings.flatMap((s) => seps.map((sep) => s + sep));
      } else return undefined;
      if (spellings.length > 4096) return undefined;
    }
    out.push(...spellings);
  }
  return out;
}

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
