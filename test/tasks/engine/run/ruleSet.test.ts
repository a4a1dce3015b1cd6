import assert from 'node:assert/strict';
import { activeRules, ruleSummaries, ruleSummary } from '../../../../tasks/engine/run/ruleSet';
import type { CodeRuleSpec, LoadedRule, SecretRuleSpec } from '../../../../tasks/engine/rules/ruleSpec';

function secret(id: string, over: Partial<SecretRuleSpec> = {}): LoadedRule {
  const spec: SecretRuleSpec = {
    id, kind: 'secret', title: `T ${id}`, severity: 'high', cwe: ['CWE-798'], keywords: ['tok_'], pattern: 'tok_[a-z0-9]{20}',
    help: 'Use `vault` **now**, see [docs](https://example.test).\n```sh\nrotate\n```', samples: { positive: [], negative: [] }, ...over,
  };
  return { spec, source: `${id}.yml` };
}

function code(id: string, over: Partial<CodeRuleSpec> = {}): LoadedRule {
  const spec: CodeRuleSpec = {
    id, kind: 'code', title: `C ${id}`, severity: 'medium', cwe: ['CWE-95'], languages: ['javascript', 'typescript'], match: [{ call: ['eval()'] }],
    help: 'h', tags: ['injection'], samples: { positive: [], negative: [] }, ...over,
  } as CodeRuleSpec;
  return { spec, source: `${id}.yml` };
}

const none = { disable: [], enable: [], severity: {}, customRules: [] };

describe('run/ruleSet', () => {
  const builtins = [secret('generic-pw', { generic: true }), secret('tok-a'), code('js-eval'), secret('off', { enabled: false }), code('js-off', { enabled: false })];

  it('orders specific secret rules before generic ones, then code rules; disabled-by-default rules left out', () => {
    const a = activeRules(builtins, none);
    assert.deepEqual(a.specs.map((s) => s.id), ['tok-a', 'generic-pw', 'js-eval']);
    assert.deepEqual(a.summaries.map((s) => s.id), ['tok-a', 'generic-pw', 'js-eval']);
    assert.deepEqual(a.detector.rules.map((r) => r.spec.id), ['tok-a', 'generic-pw']);
    assert.deepEqual(a.code.rules.map((r) => r.spec.id), ['js-eval']);
  });

  it('applies disable, enable, severity overrides and custom rules from the config', () => {
    const a = activeRules(builtins, {
      disable: ['tok-a'],
      enable: ['off', 'js-off'],
      severity: { 'generic-pw': 'low', 'js-eval': 'critical' },
      customRules: [secret('custom-tok')],
    });
    assert.deepEqual(a.specs.map((s) => s.id), ['off', 'custom-tok', 'generic-pw', 'js-eval', 'js-off']);
    assert.equal(a.detector.rules.find((r) => r.spec.id === 'generic-pw')!.severity, 'low');
    assert.equal(a.specs.find((s) => s.id === 'js-eval')!.severity, 'critical', 'code specs carry the effective severity for workers');
    assert.equal(a.code.rules.find((r) => r.spec.id === 'js-eval')!.severity, 'critical');
    assert.equal(a.summaries.find((s) => s.id === 'generic-pw')!.severity, 'low');
    assert.equal(builtins[2].spec.severity, 'medium', 'the loaded rule is not changed');
  });

  it('lets disable win over enable', () => {
    assert.ok(!activeRules(builtins, { ...none, disable: ['off'], enable: ['off'] }).specs.some((s) => s.id === 'off'));
  });

  it('summarises without compiling, the same as activeRules', () => {
    const config = { ...none, severity: { 'js-eval': 'low' as const } };
    assert.deepEqual(ruleSummaries(builtins, config), activeRules(builtins, config).summaries);
    assert.deepEqual(ruleSummaries([secret('bad', { pattern: '(' })], none).map((s) => s.id), ['bad'], 'no compile, so no error');
    // A custom rule compiles at once; built-in ones were checked when the bundle was built and compile on first use.
    assert.throws(() => activeRules([], { ...none, customRules: [secret('bad', { pattern: '(' })] }));
    const lazy = activeRules([secret('bad', { pattern: '(' })], none);
    assert.throws(() => lazy.detector.rules[0].regex, /not a valid regular expression/);
  });

  it('writes a summary with plain-text help, description defaulting to the title, and languages as tags', () => {
    const s = ruleSummary(secret('tok-a').spec);
    assert.equal(s.description, 'T tok-a');
    assert.equal(s.helpText, 'Use vault now, see docs (https://example.test).\nrotate');
    assert.equal(s.helpMarkdown, secret('tok-a').spec.help);
    assert.deepEqual(s.tags, []);
    const c = ruleSummary(code('js-x', { description: 'D', tags: ['injection', 'javascript'] }).spec, 'low');
    assert.equal(c.severity, 'low');
    assert.equal(c.description, 'D');
    assert.deepEqual(c.tags, ['injection', 'javascript', 'typescript']);
    assert.deepEqual(c.cwe, ['CWE-95']);
  });
});
