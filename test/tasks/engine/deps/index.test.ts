import assert from 'node:assert/strict';
import { join } from 'node:path';
import { matchRecord } from '../../../../tasks/engine/deps/affected';
import { scanDependencies, type AdvisoryQuery, type AdvisoryQueryResult, type AdvisorySource, type OsvRecord } from '../../../../tasks/engine/deps/index';
import { fingerprint } from '../../../../tasks/engine/findings/fingerprint';
import { makeTree, removeTree } from '../../../support/tmpTree';

/** An in-memory advisory source: matches with the engine's own range evaluation, counts calls. */
class FakeSource implements AdvisorySource {
  readonly label = 'the fake advisory source';
  queries: AdvisoryQuery[][] = [];
  fetched: string[] = [];
  constructor(
    private readonly records: OsvRecord[],
    private readonly behaviour: { failQuery?: Error; queryError?: (q: AdvisoryQuery) => string | undefined; failVuln?: Set<string>; extraIds?: Record<string, string[]> } = {},
  ) {}

  async queryBatch(queries: readonly AdvisoryQuery[]): Promise<AdvisoryQueryResult[]> {
    this.queries.push([...queries]);
    if (this.behaviour.failQuery) throw this.behaviour.failQuery;
    return queries.map((q) => {
      const error = this.behaviour.queryError?.(q);
      if (error) return { vulnIds: [], error };
      const ids = this.records.filter((r) => matchRecord(r, q).affected === true).map((r) => r.id);
      return { vulnIds: [...ids, ...(this.behaviour.extraIds?.[`${q.name}@${q.version}`] ?? [])] };
    });
  }

  async getVuln(id: string): Promise<OsvRecord> {
    this.fetched.push(id);
    if (this.behaviour.failVuln?.has(id)) throw new Error(`GET http://osv.test/v1/vulns/${id} answered HTTP 503`);
    const r = this.records.find((x) => x.id === id);
    if (!r) throw new Error(`unknown ${id}`);
    return r;
  }
}

