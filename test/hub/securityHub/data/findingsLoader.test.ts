/** What the Findings tab loads (hub/securityHub/data/findingsLoader.ts): the build of the chosen ref, joined with the triage that counts. */
import assert from 'node:assert/strict';
import type { TriageEntry } from '../../../../tasks/contract/projectSettings';
import { serializeTriageProperty } from '../../../../tasks/contract/projectSettings';
import { loadFindings } from '../../../../hub/securityHub/data/findingsLoader';
import { HubData } from '../../../../hub/securityHub/data/hubData';
import { FakeProject, finding } from '../../fakeProject';

const repo = { id: 'r1', name: 'web-shop', defaultBranch: 'refs/heads/main' };

function triage(fp: string, at = '2025-01-03T00:00:00Z'): TriageEntry {
  return { fingerprint: fp, reason: 'falsePositive', by: { id: 'u1', displayName: 'Avery' }, at };
}

const describeError = (e: unknown) => (e instanceof Error ? e.message : String(e));

describe('hub findings loader: records and triage', () => {
  it('loads a pull request\'s build with the dismissals it honoured, and a branch with project triage', async () => {
    const project = new FakeProject([repo]);
    const a = finding(1);
    const b = finding(2);
    project.addScan({ buildId: 5, repoId: 'r1', branch: 'main', findings: [a, b] });
    project.addScan({ buildId: 6, repoId: 'r1', pullRequestId: 12, findings: [a, { ...b, suppression: { kind: 'triage' } }], honoured: [{ fingerprint: b.fingerprint, reason: 'usedInTests', by: { id: 'u9', displayName: 'Rey' }, at: '2025-01-03T00:00:00Z', channel: 'pullRequestReply' }] });
    for (const p of serializeTriageProperty('r1', [triage(a.fingerprint)])) project.properties.set(p.name, p.value as string);
    const data = new HubData(project.services(), project.repos);
    const main = await loadFindings(data, [repo], {}, describeError);
    assert.deepEqual(main.rows.map((r) => r.state), ['dismissed', 'open']);
    assert.equal(main.rows[0].dismissal?.by === 'triage' && main.rows[0].dismissal.channel, 'projectTriage');
    assert.deepEqual(main.branches, ['main']);
    assert.deepEqual(main.prs, [12]);
    const pr = await loadFindings(data, [repo], { pr: 12 }, describeError);
    assert.equal(pr.repos[0].source?.pullRequestId, 12);
    const rowB = pr.rows.find((r) => r.finding.fingerprint === b.fingerprint);
    assert.equal(rowB?.state, 'dismissed');
    assert.equal(rowB?.dismissal?.by === 'triage' && rowB.dismissal.who, 'Rey');
    const none = await loadFindings(data, [repo], { branch: 'nope' }, describeError);
    assert.equal(none.repos[0].note?.kind, 'noRef');
  });

  it('says when first-seen dates are unknown because the scan could not read earlier builds', async () => {
    const project = new FakeProject([repo]);
    project.addScan({ buildId: 5, repoId: 'r1', branch: 'main', findings: [finding(1)], history: 'unavailable' });
    const result = await loadFindings(new HubData(project.services(), project.repos), [repo], {}, describeError);
    assert.equal(result.repos[0].note?.kind, 'history');
    assert.equal(result.rows[0].finding.firstSeenAt, undefined);
  });

  it('explains a record from a newer Palisade instead of misreading it', async () => {
    const project = new FakeProject([repo]);
    const b = project.addScan({ buildId: 5, repoId: 'r1', branch: 'main' });
    b.records[0].text = b.records[0].text.replace('"schemaVersion":1', '"schemaVersion":99');
    const result = await loadFindings(new HubData(project.services(), project.repos), [repo], {}, describeError);
    assert.equal(result.repos[0].note?.kind, 'error');
    assert.match(result.repos[0].note?.text ?? '', /newer Palisade/);
  });
});

describe('hub findings loader: refs, repositories and failures', () => {
  it('lists one repository\'s scanned branches and pull requests for the filters, newest pull request first', async () => {
    const project = new FakeProject([repo]);
    project.addScan({ buildId: 1, repoId: 'r1', branch: 'main', finishedAt: '2025-01-01T00:00:00Z' });
    project.addScan({ buildId: 2, repoId: 'r1', branch: 'dev', finishedAt: '2025-01-02T00:00:00Z' });
    project.addScan({ buildId: 3, repoId: 'r1', pullRequestId: 4, finishedAt: '2025-01-03T00:00:00Z' });
    project.addScan({ buildId: 4, repoId: 'r1', pullRequestId: 11, finishedAt: '2025-01-04T00:00:00Z' });
    const result = await loadFindings(new HubData(project.services(), project.repos), [repo], { branch: 'dev' }, describeError);
    assert.deepEqual(result.branches, ['dev', 'main']);
    assert.deepEqual(result.prs, [11, 4]);
    assert.equal(result.repos[0].source?.buildId, 2);
    assert.equal(result.repos[0].source?.ref, 'dev');
  });

  it('for all repositories reuses the scan index, says which were never scanned, and joins the rows', async () => {
    const other = { id: 'r2', name: 'api', defaultBranch: 'refs/heads/main' };
    const never = { id: 'r3', name: 'never' };
    const project = new FakeProject([repo, other, never]);
    project.addScan({ buildId: 1, repoId: 'r1', branch: 'main', findings: [finding(1)] });
    project.addScan({ buildId: 2, repoId: 'r2', branch: 'main', findings: [finding(2), finding(3)] });
    const result = await loadFindings(new HubData(project.services(), project.repos), project.repos, {}, describeError);
    assert.equal(result.rows.length, 3);
    assert.deepEqual(result.repos.map((r) => r.note?.kind), [undefined, undefined, 'noScan']);
    assert.match(result.repos[2].note?.text ?? '', /never has not been scanned yet/);
    assert.equal(project.calls.buildLists, 1, 'one index page, no per-repository listing');
  });

  it('shows findings as their scan left them when triage cannot be read, saying why', async () => {
    const project = new FakeProject([repo]);
    const a = finding(1);
    project.addScan({ buildId: 1, repoId: 'r1', branch: 'main', findings: [a] });
    for (const p of serializeTriageProperty('r1', [triage(a.fingerprint)])) project.properties.set(p.name, p.value as string);
    const services = { ...project.services(), readProperties: async () => { throw new Error('properties are down'); } };
    const result = await loadFindings(new HubData(services, project.repos), [repo], {}, describeError);
    assert.equal(result.rows[0].state, 'open');
    assert.match(result.triageError ?? '', /properties are down/);
    assert.equal(result.project, null);
  });

  it('turns a failed build listing into a note on that repository only', async () => {
    const other = { id: 'r2', name: 'api', defaultBranch: 'refs/heads/main' };
    const project = new FakeProject([repo, other]);
    project.addScan({ buildId: 1, repoId: 'r1', branch: 'main', findings: [finding(1)] });
    project.addScan({ buildId: 2, repoId: 'r2', branch: 'main', findings: [finding(2)] });
    const base = project.services();
    const services = { ...base, readScanRecords: async (id: number, all: boolean) => (id === 2 ? Promise.reject(new Error('artifact gone')) : base.readScanRecords(id, all)) };
    const result = await loadFindings(new HubData(services, project.repos), project.repos, {}, describeError);
    assert.equal(result.rows.length, 1);
    assert.deepEqual(result.repos[1].note, { kind: 'error', text: 'api: artifact gone' });
  });
});
