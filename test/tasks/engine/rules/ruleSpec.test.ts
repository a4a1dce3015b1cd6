import assert from 'node:assert/strict';
import { isCodeRule, isSecretRule, SECRET_VALIDATOR_NAMES, secretRuleSchema, type RuleSpec, type SecretRuleSpec } from '../../../../tasks/engine/rules/ruleSpec';
import { SECRET_VALIDATORS } from '../../../../tasks/engine/secrets/validators';
import { describeAjvErrors, validator } from '../../../../tasks/engine/text/yamlValidation';

const valid: SecretRuleSpec = {
  id: 'tok-test', kind: 'secret', title: 'Test token', severity: 'high', cwe: ['CWE-798'], keywords: ['tok_'], pattern: 'tok_[a-z0-9]{20}',
  help: 'Rotate the token.', samples: { positive: ['tok_k3j9x8m2v6p5t4z7r2q1'], negative: [''] },
};

function problems(over: Record<string, unknown>): string[] {
  const v = validator(secretRuleSchema);
  const spec = { ...valid, ...over };
  for (const [k, x] of Object.entries(over)) if (x === undefined) delete (spec as Record<string, unknown>)[k];
  return v(spec) ? [] : describeAjvErrors(v.errors ?? []).map((p) => `${p.key}: ${p.message}`);
}

describe('rules/ruleSpec', () => {
  it('accepts a complete secret rule with every optional field', () => {
    assert.deepEqual(problems({}), []);
    assert.deepEqual(problems({ description: 'd', flags: 'iu', entropy: 3.5, allowlist: { patterns: ['^x$'], stopwords: ['example'] }, generic: true, validate: 'azure-identifiable-key', unvalidated: 'lower', enabled: false, scope: 'path', tags: ['cloud'], samples: { positive: ['a'], negative: ['b'], filler: ['c'] } }), []);
  });

  it('requires the fields every rule needs', () => {
    for (const k of ['id', 'title', 'severity', 'cwe', 'keywords', 'pattern', 'help', 'samples']) {
      assert.deepEqual(problems({ [k]: undefined }), [`: missing required key "${k}"`], k);
    }
  });

  it('refuses malformed values with the key they are under', () => {
    assert.deepEqual(problems({ id: 'Bad Id' }).map((p) => p.split(':')[0]), ['id']);
    assert.deepEqual(problems({ cwe: ['798'] }), ['cwe[0]: has an invalid value (expected to match ^CWE-[0-9]{1,4}$)']);
    assert.deepEqual(problems({ keywords: ['x'] }), ['keywords[0]: must NOT have fewer than 2 characters']);
    assert.deepEqual(problems({ keywords: ['tök'] }).length, 1, 'keywords are printable ASCII');
    assert.deepEqual(problems({ flags: 'g' }), ['flags: has an invalid value (expected to match ^[imsu]*$)']);
    assert.deepEqual(problems({ entropy: 9 }), ['entropy: must be <= 8']);
    assert.deepEqual(problems({ validate: 'luhn' })[0].split(':')[0], 'validate');
    assert.deepEqual(problems({ help: 'short' }), ['help: must NOT have fewer than 10 characters']);
    assert.deepEqual(problems({ samples: { positive: [], negative: ['x'] } }), ['samples.positive: must NOT have fewer than 1 items']);
    assert.deepEqual(problems({ colour: 'red' }), ['colour: unknown key (check its spelling and indentation)']);
  });

  it('names only validators that exist', () => {
    for (const n of SECRET_VALIDATOR_NAMES) assert.equal(typeof SECRET_VALIDATORS[n], 'function', n);
  });

  it('tells secret and code rules apart by kind', () => {
    const code = { ...valid, kind: 'code' } as unknown as RuleSpec;
    assert.ok(isSecretRule(valid));
    assert.ok(!isCodeRule(valid));
    assert.ok(isCodeRule(code));
    assert.ok(!isSecretRule(code));
  });
});
