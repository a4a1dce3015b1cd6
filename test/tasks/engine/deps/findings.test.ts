import assert from 'node:assert/strict';
import type { AdvisoryFacts, AdvisoryGroup } from '../../../../tasks/engine/deps/advisoryGroups';
import { advisoryFacts, advisoryUrl, buildFinding, DEFAULT_CWES, packageLabel, RuleCollector, ruleIdFor } from '../../../../tasks/engine/deps/findings';
import type { OsvRecord } from '../../../../tasks/engine/deps/osvRecord';
import type { PackageRef } from '../../../../tasks/engine/deps/types';
import { fingerprint } from '../../../../tasks/engine/findings/fingerprint';

const pkg: PackageRef = { ecosystem: 'npm', name: 'lodash', version: '4.17.15', line: 3, direct: true };
const region = { startLine: 3, startColumn: 1, endLine: 3, endColumn: 20 };
const HIGH = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'; // 7.5
const CRIT = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'; // 9.8

function record(id: string, fixed: string, extra: Partial<OsvRecord> = {}): OsvRecord {
  return {
    id,
    affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }] }],
    ...extra,
  };
}

function group(records: OsvRecord[], allIds?: string[]): AdvisoryGroup {
  return { primaryId: records[0].id, records, allIds: allIds ?? records.map((r) => r.id) };
}