const I18NEXT: OsvRecord = {
  id: 'GHSA-f89g-whpf-6q9m',
  aliases: ['CVE-2017-16008'],
  summary: 'Cross-Site Scripting in i18next',
  details: 'Affected versions of `i18next` allow untrusted user input to be injected into dictionary key names.\n\nMore text.',
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N' }],
  affected: [{ package: { ecosystem: 'npm', name: 'i18next' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.10.3' }] }] }],
  database_specific: { cwe_ids: ['CWE-79'], severity: 'MODERATE' },
};

/** The same vulnerability published twice, as PyPI advisories are (GHSA and PYSEC sharing a CVE). */
const DJANGO_GHSA: OsvRecord = {
  id: 'GHSA-xxxx-yyyy-zzzz',
  aliases: ['CVE-2021-33203'],
  summary: 'Potential directory traversal via admindocs',
  affected: [{ package: { ecosystem: 'PyPI', name: 'django' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.2' }, { fixed: '2.2.24' }, { introduced: '3.0' }, { fixed: '3.1.12' }] }] }],
  database_specific: { severity: 'MODERATE' },
};
const DJANGO_PYSEC: OsvRecord = {
  id: 'PYSEC-2021-98',
  aliases: ['CVE-2021-33203', 'GHSA-xxxx-yyyy-zzzz'],
  details: 'Django before 2.2.24 has a potential directory traversal via django.contrib.admindocs.',
  affected: [{ package: { ecosystem: 'PyPI', name: 'django' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.2.24' }] }] }],
};
const DJANGO_OTHER: OsvRecord = {
  id: 'PYSEC-2021-99',
  summary: 'Another Django issue',
  affected: [{ package: { ecosystem: 'PyPI', name: 'django' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.2.25' }] }] }],
};
const WITHDRAWN: OsvRecord = {
  id: 'GHSA-35c4-f3rq-f9g3',
  withdrawn: '2018-10-11T17:29:49Z',
  affected: [{ package: { ecosystem: 'npm', name: 'i18next' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }],
};

const NPM_LOCK = JSON.stringify(
  {
    name: 'app',
    lockfileVersion: 3,
    packages: {
      '': { name: 'app', dependencies: { i18next: '^1.10.0' }, devDependencies: { jest: '^29.0.0' } },
      'node_modules/i18next': { version: '1.10.2' },
      'node_modules/other/node_modules/i18next': { version: '1.10.2' },
      'node_modules/jest': { version: '29.0.0', dev: true },
    },
  },
  null,
  2,
);

describe('scanDependencies', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  const filesOf = (r: string, paths: string[]) => paths.map((p) => ({ path: p, abs: join(r, ...p.split('/')) }));

  it('reports a vulnerable package as a dependency finding at its manifest line', async () => {
    root = makeTree({ 'web/package-lock.json': NPM_LOCK });
    const source = new FakeSource([I18NEXT, WITHDRAWN]);
    const { findings, diagnostics, rules } = await scanDependencies(filesOf(root, ['web/package-lock.json']), source);
    assert.deepEqual(diagnostics, []);
    assert.equal(findings.length, 1, 'the nested copy of the same version is one finding');
    const f = findings[0];
    assert.equal(f.ruleId, 'osv.ghsa-f89g-whpf-6q9m');
    assert.equal(f.kind, 'dependency');
    assert.equal(f.severity, 'medium');
    assert.equal(f.path, 'web/package-lock.json');
    assert.deepEqual(f.region, { startLine: 14, startColumn: 5, endLine: 14, endColumn: 30 }, 'the line of "node_modules/i18next": {');
    assert.equal(f.preview, 'i18next@1.10.2');
    assert.equal(f.fingerprint, fingerprint('osv.ghsa-f89g-whpf-6q9m', 'web/package-lock.json', 'npm:i18next@1.10.2'));
    assert.equal(f.message, 'i18next@1.10.2 (npm) is affected by GHSA-f89g-whpf-6q9m (CVE-2017-16008): Cross-Site Scripting in i18next. Fixed in 1.10.3.');
    assert.deepEqual(f.properties, {
      package: 'i18next',
      ecosystem: 'npm',
      installedVersion: '1.10.2',
      fixedVersions: ['1.10.3'],
      advisoryIds: ['GHSA-f89g-whpf-6q9m', 'CVE-2017-16008'],
      aliases: ['CVE-2017-16008'],
      summary: 'Cross-Site Scripting in i18next',
      url: 'https://github.com/advisories/GHSA-f89g-whpf-6q9m',
      severitySource: 'cvss',
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
      score: 6.1,
      fixVersion: '1.10.3',
      majorUpgrade: false,
      direct: true,
    });
    assert.equal(rules.length, 1);
    const rule = rules[0];
    assert.equal(rule.id, f.ruleId);
    assert.equal(rule.kind, 'dependency');
    assert.deepEqual(rule.cwe, ['CWE-79']);
    assert.equal(rule.severity, 'medium');
    assert.match(rule.helpMarkdown, /\[GHSA-f89g-whpf-6q9m\]\(https:\/\/github\.com\/advisories\/GHSA-f89g-whpf-6q9m\)/);
    assert.match(rule.helpMarkdown, /`i18next@1\.10\.2` \(npm\): fixed in 1\.10\.3/);
    assert.match(rule.description, /untrusted user input/);
    assert.ok(!source.fetched.includes('GHSA-jest'), 'only reported ids are fetched');
  });

  it('merges records about the same vulnerability, and reports every advisory on one package version as one finding with one fix', async () => {
    root = makeTree({ 'requirements.txt': 'Django==2.2.20\n' });
    const { findings, rules } = await scanDependencies(filesOf(root, ['requirements.txt']), new FakeSource([DJANGO_GHSA, DJANGO_PYSEC, DJANGO_OTHER]));
    assert.equal(findings.length, 1, 'one finding per package version');
    const f = findings[0];
    assert.equal(f.ruleId, 'osv.ghsa-xxxx-yyyy-zzzz');
    assert.deepEqual(f.properties?.advisoryIds, ['GHSA-xxxx-yyyy-zzzz', 'CVE-2021-33203', 'PYSEC-2021-98', 'PYSEC-2021-99']);
    assert.deepEqual(f.properties?.fixedVersions, ['2.2.24', '2.2.25']);
    assert.equal(f.properties?.fixVersion, '2.2.25', '2.2.24 still has PYSEC-2021-99');
    assert.equal(f.properties?.majorUpgrade, false);
    assert.deepEqual((f.properties?.advisories as { id: string }[]).map((a) => a.id), ['GHSA-xxxx-yyyy-zzzz', 'PYSEC-2021-99']);
    assert.match(f.message, /^Django@2\.2\.20 \(PyPI\) is affected by 2 advisories: GHSA-xxxx-yyyy-zzzz \(medium\): Potential directory traversal via admindocs; PYSEC-2021-99 \(medium\): Another Django issue\. Fixed in 2\.2\.25, which fixes all 2\./);
    assert.deepEqual(rules.map((r) => r.id), ['osv.ghsa-xxxx-yyyy-zzzz', 'osv.pysec-2021-99'], 'every advisory keeps its rule help');
    const other = rules.find((r) => r.id === 'osv.pysec-2021-99');
    assert.deepEqual(other?.cwe, ['CWE-1395', 'CWE-937'], 'an advisory without CWE gets the vulnerable-component CWEs');
  });

  it('asks once per package version across files, and reports each file', async () => {
    root = makeTree({ 'a/package-lock.json': NPM_LOCK, 'b/package-lock.json': NPM_LOCK });
    const source = new FakeSource([I18NEXT]);
    const { findings } = await scanDependencies(filesOf(root, ['a/package-lock.json', 'b/package-lock.json']), source);
    assert.deepEqual(findings.map((f) => f.path), ['a/package-lock.json', 'b/package-lock.json']);
    assert.equal(source.queries.length, 1);
    assert.deepEqual(source.queries[0].map((q) => `${q.name}@${q.version}`), ['i18next@1.10.2', 'jest@29.0.0']);
    assert.deepEqual(source.fetched, ['GHSA-f89g-whpf-6q9m']);
    assert.notEqual(findings[0].fingerprint, findings[1].fingerprint);
  });

  it('can leave development-only packages out', async () => {
    root = makeTree({ 'package-lock.json': NPM_LOCK });
    const source = new FakeSource([]);
    await scanDependencies(filesOf(root, ['package-lock.json']), source, { includeDev: false });
    assert.deepEqual(source.queries[0].map((q) => q.name), ['i18next']);
  });

  it('reports a malformed manifest with file and line, and still scans the others', async () => {
    root = makeTree({ 'broken/package-lock.json': '{\n  "lockfileVersion": 3,\n  "packages": {,\n}\n', 'ok/package-lock.json': NPM_LOCK, 'README.md': '# hi' });
    const { findings, diagnostics } = await scanDependencies(filesOf(root, ['broken/package-lock.json', 'ok/package-lock.json', 'README.md']), new FakeSource([I18NEXT]));
    assert.equal(findings.length, 1);
    assert.equal(diagnostics.length, 1);
    const d = diagnostics[0];
    assert.equal(d.level, 'error');
    assert.equal(d.scannerFailure, true, 'an unreadable lockfile makes the scan incomplete');
    assert.equal(d.path, 'broken/package-lock.json');
    assert.equal(d.line, 3);
    assert.equal(d.path, 'broken/package-lock.json');
    assert.equal(d.line, 3);
    assert.match(d.message, /^cannot read this npm lockfile: invalid JSON at line 3/);
    assert.match(d.message, /Fix the file .* or exclude it/);
    assert.ok(!/\n\s+at /.test(d.message), 'no stack trace');
  });

  it('reports an unreadable or binary manifest', async () => {
    root = makeTree({ 'Cargo.lock': Buffer.from([0, 1, 2, 3]) });
    const { diagnostics } = await scanDependencies([...filesOf(root, ['Cargo.lock']), { path: 'gone/yarn.lock', abs: join(root, 'gone', 'yarn.lock') }], new FakeSource([]));
    assert.deepEqual(diagnostics.map((d) => d.path), ['Cargo.lock', 'gone/yarn.lock']);
    assert.match(diagnostics[0].message, /binary/);
    assert.match(diagnostics[1].message, /could not read the yarn\.lock/);
    assert.ok(diagnostics.every((d) => d.scannerFailure));
  });

  it('lists dependencies it could not check, in one warning per file', async () => {
    root = makeTree({ 'requirements.txt': 'flask>=1.0\nrequests\nidna==2.7\n' });
    const { diagnostics } = await scanDependencies(filesOf(root, ['requirements.txt']), new FakeSource([]));
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].level, 'warning');
    assert.match(diagnostics[0].message, /2 dependencies have no exact version.*flask \(line 1\).*requests \(line 2\)/);
    // The file is the diagnostic's path, which every log prints before the message: not twice.
    assert.equal(diagnostics[0].path, 'requirements.txt');
    assert.match(diagnostics[0].message, /^2 dependencies/);
  });

  it("says that a template that does not parse is a template, as a warning, and scans the rest", async () => {
    root = makeTree({ '{{cookiecutter.slug}}/pyproject.toml': '[project]\ndependencies = [\n{%- if cookiecutter.use_redis %}\n"redis>=6",\n{% endif %}\n]\n', 'Cargo.lock': 'not toml [' });
    const { diagnostics } = await scanDependencies(filesOf(root, ['{{cookiecutter.slug}}/pyproject.toml', 'Cargo.lock']), new FakeSource([]));
    const template = diagnostics.find((d) => d.path === '{{cookiecutter.slug}}/pyproject.toml');
    assert.equal(template?.level, 'warning');
    assert.equal(template?.scannerFailure, undefined);
    assert.match(template?.message ?? '', /^not read as a pyproject\.toml: its path holds a template field .*so it is a template, not a manifest yet/);
    const broken = diagnostics.find((d) => d.path === 'Cargo.lock');
    assert.equal(broken?.level, 'error', 'a broken lockfile is still a failure');
    assert.equal(broken?.scannerFailure, true);
  });

  it("says of a lockfile's git dependencies that no advisory names them, not to commit a lockfile", async () => {
    root = makeTree({ 'Gemfile.lock': 'GIT\n  remote: https://github.com/acme/internal-gem.git\n  revision: 0123456789abcdef0123456789abcdef01234567\n  specs:\n    internal-gem (0.4.0)\n\nPATH\n  remote: .\n  specs:\n    app (1.0.0)\n\nGEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.3)\n' });
    const { diagnostics } = await scanDependencies(filesOf(root, ['Gemfile.lock']), new FakeSource([]));
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].message, '1 dependency is not a released version from a package registry and was not checked (advisories name registry releases only): internal-gem (line 5): from a GIT source, not RubyGems');
  });

  it('turns an unreachable advisory source into a diagnostic instead of throwing', async () => {
    root = makeTree({ 'package-lock.json': NPM_LOCK });
    const failing = new FakeSource([], { failQuery: new Error('POST http://osv.test/v1/querybatch failed: HTTP 503 (tried 4 times). Run the scan again later.') });
    const { findings, diagnostics } = await scanDependencies(filesOf(root, ['package-lock.json']), failing);
    assert.deepEqual(findings, []);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].level, 'error');
    assert.match(diagnostics[0].message, /Dependency scan incomplete: could not query the fake advisory source for 2 package\(s\): POST http:\/\/osv\.test\/v1\/querybatch failed: HTTP 503/);
  });

  it('reports queries the source could not answer, and keeps the answered ones', async () => {
    root = makeTree({ 'package-lock.json': NPM_LOCK });
    const source = new FakeSource([I18NEXT], { queryError: (q) => (q.name === 'jest' ? 'no offline data for npm' : undefined) });
    const { findings, diagnostics } = await scanDependencies(filesOf(root, ['package-lock.json']), source);
    assert.equal(findings.length, 1);
    assert.deepEqual(diagnostics.map((d) => d.message), ['Dependency scan incomplete: 1 of 2 package(s) could not be checked against the fake advisory source: no offline data for npm']);
  });

  it('still reports a finding whose record could not be fetched, by id, and says so', async () => {
    root = makeTree({ 'package-lock.json': NPM_LOCK });
    const source = new FakeSource([I18NEXT], { failVuln: new Set(['GHSA-f89g-whpf-6q9m']) });
    const { findings, diagnostics, rules } = await scanDependencies(filesOf(root, ['package-lock.json']), source);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'medium');
    assert.equal(findings[0].properties?.detailsUnavailable, true);
    assert.match(findings[0].message, /GHSA-f89g-whpf-6q9m/);
    assert.equal(rules.length, 1);
    assert.match(diagnostics[0].message, /Could not fetch 1 advisory record\(s\) from the fake advisory source \(GHSA-f89g-whpf-6q9m\): GET http:\/\/osv\.test\/v1\/vulns\/GHSA-f89g-whpf-6q9m answered HTTP 503/);
  });

  it('ignores withdrawn advisories even when the source lists them', async () => {
    root = makeTree({ 'package-lock.json': NPM_LOCK });
    const source = new FakeSource([WITHDRAWN], { extraIds: { 'i18next@1.10.2': ['GHSA-35c4-f3rq-f9g3'] } });
    const { findings } = await scanDependencies(filesOf(root, ['package-lock.json']), source);
    assert.deepEqual(findings, []);
  });

  it('prefers go.mod over a go.sum beside it, and queries Go versions without v', async () => {
    root = makeTree({ 'go.mod': 'module m\n\nrequire golang.org/x/text v0.3.7\n', 'go.sum': 'golang.org/x/text v0.3.5 h1:abc=\n', 'tools/go.sum': 'golang.org/x/net v0.1.0 h1:def=\n' });
    const source = new FakeSource([]);
    await scanDependencies(filesOf(root, ['go.mod', 'go.sum', 'tools/go.sum']), source);
    assert.deepEqual(source.queries[0].map((q) => `${q.ecosystem}:${q.name}@${q.version}`), ['Go:golang.org/x/text@0.3.7', 'Go:golang.org/x/net@0.1.0']);
  });

  it('skips manifests over the size limit, and says the scan is incomplete', async () => {
    root = makeTree({ 'package-lock.json': NPM_LOCK });
    const { diagnostics } = await scanDependencies(filesOf(root, ['package-lock.json']), new FakeSource([]), { maxFileBytes: 10 });
    assert.match(diagnostics[0].message, /over the 10-byte limit/);
    assert.equal(diagnostics[0].scannerFailure, true);
  });

  it('makes rule ids that fit the rule-id pattern from any advisory id', async () => {
    const { ruleIdFor } = await import('../../../../tasks/engine/deps/findings');
    for (const id of ['GHSA-29mw-wpgm-hmr9', 'GO-2022-0969', 'RUSTSEC-2021-0001', 'DRUPAL-CORE-2025-005', 'PYSEC-2021-98', 'ALPINE:CVE/2024 1', 'X'.repeat(100)]) {
      assert.match(ruleIdFor(id), /^[a-z0-9][a-z0-9.-]{1,63}$/, id);
    }
    assert.equal(ruleIdFor('GHSA-29mw-wpgm-hmr9'), 'osv.ghsa-29mw-wpgm-hmr9');
  });
});
