import assert from 'node:assert/strict';
import { join } from 'node:path';
import { matchRecord } from '../../../../tasks/engine/deps/affected';
import { groupAdvisories } from '../../../../tasks/engine/deps/advisoryGroups';
import { advisoryFacts } from '../../../../tasks/engine/deps/findings';
import { scanDependencies, type AdvisoryQuery, type AdvisoryQueryResult, type AdvisorySource, type OsvRecord } from '../../../../tasks/engine/deps/index';
import { isMajorUpgrade, planFix } from '../../../../tasks/engine/deps/remediation';
import type { PackageRef } from '../../../../tasks/engine/deps/types';
import { dependencyFacts } from '../../../../hub/shared/data/ruleHelp';
import { threadBody } from '../../../../tasks/PalisadeScanV1/azure/prFeedback';
import { toSarif } from '../../../../tasks/engine/sarif/sarifExport';
import { makeTree, removeTree } from '../../../support/tmpTree';

const rec = (id: string, ecosystem: string, name: string, events: Record<string, string>[], severity = 'HIGH'): OsvRecord => ({
  id,
  summary: `${id} summary`,
  affected: [{ package: { ecosystem, name }, ranges: [{ type: ecosystem === 'npm' ? 'SEMVER' : 'ECOSYSTEM', events }] }],
  database_specific: { severity },
});

function plan(pkg: PackageRef, records: OsvRecord[]) {
  const byId = new Map(records.map((r) => [r.id, r]));
  const groups = groupAdvisories(records.map((r) => r.id), byId);
  const facts = groups.map((g) => advisoryFacts(g, pkg));
  return planFix(pkg, groups, facts);
}

class Source implements AdvisorySource {
  readonly label = 'test advisories';
  queries: AdvisoryQuery[] = [];
  constructor(private readonly records: OsvRecord[]) {}
  async queryBatch(qs: readonly AdvisoryQuery[]): Promise<AdvisoryQueryResult[]> {
    this.queries.push(...qs);
    return qs.map((q) => ({ vulnIds: this.records.filter((r) => matchRecord(r, q).affected === true).map((r) => r.id) }));
  }
  async getVuln(id: string): Promise<OsvRecord> {
    return this.records.find((r) => r.id === id) as OsvRecord;
  }
}

describe('one fix per package', () => {
  it('takes the smallest version no advisory affects, skipping a fix that another advisory covers', () => {
    const pkg: PackageRef = { ecosystem: 'npm', name: 'qs', version: '6.7.0', line: 1 };
    const a = rec('GHSA-aaaa-aaaa-aaaa', 'npm', 'qs', [{ introduced: '0' }, { fixed: '6.7.3' }]);
    // 6.7.3 is inside b's range; b is fixed in 6.10.3 (and 6.7.3 is not a fix of b).
    const b = rec('GHSA-bbbb-bbbb-bbbb', 'npm', 'qs', [{ introduced: '6.5.0' }, { fixed: '6.10.3' }]);
    assert.deepEqual(plan(pkg, [a, b]), { version: '6.10.3', unfixed: [], major: false });
    assert.equal(plan(pkg, [a]).version, '6.7.3');
  });

  it('orders candidates per ecosystem (PEP 440 here) and flags a major upgrade', () => {
    const pkg: PackageRef = { ecosystem: 'PyPI', name: 'django', version: '2.2.20', line: 1 };
    const a = rec('PYSEC-1', 'PyPI', 'django', [{ introduced: '0' }, { fixed: '2.2.24' }]);
    const b = rec('PYSEC-2', 'PyPI', 'django', [{ introduced: '0' }, { fixed: '3.0.0rc1' }]);
    const p = plan(pkg, [a, b]);
    assert.equal(p.version, '3.0.0rc1');
    assert.equal(p.major, true);
  });

  it('says when an advisory has no fix at all', () => {
    const pkg: PackageRef = { ecosystem: 'npm', name: 'x', version: '1.0.0', line: 1 };
    const p = plan(pkg, [rec('GHSA-aaaa-aaaa-aaaa', 'npm', 'x', [{ introduced: '0' }]), rec('GHSA-bbbb-bbbb-bbbb', 'npm', 'x', [{ introduced: '0' }, { fixed: '1.0.1' }])]);
    assert.deepEqual(p, { unfixed: ['GHSA-aaaa-aaaa-aaaa'] });
  });

  it('knows what a major upgrade is per ecosystem', () => {
    assert.equal(isMajorUpgrade('npm', '1.2.3', '2.0.0'), true);
    assert.equal(isMajorUpgrade('npm', '1.2.3', '1.9.0'), false);
    assert.equal(isMajorUpgrade('npm', '0.3.1', '0.4.0'), true, 'SemVer: a 0.x minor breaks');
    assert.equal(isMajorUpgrade('PyPI', '0.3.1', '0.4.0'), false);
    assert.equal(isMajorUpgrade('Go', 'v0.1.0', 'v0.2.0'), true);
    assert.equal(isMajorUpgrade('Maven', 'abc', '1.0'), undefined);
  });
});