describe('deps/findings', () => {
  it('names rules after the advisory, as a valid lower-case id of at most 64 characters', () => {
    assert.equal(ruleIdFor('GHSA-29mw-wpgm-hmr9'), 'osv.ghsa-29mw-wpgm-hmr9');
    assert.equal(ruleIdFor('RUSTSEC-2020-0001'), 'osv.rustsec-2020-0001');
    assert.equal(ruleIdFor('  weird/id:1  '), 'osv.weird-id-1');
    assert.equal(ruleIdFor('///'), 'osv.unknown');
    const long = ruleIdFor('X'.repeat(100));
    assert.equal(long.length, 64);
    for (const id of ['GHSA-a', 'A B', '_x_', long]) assert.match(ruleIdFor(id), /^[a-z0-9][a-z0-9.-]{1,63}$/);
  });

  it('links GHSA ids to GitHub and other ids to osv.dev, encoded', () => {
    assert.equal(advisoryUrl('GHSA-abcd'), 'https://github.com/advisories/GHSA-abcd');
    assert.equal(advisoryUrl('PYSEC-2021-1'), 'https://osv.dev/vulnerability/PYSEC-2021-1');
    assert.equal(advisoryUrl('A B/C'), 'https://osv.dev/vulnerability/A%20B%2FC');
    assert.equal(packageLabel(pkg), 'lodash@4.17.15');
  });

  it('gathers the facts of a group: highest severity, fixes for this version, CWEs, aliases', () => {
    const a = record('GHSA-aaaa', '4.17.19', { aliases: ['CVE-2020-8203'], summary: 'Prototype   pollution\nin zipObjectDeep', severity: [{ type: 'CVSS_V3', score: HIGH }], database_specific: { cwe_ids: ['CWE-1321', 'CWE-20', 'bogus'] } });
    const b = record('PYSEC-x', '4.17.21', { aliases: ['CVE-2020-8203'], severity: [{ type: 'CVSS_V3', score: CRIT }], details: 'Long text' });
    const f = advisoryFacts(group([a, b], ['GHSA-aaaa', 'CVE-2020-8203', 'PYSEC-x']), pkg);
    assert.equal(f.ruleId, 'osv.ghsa-aaaa');
    assert.equal(f.primaryId, 'GHSA-aaaa');
    assert.deepEqual(f.aliases, ['CVE-2020-8203'], 'ids of fetched records are not aliases');
    assert.equal(f.summary, 'Prototype pollution in zipObjectDeep');
    assert.equal(f.url, 'https://github.com/advisories/GHSA-aaaa');
    assert.equal(f.severity.severity, 'critical');
    assert.equal(f.severity.score, 9.8);
    assert.deepEqual(f.fixedVersions, ['4.17.19', '4.17.21']);
    assert.deepEqual(f.cwes, ['CWE-20', 'CWE-1321'], 'sorted by number, invalid ids dropped');
    assert.equal(f.detailsKnown, true);
  });

  it('reads CWEs from cwes[].cweId and package-level database_specific, else uses the default pair', () => {
    const withCwes = record('GHSA-c', '5.0.0', { database_specific: { cwes: [{ cweId: 'CWE-79' }, { name: 'x' }] } });
    withCwes.affected![0].database_specific = { cwe_ids: ['CWE-22'] };
    assert.deepEqual(advisoryFacts(group([withCwes]), pkg).cwes, ['CWE-22', 'CWE-79']);
    assert.deepEqual(advisoryFacts(group([record('GHSA-d', '5.0.0')]), pkg).cwes, DEFAULT_CWES);
  });

  it('summarises from the first paragraph of details when there is no summary, cut to 200 characters', () => {
    const r = record('GHSA-e', '5.0.0', { details: `${'word '.repeat(60)}\n\nsecond paragraph` });
    const s = advisoryFacts(group([r]), pkg).summary;
    assert.ok(s.length <= 200);
    assert.ok(s.endsWith('…'));
    assert.ok(!s.includes('second'));
    assert.equal(advisoryFacts(group([record('GHSA-f', '5.0.0')]), pkg).summary, 'Advisory GHSA-f');
  });

  it('rests on the id alone when no record could be fetched', () => {
    const f = advisoryFacts({ primaryId: 'GHSA-gone', records: [], allIds: ['GHSA-gone'] }, pkg);
    assert.equal(f.summary, 'Advisory GHSA-gone (details could not be fetched)');
    assert.equal(f.detailsKnown, false);
    assert.deepEqual(f.severity, { severity: 'medium', source: 'unknown' });
    assert.deepEqual(f.fixedVersions, []);
  });

  it('offers the fixes above the installed version when the version is in no range', () => {
    const r = record('GHSA-g', '4.17.0');
    r.affected![0].ranges![0].events = [{ introduced: '5.0.0' }, { fixed: '5.1.0' }];
    r.affected!.push({ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '3.0.0' }, { fixed: '4.0.0' }] }] });
    assert.deepEqual(advisoryFacts(group([r]), pkg).fixedVersions, ['5.1.0']);
  });

  function facts(id: string, severity: AdvisoryFacts['severity'], fixedVersions: string[], extra: Partial<AdvisoryFacts> = {}): AdvisoryFacts {
    return { ruleId: ruleIdFor(id), primaryId: id, allIds: [id], aliases: [], summary: `${id} summary.`, url: advisoryUrl(id), severity, fixedVersions, cwes: DEFAULT_CWES, detailsKnown: true, ...extra };
  }

  it('builds one finding for a direct package with one advisory', () => {
    const f = facts('GHSA-one', { severity: 'high', score: 7.5, cvssVector: HIGH, source: 'cvss' }, ['4.17.21'], { allIds: ['GHSA-one', 'CVE-2021-23337'], aliases: ['CVE-2021-23337'] });
    const finding = buildFinding('package-lock.json', pkg, region, [f], { version: '4.17.21', unfixed: [], major: false });
    assert.equal(finding.ruleId, 'osv.ghsa-one');
    assert.equal(finding.kind, 'dependency');
    assert.equal(finding.severity, 'high');
    assert.equal(finding.preview, 'lodash@4.17.15');
    assert.equal(finding.message, 'lodash@4.17.15 (npm) is affected by GHSA-one (CVE-2021-23337): GHSA-one summary. Fixed in 4.17.21.');
    assert.equal(finding.fingerprint, fingerprint('osv.ghsa-one', 'package-lock.json', 'npm:lodash@4.17.15'));
    assert.deepEqual(finding.properties, {
      package: 'lodash', ecosystem: 'npm', installedVersion: '4.17.15', fixedVersions: ['4.17.21'],
      advisoryIds: ['GHSA-one', 'CVE-2021-23337'], aliases: ['CVE-2021-23337'], summary: 'GHSA-one summary.',
      url: 'https://github.com/advisories/GHSA-one', severitySource: 'cvss', cvssVector: HIGH, score: 7.5,
      fixVersion: '4.17.21', majorUpgrade: false, direct: true,
    });
  });

  it('names a package with several advisories after the most severe, listing all and the one fix for them', () => {
    const low = facts('GHSA-low', { severity: 'low', source: 'database' }, ['4.17.16']);
    const crit = facts('GHSA-crit', { severity: 'critical', source: 'database' }, ['4.17.21'], { detailsKnown: false });
    const finding = buildFinding('p.json', pkg, region, [low, crit], { version: '5.0.0', unfixed: [], major: true });
    assert.equal(finding.ruleId, 'osv.ghsa-crit');
    assert.equal(finding.severity, 'critical');
    assert.match(finding.message, /is affected by 2 advisories: GHSA-low \(low\): GHSA-low summary; GHSA-crit \(critical\): GHSA-crit summary\./);
    assert.match(finding.message, /Fixed in 5\.0\.0, which fixes all 2 \(a major upgrade from 4\.17\.15\)\./);
    assert.equal(finding.properties?.detailsUnavailable, true);
    assert.deepEqual((finding.properties?.advisories as { id: string }[]).map((a) => a.id), ['GHSA-low', 'GHSA-crit']);
    assert.deepEqual(finding.properties?.fixedVersions, ['4.17.16', '4.17.21']);
  });

  it('says when no fix is published, or when no single version fixes them all', () => {
    const a = facts('GHSA-a', { severity: 'high', source: 'database' }, []);
    assert.match(buildFinding('p', pkg, region, [a], { unfixed: ['GHSA-a'] }).message, /No fixed version is published\.$/);
    const b = facts('GHSA-b', { severity: 'low', source: 'database' }, ['4.17.20']);
    assert.match(buildFinding('p', pkg, region, [a, b], { unfixed: ['GHSA-a'] }).message, /No fixed version is published for GHSA-a \(the others are fixed in 4\.17\.20\)\./);
    const c = facts('GHSA-c', { severity: 'low', source: 'database' }, ['4.18.0']);
    assert.match(buildFinding('p', pkg, region, [b, c], { unfixed: [] }).message, /No single published version fixes all of them \(fixed in 4\.17\.20, 4\.18\.0\)\./);
  });

  it('explains how a transitive package comes in and whether its parent admits the fix', () => {
    const t: PackageRef = { ...pkg, direct: false };
    const f = facts('GHSA-t', { severity: 'high', source: 'database' }, ['4.17.21']);
    const prov = { direct: false, path: ['express@4.0.0', 'body@1.0.0', 'lodash@4.17.15'], directDependency: { name: 'express', version: '4.0.0', dev: true }, parentRange: '^4.17.0' };
    const within = buildFinding('p', t, region, [f], { version: '4.17.21', unfixed: [], withinParentRange: true }, prov);
    assert.match(within.message, /Introduced via express@4\.0\.0 > body@1\.0\.0 > lodash@4\.17\.15 \(development dependency\)\. body@1\.0\.0 already accepts 4\.17\.21 \("\^4\.17\.0"\): updating lodash in the lockfile is enough\./);
    assert.equal(within.properties?.introducedVia, 'express@4.0.0 > body@1.0.0 > lodash@4.17.15');
    assert.equal(within.properties?.directDependency, 'express@4.0.0');
    assert.equal(within.properties?.directDependencyDev, true);
    assert.equal(within.properties?.fixWithinParentRange, true);
    assert.equal(within.properties?.direct, false);
    const outside = buildFinding('p', t, region, [f], { version: '4.17.21', unfixed: [], withinParentRange: false }, prov);
    assert.match(outside.message, /body@1\.0\.0 asks for "\^4\.17\.0": upgrade express \(now 4\.0\.0\) to a release that brings in lodash 4\.17\.21 or later\./);
    const unknown = buildFinding('p', t, region, [f], { version: '4.17.21', unfixed: [] }, prov);
    assert.match(unknown.message, /The lockfile does not tell which release of express brings in a fixed lodash/);
  });

  it('says when the path is unknown', () => {
    const t: PackageRef = { ...pkg, direct: false };
    const f = facts('GHSA-u', { severity: 'high', source: 'database' }, ['4.17.21']);
    const noEdges = buildFinding('p', t, region, [f], { version: '4.17.21', unfixed: [] });
    assert.match(noEdges.message, /Introduced via: path unknown \(this file records no dependency edges\)\./);
    assert.equal(noEdges.properties?.introducedVia, 'path unknown');
    const noPath = buildFinding('p', t, region, [f], { version: '4.17.21', unfixed: [] }, { direct: false });
    assert.match(noPath.message, /no direct dependency in the lockfile leads to it/);
  });

  it('marks a direct development dependency', () => {
    const dev: PackageRef = { ...pkg, dev: true };
    const f = facts('GHSA-v', { severity: 'high', source: 'database' }, ['4.17.21']);
    const finding = buildFinding('p', dev, region, [f], { version: '4.17.21', unfixed: [] });
    assert.match(finding.message, /A direct development dependency\.$/);
    assert.equal(finding.properties?.dev, true);
  });

  it('collects one rule per advisory with its packages, at the highest severity seen', () => {
    const c = new RuleCollector();
    const f = facts('GHSA-r', { severity: 'low', source: 'database' }, ['2.0.0'], { details: 'First para.\n\nSecond.', allIds: ['GHSA-r', 'CVE-1'] });
    c.add(f, { ecosystem: 'npm', name: 'b', version: '1.0.0', line: 1 });
    c.add({ ...f, severity: { severity: 'high', source: 'database' }, fixedVersions: [] }, { ecosystem: 'npm', name: 'a', version: '1.0.0', line: 2 });
    c.add(facts('GHSA-0', { severity: 'medium', source: 'unknown' }, []), pkg);
    const rules = c.summaries();
    assert.deepEqual(rules.map((r) => r.id), ['osv.ghsa-0', 'osv.ghsa-r']);
    const r = rules[1];
    assert.equal(r.severity, 'high');
    assert.equal(r.title, 'GHSA-r: GHSA-r summary.');
    assert.equal(r.description, 'First para.');
    assert.deepEqual(r.cwe, DEFAULT_CWES);
    assert.deepEqual(r.tags, ['vulnerability']);
    assert.match(r.helpText!, /Identifiers: GHSA-r, CVE-1\n- a@1\.0\.0 \(npm\): no fixed version published\n- b@1\.0\.0 \(npm\): fixed in 2\.0\.0\n/);
    assert.match(r.helpMarkdown!, /\*\*\[GHSA-r\]\(https:\/\/github\.com\/advisories\/GHSA-r\)\*\*/);
    assert.match(r.helpMarkdown!, /- `a@1\.0\.0` \(npm\): no fixed version published/);
  });
});
