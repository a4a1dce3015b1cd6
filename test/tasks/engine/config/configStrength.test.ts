import assert from 'node:assert/strict';
import { EMPTY_CONFIG, parseConfigText, type PalisadeConfig } from '../../../../tasks/engine/config/palisadeConfig';
import { compareConfigs } from '../../../../tasks/engine/config/configStrength';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { addedIgnoreLines } from '../../../../tasks/engine/findings/suppressions';

const builtins = loadBuiltinRules();
const ids = new Set(builtins.map((r) => r.spec.id));
const cfg = (yaml: string): PalisadeConfig => parseConfigText(yaml, ids, '.palisade.yml').config;
const compare = (target: string | null, head: string | null) => compareConfigs(target === null ? EMPTY_CONFIG : cfg(target), head === null ? EMPTY_CONFIG : cfg(head), builtins);
const whats = (target: string | null, head: string | null) => compare(target, head).weakenings.map((w) => w.what);

const rule = (id: string, pattern: string) => `
  - id: ${id}
    kind: secret
    title: ACME token
    severity: high
    cwe: [CWE-798]
    keywords: [acme_]
    pattern: '${pattern}'
    help: Rotate it.
    samples:
      positive: ['key = acme_8f3a9c1e77d04b2a9e6c5f13']
      negative: ['key = acme_short']
`;

describe('configStrength: what a pull request\'s .palisade.yml weakens', () => {
  it('reports added excludes, with the key of each', () => {
    const c = compare('version: 1\nexcludes: [docs/**]\n', 'version: 1\nexcludes: [docs/**, "**"]\n');
    assert.deepEqual(c.weakenings, [{ key: ['excludes', 1], what: 'adds the exclude "**"' }]);
    assert.deepEqual(c.effective.excludes, ['docs/**'], 'the PR\'s exclude does not apply');
  });

  it('a config the target does not have is compared with the built-in defaults', () => {
    assert.deepEqual(whats(null, 'version: 1\nexcludes: ["**"]\nmaxFileSize: 10KB\n'), ['adds the exclude "**"', 'lowers maxFileSize from 1048576 to 10240 bytes']);
  });

  it('reports disabled rules, rules no longer enabled and lowered severities', () => {
    assert.deepEqual(whats('version: 1\nrules:\n  enable: [jwt]\n', 'version: 1\nrules:\n  disable: [jwt]\n  severity:\n    github-pat-classic: low\n'), [
      'disables the rule "jwt"',
      'no longer enables the rule "jwt"',
      'lowers the severity of "github-pat-classic" from critical to low',
    ]);
  });

  it('dropping a raising severity override lowers it too; raising one is not a weakening', () => {
    assert.deepEqual(whats('version: 1\nrules:\n  severity:\n    jwt: critical\n', 'version: 1\n'), ['lowers the severity of "jwt" from critical to medium']);
    const up = compare('version: 1\n', 'version: 1\nrules:\n  severity:\n    jwt: high\n');
    assert.deepEqual(up.weakenings, []);
    assert.deepEqual(up.effective.severity, { jwt: 'high' }, 'the stricter severity applies at once');
  });

  it('reports a raised failOn (the CLI default is high) and applies a lowered one', () => {
    assert.deepEqual(whats(null, 'version: 1\nfailOn: none\n'), ['raises failOn from high to none']);
    assert.deepEqual(whats('version: 1\nfailOn: low\n', 'version: 1\nfailOn: medium\n'), ['raises failOn from low to medium']);
    const down = compare('version: 1\nfailOn: high\n', 'version: 1\nfailOn: low\n');
    assert.deepEqual(down.weakenings, []);
    assert.equal(down.effective.failOn, 'low');
  });

  it('reports custom rules removed or changed, keeps the target\'s, and adds new ones', () => {
    const target = `version: 1\ncustomRules:${rule('acme-token', '\\bacme_[a-f0-9]{24}\\b')}`;
    assert.deepEqual(whats(target, 'version: 1\n'), ['removes the custom rule "acme-token"']);
    const changed = compare(target, `version: 1\ncustomRules:${rule('acme-token', '\\bacme_[a-f0-9]{20,24}\\b')}`);
    assert.deepEqual(changed.weakenings.map((w) => w.what), ['changes the custom rule "acme-token"']);
    assert.equal((changed.effective.customRules[0].spec as { pattern: string }).pattern, '\\bacme_[a-f0-9]{24}\\b', 'the target\'s version runs');
    const added = compare('version: 1\n', `version: 1\ncustomRules:${rule('acme-token', '\\bacme_[a-f0-9]{24}\\b')}`);
    assert.deepEqual(added.weakenings, []);
    assert.deepEqual(added.effective.customRules.map((r) => r.spec.id), ['acme-token'], 'a new rule applies at once');
  });

  it('removing excludes and disables, or raising the size cap, only strengthens and applies at once', () => {
    const c = compare('version: 1\nexcludes: [a/**, b/**]\nmaxFileSize: 1MB\nrules:\n  disable: [jwt]\n', 'version: 1\nexcludes: [a/**]\nmaxFileSize: 4MB\n');
    assert.deepEqual(c.weakenings, []);
    assert.deepEqual(c.effective.excludes, ['a/**']);
    assert.deepEqual(c.effective.disable, []);
    assert.equal(c.effective.maxFileSize, 4 * 1024 * 1024);
  });

  it('an unchanged configuration is no weakening and stays as it is', () => {
    const yaml = 'version: 1\nexcludes: [docs/**]\nrules:\n  disable: [jwt]\n  severity:\n    github-pat-classic: high\n';
    const c = compare(yaml, yaml);
    assert.deepEqual(c.weakenings, []);
    assert.deepEqual({ ...c.effective, source: undefined, path: undefined }, { ...cfg(yaml), source: undefined, path: undefined, maxFileSize: undefined, failOn: undefined });
  });
});

describe('addedIgnoreLines: palisade-ignore comments a change adds', () => {
  it('finds directives in a new file, and only the new ones in an edited file', () => {
    assert.deepEqual(addedIgnoreLines('a\n// palisade-ignore -- x\nb\n', null), [2]);
    const base = 'x = 1 // palisade-ignore jwt -- fixture\ny\n';
    assert.deepEqual(addedIgnoreLines(`new line\n${base}`, base), [], 'a moved directive is not new');
    assert.deepEqual(addedIgnoreLines(`${base}x = 1 // palisade-ignore jwt -- fixture\n`, base), [3], 'a second copy is');
  });

  it('ignores prose that mentions the marker without being a directive', () => {
    assert.deepEqual(addedIgnoreLines('see the palisade-ignore docs for details, please\n', null), []);
  });
});
