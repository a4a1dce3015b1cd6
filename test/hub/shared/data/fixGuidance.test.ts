import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fixGuidance, splitRuleHelp } from '../../../../hub/shared/data/fixGuidance';
import { guidanceFor, type RuleCatalog } from '../../../../hub/shared/data/ruleHelp';
import type { AdvisorySource, AdvisoryQuery, AdvisoryQueryResult } from '../../../../tasks/engine/deps/advisorySource';
import type { OsvRecord } from '../../../../tasks/engine/deps/osvRecord';
import { scanDependencies } from '../../../../tasks/engine/deps';
import { makeTree, removeTree } from '../../../support/tmpTree';

// The hub's catalog, built from the rule files exactly as the bundle's is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildRuleCatalog } = require('../../../../../hub/build/ruleCatalog.js') as { buildRuleCatalog: () => { catalog: RuleCatalog & { rules: Record<string, { kind: string }> } } };

describe('fix guidance: every rule has its own', () => {
  const catalog = buildRuleCatalog().catalog;
  const rules = Object.values(catalog.rules);

  it('every code rule brings its own "How to fix", and no rule shares it with a rule of another CWE', () => {
    const code = rules.filter((r) => (r as { kind: string }).kind === 'code');
    assert.ok(code.length >= 80, `${code.length} code rules`);
    const byText = new Map<string, typeof code>();
    const problems: string[] = [];
    for (const rule of code) {
      const g = fixGuidance({ kind: 'code' }, rule);
      if (g.source !== 'rule') {
        problems.push(`${rule.id}: its help has no "**Fix:**" paragraph, so the hub would show generic advice`);
        continue;
      }
      if (g.text.length < 30) problems.push(`${rule.id}: "How to fix" is only "${g.text}"`);
      if (!rule.cwe.length) problems.push(`${rule.id}: no CWE`);
      const key = g.text.replace(/\s+/g, ' ').trim().toLowerCase();
      byText.set(key, [...(byText.get(key) ?? []), rule]);
    }
    for (const same of byText.values()) {
      for (const a of same) for (const b of same) {
        if (a.id < b.id && !a.cwe.some((c) => b.cwe.includes(c))) problems.push(`${a.id} (${a.cwe.join(', ')}) and ${b.id} (${b.cwe.join(', ')}) share their "How to fix" text`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('secret rules each say how to revoke their own kind of secret', () => {
    const secret = rules.filter((r) => (r as { kind: string }).kind === 'secret');
    const missing = secret.filter((r) => fixGuidance({ kind: 'secret' }, r).source !== 'rule').map((r) => r.id);
    assert.deepEqual(missing, []);
  });

  it('the weak-hash rules advise on hashing, not on untrusted input', () => {
    for (const id of ['js-weak-hash', 'py-weak-hash', 'cs-weak-hash', 'java-weak-hash', 'go-weak-hash']) {
      const g = fixGuidance({ kind: 'code' }, catalog.rules[id]);
      assert.notEqual(g.text, guidanceFor('code'));
      assert.match(g.text, /SHA-256|sha256|bcrypt|Argon2|PBKDF2/i, id);
      assert.doesNotMatch(g.text, /untrusted input|parameter/i, id);
    }
  });

  it('splits a rule\'s help into what it is about and how to fix it, and falls back by kind only without a fix', () => {
    assert.deepEqual(splitRuleHelp('Bad thing.\n\n**Fix:** do the good thing.'), { about: 'Bad thing.', fix: 'Do the good thing.' });
    assert.deepEqual(splitRuleHelp('Only about.'), { about: 'Only about.' });
    assert.deepEqual(fixGuidance({ kind: 'code' }, { helpMarkdown: 'Custom rule, no fix.' }), { text: guidanceFor('code'), markdown: false, source: 'kind' });
    assert.equal(fixGuidance({ kind: 'external' }, { helpMarkdown: '**Fix:** run rm -rf /' }).source, 'kind', 'another tool\'s help is never read as ours');
  });

  describe('dependency findings', () => {
    let root: string;
    afterEach(() => root && removeTree(root));
    const rec = (id: string, name: string, events: Array<Record<string, string>>, cwe: string[]): OsvRecord =>
      ({ id, modified: '2024-01-01T00:00:00Z', summary: `${name} advisory ${id}`, affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events }] }], database_specific: { severity: 'HIGH', cwe_ids: cwe } }) as unknown as OsvRecord;
    class Source implements AdvisorySource {
      readonly label = 'test advisories';
      constructor(private readonly records: OsvRecord[]) {}
      async queryBatch(qs: readonly AdvisoryQuery[]): Promise<AdvisoryQueryResult[]> {
        return qs.map((q) => ({ vulnIds: this.records.filter((r) => r.affected?.some((a) => a.package?.name === q.name)).map((r) => r.id) }));
      }
      async getVuln(id: string): Promise<OsvRecord> {
        return this.records.find((r) => r.id === id)!;
      }
    }
    const LOCK = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', dependencies: { express: '^4.17.0', lodash: '4.17.20', left: '1.0.0' }, devDependencies: { mocha: '^10.0.0' } },
        'node_modules/express': { version: '4.17.1', dependencies: { 'body-parser': '1.19.0' } },
        'node_modules/body-parser': { version: '1.19.0', dependencies: { qs: '6.7.0' } },
        'node_modules/qs': { version: '6.7.0' },
        'node_modules/lodash': { version: '4.17.20' },
        'node_modules/left': { version: '1.0.0' },
        'node_modules/mocha': { version: '10.0.0', dev: true, dependencies: { minimist: '^1.2.0' } },
        'node_modules/minimist': { version: '1.2.5', dev: true },
      },
    });

    it('each vulnerable package gets what to do about that package, from its own facts', async () => {
      root = makeTree({ 'package-lock.json': LOCK });
      const source = new Source([
        rec('GHSA-hrpp-h998-j3pp', 'qs', [{ introduced: '6.7.0' }, { fixed: '6.7.3' }], ['CWE-1321']),
        rec('GHSA-35jh-r3h4-6jhm', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }], ['CWE-94']),
        rec('GHSA-aaaa-bbbb-cccc', 'left', [{ introduced: '0' }], ['CWE-400']),
        rec('GHSA-xvch-5gv4-984h', 'minimist', [{ introduced: '1.0.0' }, { fixed: '1.2.6' }], ['CWE-1321']),
      ]);
      const { findings } = await scanDependencies([{ path: 'package-lock.json', abs: join(root, 'package-lock.json') }], source, { includeDev: true });
      const text = (preview: string): string => {
        const f = findings.find((x) => x.preview === preview);
        assert.ok(f, preview);
        const g = fixGuidance(f);
        assert.equal(g.source, 'finding', preview);
        assert.notEqual(g.text, guidanceFor('dependency'));
        return g.text;
      };
      assert.match(text('qs@6.7.0'), /^Upgrade qs from 6\.7\.0 to 6\.7\.3 or later\. It comes in through express@4\.17\.1 > body-parser@1\.19\.0 > qs@6\.7\.0, and body-parser@1\.19\.0 does not accept 6\.7\.3: upgrade express@4\.17\.1 to a release that brings in qs 6\.7\.3 or later\.$/);
      assert.match(text('lodash@4.17.20'), /^Upgrade lodash from 4\.17\.20 to 4\.17\.21 or later\. Change its version in the manifest/);
      assert.match(text('left@1.0.0'), /^No fixed version of left is published for GHSA-aaaa-bbbb-cccc\./);
      assert.match(text('minimist@1.2.5'), /mocha@10\.0\.0 already accepts 1\.2\.6: updating minimist in the lockfile is enough\. Only development needs minimist/);
      const all = findings.map((f) => fixGuidance(f).text);
      assert.equal(new Set(all).size, all.length, 'no two packages share their guidance');
    });
  });
});
