import assert from 'node:assert/strict';
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZipFile } from 'yazl';
import { scanDependencies } from '../../tasks/engine/deps/index';
import { createAdvisorySource } from '../../tasks/osv/index';
import { fixture } from '../tasks/engine/deps/support/fixtures';
import { requireShared } from '../support/paths';
import { makeTree, removeTree } from '../support/tmpTree';

/** Writes `<dir>/<Ecosystem>/all.zip` as OSV publishes it: one `<id>.json` per advisory. */
async function writeEcosystemZip(dir: string, ecosystem: string, entries: { name: string; content: string }[]): Promise<void> {
  mkdirSync(join(dir, ecosystem), { recursive: true });
  const zip = new ZipFile();
  for (const e of entries) zip.addBuffer(Buffer.from(e.content), e.name);
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(join(dir, ecosystem, 'all.zip'));
    out.on('close', resolve);
    out.on('error', reject);
    zip.outputStream.pipe(out);
  });
}

function recordsByEcosystem(recordsDir: string): Map<string, { name: string; content: string }[]> {
  const map = new Map<string, { name: string; content: string }[]>();
  for (const f of readdirSync(recordsDir).filter((n) => n.endsWith('.json'))) {
    const content = readFileSync(join(recordsDir, f), 'utf8');
    const r = JSON.parse(content) as { id: string; affected: { package: { ecosystem: string } }[] };
    const eco = r.affected[0].package.ecosystem;
    map.set(eco, [...(map.get(eco) ?? []), { name: `${r.id}.json`, content }]);
  }
  return map;
}

const files = (...rels: string[]) => rels.map((p) => ({ path: p, abs: fixture(p) }));

describe('offline OSV database', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) removeTree(dir);
    dir = undefined;
  });

  it('matches packages against per-ecosystem all.zip exports, without the network', async function () {
    const recordsDir = requireShared(this, 'fixtures', 'osv', 'records');
    dir = makeTree({});
    const byEco = recordsByEcosystem(recordsDir);
    await writeEcosystemZip(dir, 'npm', [...(byEco.get('npm') ?? []), { name: 'GHSA-bad0-bad0-bad0.json', content: '{ not json' }]);
    await writeEcosystemZip(dir, 'RubyGems', byEco.get('RubyGems') ?? []);
    await writeEcosystemZip(dir, 'Maven', byEco.get('Maven') ?? []);

    const source = createAdvisorySource({ offlineDir: dir, env: { HTTPS_PROXY: 'http://127.0.0.1:9' } });
    const { findings, diagnostics } = await scanDependencies(
      files('npm-v1/package-lock.json', 'yarn-classic/yarn.lock', 'gemfile/Gemfile.lock', 'gradle/gradle.lockfile', 'maven/pom.xml', 'pip/requirements-dev.txt'),
      source,
    );
    source.close();

    const got = findings.map((f) => `${f.path} ${f.preview} ${f.ruleId} ${(f.properties?.fixedVersions as string[]).join('|')}`).sort();
    assert.deepEqual(got, [
      'gemfile/Gemfile.lock paranoid2@1.1.6 osv.ghsa-4g4c-8gqh-m4vm ',
      'gemfile/Gemfile.lock passenger@4.0.2 osv.ghsa-9qj7-jvg4-qr2x 4.0.5',
      'maven/pom.xml com.typesafe.akka:akka-actor_2.12@2.5.10 osv.ghsa-mr95-9rr4-668f 2.5.16',
      'maven/pom.xml org.xwiki.commons:xwiki-commons-core@12.10.1 osv.ghsa-76mp-659p-rw65 12.10.2',
      'npm-v1/package-lock.json i18next@1.10.2 osv.ghsa-f89g-whpf-6q9m 1.10.3',
      'npm-v1/package-lock.json jquery@2.2.4 osv.ghsa-mhpp-875w-9cpv 3.0.0',
      'npm-v1/package-lock.json mixin-deep@1.3.1 osv.ghsa-fhjf-83wg-r2j9 1.3.2',
      'yarn-classic/yarn.lock jquery@2.2.4 osv.ghsa-mhpp-875w-9cpv 3.0.0',
      'yarn-classic/yarn.lock marky-markdown@11.3.1 osv.ghsa-pxmp-fwjc-4x7q ',
    ]);
    assert.ok(!findings.some((f) => f.preview.startsWith('activesupport@')), 'withdrawn advisories are ignored');

    const errors = diagnostics.filter((d) => d.level === 'error').map((d) => d.message);
    assert.equal(errors.length, 1, JSON.stringify(diagnostics));
    assert.match(errors[0], /could not be checked against the offline OSV database at .*: it has no PyPI data: add .*PyPI.all\.zip/);
    assert.ok(diagnostics.some((d) => d.level === 'warning' && /npm.all\.zip: skipped 1 record\(s\) that are not valid OSV JSON/.test(d.message)), JSON.stringify(diagnostics));
  });

  it('reads a folder of loose OSV records, normalising PyPI names', async function () {
    const recordsDir = requireShared(this, 'fixtures', 'osv', 'records');
    const source = createAdvisorySource({ offlineDir: recordsDir });
    const { findings, diagnostics } = await scanDependencies(files('pip/requirements-dev.txt', 'nuget-lock/packages.lock.json'), source);
    assert.deepEqual(findings.map((f) => `${f.preview} ${f.ruleId}`), ['Products.PluggableAuthService@2.6.0 osv.ghsa-p44j-xrqg-4xrr']);
    assert.ok(diagnostics.some((d) => d.level === 'error' && /its records name no NuGet package/.test(d.message)), 'an ecosystem without records is reported, not passed silently');
    const [again] = await source.queryBatch([{ ecosystem: 'PyPI', name: 'products_pluggableauthservice', version: '2.5' }]);
    assert.deepEqual(again.vulnIds, ['GHSA-p44j-xrqg-4xrr']);
  });

  it('says clearly when the folder does not exist', () => {
    assert.throws(() => createAdvisorySource({ offlineDir: join(fixture('npm-v1'), 'no-such-db') }), /does not exist\. Point --osv-offline at a folder holding <Ecosystem>\/all\.zip/);
  });

  it('reports a corrupt zip as an unanswered query, not a crash', async () => {
    dir = makeTree({ 'npm/all.zip': 'this is not a zip file' });
    const source = createAdvisorySource({ offlineDir: dir });
    const { diagnostics } = await scanDependencies(files('npm-v2/package-lock.json'), source);
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0].message, /Dependency scan incomplete: 2 of 2 package\(s\) could not be checked against the offline OSV database .*: Cannot open the OSV database .*all\.zip: .*Download it again/);
  });
});
