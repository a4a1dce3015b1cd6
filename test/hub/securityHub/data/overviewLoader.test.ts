/** What the overview loads (hub/securityHub/data/overviewLoader.ts), progressively and within a bounded number of REST calls. */
import assert from 'node:assert/strict';
import type { TriageEntry } from '../../../../tasks/contract/projectSettings';
import { serializeTriageProperty, settingsRepoKey } from '../../../../tasks/contract/projectSettings';
import { HubData } from '../../../../hub/securityHub/data/hubData';
import { loadOverview, triageChangedSince } from '../../../../hub/securityHub/data/overviewLoader';
import { FakeProject, finding, totalCalls } from '../../fakeProject';

function triage(fp: string, at = '2025-01-03T00:00:00Z'): TriageEntry {
  return { fingerprint: fp, reason: 'falsePositive', by: { id: 'u1', displayName: 'Avery' }, at };
}

const describeError = (e: unknown) => (e instanceof Error ? e.message : String(e));

describe('hub overview loader: REST calls for 500 repositories', () => {
  it('cold: 1 property read, 3 build pages and 2 calls per record; warm: no record read at all', async () => {
    const project = bigProject(500);
    const data = new HubData(project.services(), project.repos);
    const cold = await loadOverview(data, describeError);
    assert.equal(cold.pending, 0);
    assert.equal(cold.rows.filter((r) => r.coverage === 'findings').length, 250);
    assert.equal(cold.rows.filter((r) => r.coverage === 'clean').length, 250);
    assert.ok(cold.rows.every((r) => r.scan?.branch === 'main'), 'every row shows its default branch');
    assert.deepEqual(project.calls, { repositories: 0, permissions: 0, buildLists: 3, artifactLists: 500, containerReads: 500, propertyReads: 1, propertyWrites: 0 });
    assert.equal(totalCalls(project.calls), 1004);

    // The next visit: the same browser (cache), a new page (no memory).
    project.resetCalls();
    const warm = await loadOverview(new HubData(project.services(), project.repos), describeError);
    assert.deepEqual(warm.rows.map((r) => r.openTotal), cold.rows.map((r) => r.openTotal));
    assert.deepEqual(project.calls, { repositories: 0, permissions: 0, buildLists: 3, artifactLists: 0, containerReads: 0, propertyReads: 1, propertyWrites: 0 });

    // A newer scan of one repository is a new build id: only that record is read.
    project.resetCalls();
    project.addScan({ buildId: 40_001, repoId: 'repo-001', branch: 'main', finishedAt: '2025-01-11T00:00:00.000Z' });
    const after = await loadOverview(new HubData(project.services(), project.repos), describeError);
    assert.equal(after.rows.find((r) => r.repo.id === 'repo-001')?.coverage, 'clean');
    assert.equal(project.calls.artifactLists, 1);
  });

  it('renders progressively: the first update comes before every record is read', async () => {
    const project = bigProject(60);
    project.latencyMs = 2;
    const data = new HubData(project.services(), project.repos);
    const seen: number[] = [];
    await loadOverview(data, describeError, (s) => seen.push(s.pending), () => false, 0);
    assert.ok(seen.length > 1, `several updates (${seen.length})`);
    assert.ok(seen[0] > 0, 'the first update still has rows loading');
  });

  it('recounts a repository only when its branch triage changed since the scan', async () => {
    const project = bigProject(4);
    await loadOverview(new HubData(project.services(), project.repos), describeError);
    project.resetCalls();
    const fp = finding(1).fingerprint;
    for (const p of serializeTriageProperty('repo-001', [triage(fp, '2025-02-01T00:00:00Z')])) project.properties.set(p.name, p.value as string);
    const overview = await loadOverview(new HubData(project.services(), project.repos), describeError);
    const row = overview.rows.find((r) => r.repo.id === 'repo-001');
    assert.equal(row?.counts.high, 0, 'the dismissed finding no longer counts');
    assert.equal(row?.counts.low, 1);
    assert.equal(project.calls.artifactLists, 1, 'only the triaged repository is read again');
    assert.equal(triageChangedSince({ finishedAt: '2025-03-01T00:00:00Z', honouredTriage: [fp] }, []), true, 'a dismissal the scan honoured was removed');
    assert.equal(triageChangedSince({ finishedAt: '2025-03-01T00:00:00Z', honouredTriage: [fp] }, [triage(fp, '2025-02-01T00:00:00Z')]), false);
  });

  it('shows a repository switched off in the project properties as disabled', async () => {
    const project = bigProject(2);
    project.properties.set(settingsRepoKey('repo-000'), JSON.stringify({ schemaVersion: 1, settings: { enabled: false }, changedBy: { id: 'a', displayName: 'Avery' }, changedAt: '2025-01-05T00:00:00Z' }));
    const overview = await loadOverview(new HubData(project.services(), project.repos), describeError);
    assert.equal(overview.rows[0].coverage, 'disabled');
    assert.equal(overview.rows[0].hasOverrides, true);
  });
});