describe('scanDependencies: a transitive package, end to end', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  const LOCK = JSON.stringify(
    {
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', dependencies: { express: '^4.17.0' }, devDependencies: { mocha: '^10.0.0' } },
        'node_modules/express': { version: '4.17.1', dependencies: { 'body-parser': '1.19.0' } },
        'node_modules/body-parser': { version: '1.19.0', dependencies: { qs: '6.7.0' } },
        'node_modules/qs': { version: '6.7.0' },
        'node_modules/mocha': { version: '10.0.0', dev: true, dependencies: { minimist: '^1.2.0' } },
        'node_modules/minimist': { version: '1.2.5', dev: true },
      },
    },
    null,
    2,
  );
  const QS = rec('GHSA-hrpp-h998-j3pp', 'npm', 'qs', [{ introduced: '6.7.0' }, { fixed: '6.7.3' }]);
  const MINIMIST = rec('GHSA-xvch-5gv4-984h', 'npm', 'minimist', [{ introduced: '1.0.0' }, { fixed: '1.2.6' }], 'CRITICAL');

  it('reports how it got in, what to upgrade, and what the lockfile cannot tell', async () => {
    root = makeTree({ 'package-lock.json': LOCK });
    const { findings, packages } = await scanDependencies([{ path: 'package-lock.json', abs: join(root, 'package-lock.json') }], new Source([QS, MINIMIST]));
    const qs = findings.find((f) => f.preview === 'qs@6.7.0');
    assert.ok(qs);
    assert.equal(qs.properties?.introducedVia, 'express@4.17.1 > body-parser@1.19.0 > qs@6.7.0');
    assert.equal(qs.properties?.directDependency, 'express@4.17.1');
    assert.equal(qs.properties?.directDependencyDev, false);
    assert.equal(qs.properties?.fixVersion, '6.7.3');
    assert.equal(qs.properties?.fixWithinParentRange, false, 'body-parser pins 6.7.0');
    assert.match(qs.message, /Introduced via express@4\.17\.1 > body-parser@1\.19\.0 > qs@6\.7\.0\. body-parser@1\.19\.0 asks for "6\.7\.0": upgrade express \(now 4\.17\.1\) to a release that brings in qs 6\.7\.3 or later\./);
    const minimist = findings.find((f) => f.preview === 'minimist@1.2.5');
    assert.ok(minimist);
    assert.equal(minimist.properties?.dev, true);
    assert.equal(minimist.properties?.fixWithinParentRange, true);
    assert.match(minimist.message, /Introduced via mocha@10\.0\.0 > minimist@1\.2\.5 \(development dependency\)\. mocha@10\.0\.0 already accepts 1\.2\.6 \("\^1\.2\.0"\): updating minimist in the lockfile is enough\./);
    // The same facts reach SARIF (property and message), the PR comment and the hub's panel.
    const sarif = toSarif({ root, findings, skipped: [], diagnostics: [], stats: { filesScanned: 1, bytesScanned: 1, filesSkipped: 0, durationMs: 1, workers: 1 }, rules: [], toolVersion: 't' }, { baselineApplied: false });
    const result = sarif.runs[0].results.find((r) => r.properties.preview === 'qs@6.7.0');
    assert.equal(result?.properties.introducedVia, 'express@4.17.1 > body-parser@1.19.0 > qs@6.7.0');
    assert.match(result?.message.text ?? '', /Introduced via express@4\.17\.1 > body-parser@1\.19\.0 > qs@6\.7\.0/);
    // The comment's Markdown escaping (backslashes, zero-width breaks, entities) aside, the line reads as written.
    const plain = (md: string) => md.replace(/\\/g, '').replace(/\u200b/g, '').replace(/&gt;/g, '>');
    const body = plain(threadBody(qs, undefined, 'https://hub.example/x'));
    assert.match(body, /\nUpgrade to 6\.7\.3 · introduced via express@4\.17\.1 > body-parser@1\.19\.0 > qs@6\.7\.0\n/);
    assert.match(plain(threadBody(minimist, undefined, 'https://hub.example/x')), /· development only\n/);
    const facts = Object.fromEntries(dependencyFacts({ kind: 'dependency', properties: minimist.properties }).map((f) => [f.label, f.value]));
    assert.equal(facts['Introduced via'], 'mocha@10.0.0 > minimist@1.2.5');
    assert.equal(facts['Upgrade to'], '1.2.6');
    assert.equal(facts['Direct dependency'], 'mocha@10.0.0 (development dependency)');
    assert.match(facts['Development only'] ?? '', /^yes/);
    assert.deepEqual(
      packages.map((p) => `${p.name}@${p.version}${p.dev ? ' dev' : ''}${p.direct ? ' direct' : ''}`),
      ['express@4.17.1 direct', 'body-parser@1.19.0', 'qs@6.7.0', 'mocha@10.0.0 dev direct', 'minimist@1.2.5 dev'],
    );
  });

  it('leaves dev-only packages out when asked, including those only the graph marks (pnpm v9)', async () => {
    const pnpm = ["lockfileVersion: '9.0'", 'importers:', '  .:', '    devDependencies:', '      mocha:', '        specifier: ^10', '        version: 10.0.0', 'packages:', '  mocha@10.0.0: {}', '  minimist@1.2.5: {}', 'snapshots:', '  mocha@10.0.0:', '    dependencies:', '      minimist: 1.2.5', '  minimist@1.2.5: {}', ''].join('\n');
    root = makeTree({ 'pnpm-lock.yaml': pnpm });
    const source = new Source([MINIMIST]);
    const all = await scanDependencies([{ path: 'pnpm-lock.yaml', abs: join(root, 'pnpm-lock.yaml') }], source);
    assert.equal(all.findings[0].properties?.dev, true, 'marked when included');
    const prodOnly = await scanDependencies([{ path: 'pnpm-lock.yaml', abs: join(root, 'pnpm-lock.yaml') }], new Source([MINIMIST]), { includeDev: false });
    assert.deepEqual(prodOnly.findings, []);
    assert.deepEqual(prodOnly.packages, []);
  });

  it('says "path unknown" where the file records no edges, and checks Go\'s standard library', async () => {
    root = makeTree({ 'go.mod': 'module m\n\ngo 1.21.0\n\nrequire golang.org/x/net v0.1.0 // indirect\n' });
    const NET = rec('GO-2023-0001', 'Go', 'golang.org/x/net', [{ introduced: '0' }, { fixed: '0.7.0' }]);
    const STD = { ...rec('GO-2023-0002', 'Go', 'stdlib', [{ introduced: '0' }, { fixed: '1.21.1' }]), affected: [{ package: { ecosystem: 'Go', name: 'stdlib' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.21.1' }] }] }] };
    const source = new Source([NET, STD]);
    const { findings } = await scanDependencies([{ path: 'go.mod', abs: join(root, 'go.mod') }], source);
    assert.deepEqual(source.queries.map((q) => `${q.name}@${q.version}`), ['golang.org/x/net@0.1.0', 'stdlib@1.21.0']);
    const net = findings.find((f) => f.preview.startsWith('golang.org/x/net'));
    assert.equal(net?.properties?.introducedVia, 'path unknown');
    assert.match(net?.message ?? '', /Introduced via: path unknown/);
    const std = findings.find((f) => f.preview === 'stdlib@1.21.0');
    assert.equal(std?.region.startLine, 3, 'at the go directive');
    assert.equal(std?.properties?.fixVersion, '1.21.1');
  });

  it('reads pyproject.toml only where no Python lockfile sits beside it', async () => {
    root = makeTree({ 'a/pyproject.toml': '[project]\ndependencies = ["django==2.2.20"]\n', 'b/pyproject.toml': '[project]\ndependencies = ["django==2.2.20"]\n', 'b/poetry.lock': '' });
    const source = new Source([]);
    const { packages } = await scanDependencies(
      ['a/pyproject.toml', 'b/pyproject.toml', 'b/poetry.lock'].map((p) => ({ path: p, abs: join(root, ...p.split('/')) })),
      source,
    );
    assert.deepEqual(packages.map((p) => p.path), ['a/pyproject.toml']);
  });
});
