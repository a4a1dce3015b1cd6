/** Rule help for the detail panel (hub/shared/data/ruleHelp.ts): where help comes from, guidance by kind, and a dependency finding's facts. */
import assert from 'node:assert/strict';
import { dependencyFacts, guidanceFor, helpFor, type RuleHelp } from '../../../../hub/shared/data/ruleHelp';

const help = (id: string, title: string): RuleHelp => ({ id, title, description: '', helpMarkdown: '', cwe: [] });

describe('hub rule help', () => {
  it('takes help from the first source that knows the rule, maps or catalogs, skipping missing ones', () => {
    const sarifRules = new Map([['r1', help('r1', 'from SARIF')]]);
    const catalog = { rules: { r1: help('r1', 'from catalog'), r2: help('r2', 'catalog only') } };
    assert.equal(helpFor({ ruleId: 'r1' }, undefined, sarifRules, catalog)?.title, 'from SARIF');
    assert.equal(helpFor({ ruleId: 'r1' }, catalog, sarifRules)?.title, 'from catalog');
    assert.equal(helpFor({ ruleId: 'r2' }, sarifRules, catalog)?.title, 'catalog only');
    assert.equal(helpFor({ ruleId: 'r3' }, sarifRules, catalog), undefined);
    assert.equal(helpFor({ ruleId: 'r1' }), undefined);
  });

  it('gives generic guidance for each kind', () => {
    assert.match(guidanceFor('secret'), /revoke or rotate/);
    assert.match(guidanceFor('dependency'), /Upgrade the package/);
    assert.match(guidanceFor('code'), /untrusted input/);
    assert.match(guidanceFor('external'), /another tool/);
  });

  it('lists a dependency finding\'s facts, leaving out what it does not carry', () => {
    const facts = dependencyFacts({
      kind: 'dependency',
      properties: {
        package: 'lodash', ecosystem: 'npm', installedVersion: '4.17.15', fixedVersions: ['4.17.21', 4], fixVersion: '4.17.21', advisories: [{}, {}],
        directDependency: 'express', directDependencyDev: true, dev: true, advisoryIds: ['GHSA-1', 'CVE-2'], url: 'https://osv.dev/GHSA-1',
      },
    });
    assert.deepEqual(facts, [
      { label: 'Package', value: 'lodash (npm)' },
      { label: 'Installed version', value: '4.17.15' },
      { label: 'Fixed in', value: '4.17.21' },
      { label: 'Upgrade to', value: '4.17.21, fixes all 2 advisories' },
      { label: 'Direct dependency', value: 'express (development dependency)' },
      { label: 'Development only', value: 'yes: only development needs this package' },
      { label: 'Advisories', value: 'GHSA-1, CVE-2' },
      { label: 'Advisory', value: 'https://osv.dev/GHSA-1', href: 'https://osv.dev/GHSA-1' },
    ]);
  });

  it('says when no fix is published, marks a major upgrade, and links only https advisories', () => {
    const facts = dependencyFacts({ kind: 'dependency', properties: { package: 'x', fixedVersions: [], fixVersion: '2.0.0', majorUpgrade: true, direct: true, url: 'javascript:alert(1)' } });
    const byLabel = new Map(facts.map((f) => [f.label, f]));
    assert.equal(byLabel.get('Package')?.value, 'x (unknown ecosystem)');
    assert.equal(byLabel.get('Fixed in')?.value, 'no fixed version published');
    assert.equal(byLabel.get('Upgrade to')?.value, '2.0.0 (major upgrade)');
    assert.equal(byLabel.get('Introduced via')?.value, 'direct dependency');
    assert.equal(byLabel.get('Advisory')?.href, undefined, 'shown as text, never linked');
  });

  it('has no facts for other kinds or without properties', () => {
    assert.deepEqual(dependencyFacts({ kind: 'secret', properties: { package: 'x' } }), []);
    assert.deepEqual(dependencyFacts({ kind: 'dependency' }), []);
  });
});