/** `n` repositories, each with a scan of main (newest), of a feature branch and of a pull request. */
function bigProject(n: number): FakeProject {
  const repos = Array.from({ length: n }, (_, i) => ({ id: `repo-${String(i).padStart(3, '0')}`, name: `service-${String(i).padStart(3, '0')}`, defaultBranch: 'refs/heads/main' }));
  const project = new FakeProject(repos);
  const at = (minutes: number) => new Date(Date.UTC(2025, 0, 10) - minutes * 60_000).toISOString();
  repos.forEach((r, i) => {
    project.addScan({ buildId: 10_000 + i, repoId: r.id, branch: 'main', finishedAt: at(i), findings: i % 2 ? [finding(1), finding(2, { severity: 'low' })] : [] });
    project.addScan({ buildId: 20_000 + i, repoId: r.id, branch: 'feature/x', finishedAt: at(1000 + i), findings: [finding(3)] });
    project.addScan({ buildId: 30_000 + i, repoId: r.id, pullRequestId: 1 + i, finishedAt: at(2000 + i), findings: [finding(4)] });
  });
  return project;
}

describe('hub overview loader: triage changes, failures and cancelling', () => {
  it('tells a triage entry newer than the scan, and one the scan honoured that is gone, from no change', () => {
    const scan = { finishedAt: '2025-03-01T00:00:00Z', honouredTriage: ['a'] };
    assert.equal(triageChangedSince(scan, [triage('a', '2025-02-01T00:00:00Z')]), false);
    assert.equal(triageChangedSince(scan, [triage('a', '2025-02-01T00:00:00Z'), triage('b', '2025-03-02T00:00:00Z')]), true, 'a newer entry');
    assert.equal(triageChangedSince(scan, [triage('b', '2025-01-01T00:00:00Z')]), true, 'a is gone');
    assert.equal(triageChangedSince({ finishedAt: '2025-03-01T00:00:00Z', honouredTriage: [] }, []), false);
  });

  it('says which scan build has no record, and shows the settings error while still listing the rows', async () => {
    const project = bigProject(2);
    project.addBuild({ id: 99_999, buildNumber: '2025.x', repoId: 'repo-000', sourceBranch: 'refs/heads/main', finishTime: '2025-02-01T00:00:00Z' });
    const services = { ...project.services(), readProperties: async () => { throw new Error('no properties for you'); } };
    const overview = await loadOverview(new HubData(services, project.repos), describeError);
    assert.equal(overview.settingsError, 'no properties for you');
    assert.equal(overview.rows[0].coverage, 'unreadable');
    assert.match(overview.rows[0].note ?? '', /Build 2025\.x is tagged as a Palisade scan but has no scan record \(main\)/);
    assert.equal(overview.rows[1].coverage, 'findings');
    assert.equal(overview.pending, 0);
  });

  it('sends no update once cancelled', async () => {
    const project = bigProject(10);
    let updates = 0;
    await loadOverview(new HubData(project.services(), project.repos), describeError, () => updates++, () => true, 0);
    assert.equal(updates, 0);
  });
});
