import assert from 'node:assert/strict';
import { CodeRuleSet, compileCodeRule } from '../../../../tasks/engine/code/codeRules';
import { checkOwnCodeSamples, checkOwnSamples, checkSamplesAgainstSet, secretSampleProblems } from '../../../../tasks/engine/ruleset/ruleSamples';
import type { CodeRuleSpec, SecretRuleSpec } from '../../../../tasks/engine/rules/ruleSpec';
import { compileSecretRule, SecretDetector } from '../../../../tasks/engine/secrets/detector';

const TOKEN = 'tok_k3j9x8m2v6p5t4z7r2q1';

function secret(id: string, samples: SecretRuleSpec['samples'], over: Partial<SecretRuleSpec> = {}): SecretRuleSpec {
  return { id, kind: 'secret', title: 'Test token', severity: 'high', cwe: ['CWE-798'], keywords: ['tok_'], pattern: 'tok_[a-z0-9]{20}', help: 'Rotate it.', samples, ...over };
}

function code(samples: CodeRuleSpec['samples']): CodeRuleSpec {
  return { id: 'js-test-eval', kind: 'code', title: 'Eval', severity: 'medium', cwe: ['CWE-95'], languages: ['javascript'], match: [{ call: ['eval()'] }], help: 'h', samples };
}

describe('ruleset/ruleSamples', () => {
  it('checks a secret rule\'s positives, negatives and fillers against the rule alone', () => {
    assert.deepEqual(secretSampleProblems(secret('t', { positive: [`x = ${TOKEN}`], negative: ['x = tok_short'] })), []);
    assert.deepEqual(secretSampleProblems(secret('t', { positive: ['nothing'], negative: [`y = ${TOKEN}`], filler: ['none here'] })), [
      'positive sample 1 is not matched by the rule',
      'negative sample 1 is matched by the rule',
      'filler sample 1 is not matched by the rule',
    ]);
  });

  it('reads path rules\' samples as paths', () => {
    const spec = secret('p', { positive: ['certs/server.pfx'], negative: ['src/a.ts'] }, { scope: 'path', keywords: ['.pfx'], pattern: '\\.pfx$' });
    assert.deepEqual(secretSampleProblems(spec), []);
  });

  it('checks samples against the whole set: reported by this rule alone, negatives by none', () => {
    const mine = secret('tok-a', { positive: [`a = ${TOKEN}`], negative: ['b = nothing'] });
    // A wider span than tok-a's, so the detector keeps both hits.
    const other = secret('tok-b', { positive: ['x'], negative: ['y'] }, { keywords: ['= tok_'], pattern: '= tok_[a-z0-9]{20}' });
    assert.deepEqual(checkSamplesAgainstSet(mine, new SecretDetector([compileSecretRule(mine)])), []);
    const both = new SecretDetector([compileSecretRule(mine), compileSecretRule(other)]);
    assert.deepEqual(checkSamplesAgainstSet(mine, both), [`positive sample 1 also reported by tok-b: "a = ${TOKEN}"`]);
    const onlyOther = new SecretDetector([compileSecretRule(other)]);
    assert.deepEqual(checkSamplesAgainstSet(secret('tok-a', { positive: [`a = ${TOKEN}`], negative: [`n = ${TOKEN}`], filler: ['f'] }), onlyOther), [
      `positive sample 1 not reported by tok-a (reported by tok-b): "a = ${TOKEN}"`,
      `negative sample 1 reported by tok-b: "n = ${TOKEN}"`,
      'filler sample 1 not reported by tok-a: "f"',
    ]);
  });

  it('needs the code rule set to check a code rule against the set', () => {
    const spec = code({ positive: ['eval(x)'], negative: ['run(x)'] });
    assert.throws(() => checkSamplesAgainstSet(spec, new SecretDetector([])), /code rule js-test-eval: pass the code rule set/);
  });

  it('checks a code rule\'s samples against a loaded set', async () => {
    const spec = code({ positive: ['eval(x)'], negative: ['eval(y)'] });
    const set = new CodeRuleSet([compileCodeRule(spec)]);
    await set.prepareAll();
    assert.deepEqual(checkSamplesAgainstSet(spec, new SecretDetector([]), set), ['negative sample 1 is matched by js-test-eval: "eval(y)"']);
  });

  it('checks a rule\'s own samples synchronously, secret rules on a helper thread', () => {
    assert.deepEqual(checkOwnSamples(secret('t', { positive: [`x = ${TOKEN}`], negative: ['none'] })), []);
    assert.deepEqual(checkOwnSamples(secret('t', { positive: ['none'], negative: ['none'] })), ['positive sample 1 is not matched by the rule']);
    assert.deepEqual(checkOwnSamples(code({ positive: ['run(x)'], negative: ['run(y)'] })), ['positive sample 1 is not matched by the rule: "run(x)"']);
    assert.deepEqual(checkOwnCodeSamples(code({ positive: ['eval(x)'], negative: ['run(y)'] })), []);
  });
});
