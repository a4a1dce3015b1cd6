import assert from 'node:assert/strict';
import { codeSampleProblems, sampleFile, sampleGrammars } from '../../../../tasks/engine/code/codeSamples';
import { CodeRuleSet, compileCodeRule } from '../../../../tasks/engine/code/codeRules';
import { loadGrammar } from '../../../../tasks/engine/code/grammars';
import type { CodeRuleSpec } from '../../../../tasks/engine/rules/codeRuleSpec';

function rule(id: string, call: string, samples: CodeRuleSpec['samples'], languages: CodeRuleSpec['languages'] = ['javascript', 'typescript']): CodeRuleSpec {
  return { id, kind: 'code', title: id, severity: 'high', cwe: ['CWE-95'], languages, match: [{ call: [call] }], help: 'h', samples };
}

describe('code/codeSamples', () => {
  before(async () => {
    await Promise.all((['javascript', 'typescript', 'tsx', 'python'] as const).map((g) => loadGrammar(g)));
  });

  it('scans a plain sample as the rule\'s first language, an object sample by its file or language', () => {
    const spec = rule('r', 'eval()', { positive: [], negative: [] });
    assert.deepEqual(sampleFile(spec, 'eval(x)'), { file: 'sample.js', code: 'eval(x)' });
    assert.deepEqual(sampleFile(spec, { code: 'eval(x)', language: 'typescript' }), { file: 'sample.ts', code: 'eval(x)' });
    assert.deepEqual(sampleFile(spec, { code: 'eval(x)', file: 'ui/App.tsx', language: 'typescript' }), { file: 'ui/App.tsx', code: 'eval(x)' });
  });

  it('lists the grammars a rule\'s samples need, once each, and none for configuration samples', () => {
    const spec = rule('r', 'eval()', { positive: ['eval(a)', { code: 'eval(b)', file: 'A.tsx' }], negative: ['x', { code: 'y', language: 'typescript' }] });
    assert.deepEqual(sampleGrammars(spec).sort(), ['javascript', 'tsx', 'typescript']);
    assert.deepEqual(sampleGrammars(rule('y', 'x()', { positive: ['a: 1'], negative: [] }, ['yaml'])), []);
  });

  it('finds no problem when positives are matched and negatives are not', () => {
    const spec = rule('js-eval', 'eval()', { positive: ['eval(req.query.x)'], negative: ['run(req.query.x)'] });
    assert.deepEqual(codeSampleProblems(spec, new CodeRuleSet([compileCodeRule(spec)]), true), []);
  });

  it('reports an unmatched positive and a matched negative, with the sample shown on one line', () => {
    const spec = rule('js-eval', 'eval()', { positive: ['run(\n  x)'], negative: ['eval(y)'] });
    assert.deepEqual(codeSampleProblems(spec, new CodeRuleSet([compileCodeRule(spec)]), true), [
      'positive sample 1 is not matched by the rule: "run( x)"',
      'negative sample 1 is matched by js-eval: "eval(y)"',
    ]);
  });

  it('cuts long samples in messages to 100 characters', () => {
    const long = `run(${'a'.repeat(200)})`;
    const spec = rule('js-eval', 'eval()', { positive: [long], negative: [] });
    const [p] = codeSampleProblems(spec, new CodeRuleSet([compileCodeRule(spec)]), false);
    const shown = JSON.parse(p.slice(p.indexOf(': ') + 2)) as string;
    assert.equal(shown.length, 100);
    assert.ok(shown.endsWith('…'));
  });

  it('with exclusive, also reports samples that other rules of the set report; without, ignores them', () => {
    const mine = rule('js-eval', 'eval()', { positive: ['eval(a); run(b)'], negative: ['run(c)'] });
    const other = rule('js-run', 'run()', { positive: [], negative: [] });
    const set = new CodeRuleSet([compileCodeRule(mine), compileCodeRule(other)]);
    assert.deepEqual(codeSampleProblems(mine, set, true), [
      'positive sample 1 also reported by js-run: "eval(a); run(b)"',
      'negative sample 1 is matched by js-run: "run(c)"',
    ]);
    assert.deepEqual(codeSampleProblems(mine, set, false), []);
    const onlyOther = rule('js-eval', 'eval()', { positive: ['run(d)'], negative: [] });
    assert.deepEqual(codeSampleProblems(onlyOther, new CodeRuleSet([compileCodeRule(onlyOther), compileCodeRule(other)]), true), [
      'positive sample 1 is not matched by the rule (reported by js-run): "run(d)"',
    ]);
  });
});
