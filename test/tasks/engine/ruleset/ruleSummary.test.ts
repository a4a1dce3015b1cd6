import assert from 'node:assert/strict';
import { rememberPlainHelp, ruleSummary, stripMarkdown } from '../../../../tasks/engine/ruleset/ruleSummary';
import type { SecretRuleSpec } from '../../../../tasks/engine/rules/ruleSpec';

const spec = (help: string): SecretRuleSpec => ({
  id: 'tok-a',
  kind: 'secret',
  title: 'Test token',
  severity: 'high',
  cwe: ['CWE-798'],
  keywords: ['tok_'],
  pattern: 'tok_[a-z0-9]{20}',
  help,
  tags: ['test'],
  samples: { positive: [], negative: [] },
});

describe('rule summary', () => {
  it('turns the help into plain text: code, bold and links', () => {
    assert.equal(stripMarkdown('**Fix:** run `rotate` in [the portal](https://example.test).\n'), 'Fix: run rotate in the portal (https://example.test).');
    assert.equal(stripMarkdown('```sh\necho hi\n```'), 'echo hi');
  });

  it('summarises a spec with the severity in force, the description falling back to the title', () => {
    const s = ruleSummary(spec('**Fix:** rotate it.'), 'low');
    assert.equal(s.severity, 'low');
    assert.equal(s.description, 'Test token');
    assert.equal(s.helpText, 'Fix: rotate it.');
    assert.equal(s.helpMarkdown, '**Fix:** rotate it.');
    assert.deepEqual(s.tags, ['test']);
  });

  it('uses the plain text the build worked out for a bundled spec', () => {
    const sp = spec('**Fix:** rotate it.');
    rememberPlainHelp(sp, 'worked out at build time');
    assert.equal(ruleSummary(sp).helpText, 'worked out at build time');
  });
});
