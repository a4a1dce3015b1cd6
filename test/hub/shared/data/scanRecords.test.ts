/** Scan records read from builds (hub/shared/data/scanRecords.ts): summaries, the newest attempt, memory and browser cache, and errors naming the build. */
import assert from 'node:assert/strict';
import { parseScanRecord } from '../../../../tasks/contract/scanRecord';
import { Limiter } from '../../../../hub/shared/data/concurrency';
import { MemoryStorage, RecordCache } from '../../../../hub/shared/data/recordCache';
import { buildIdOfScan, RecordReader, summarize, type ScanSummary } from '../../../../hub/shared/data/scanRecords';
import { FakeProject, finding, recordText } from '../../fakeProject';

const repo = { id: 'r1', name: 'web', defaultBranch: 'refs/heads/main' };

function reader(project: FakeProject, storage = new MemoryStorage()): RecordReader {
  return new RecordReader(project.services(), new Limiter(4), new RecordCache<ScanSummary>(storage, 'k'));
}

describe('hub scan records', () => {
  it('summarizes a record without its findings, keeping the project triage it honoured and what it dismissed', () => {
    const text = recordText({
      buildId: 7, repoId: 'r1', pullRequestId: 3, findings: [finding(1), { ...finding(2), suppression: { kind: 'inSource' } }],
      honoured: [
        { fingerprint: 'p1', reason: 'falsePositive', by: { id: 'u', displayName: 'U' }, at: '2025-01-01T00:00:00Z', channel: 'projectTriage' },
        { fingerprint: 'p2', reason: 'falsePositive', by: { id: 'u', displayName: 'U' }, at: '2025-01-01T00:00:00Z', channel: 'pullRequestReply' },
      ],
    });
    const s = summarize(parseScanRecord(text, 'x'), { buildId: 99, artifactName: 'CodeAnalysisLogs', artifactId: 1, text });
    assert.equal(s.buildId, 7, 'the record\'s own build id wins');
    assert.equal(s.branch, 'pr/3');
    assert.equal(s.targetBranch, 'refs/heads/main');
    assert.deepEqual(s.honouredTriage, ['p1']);
    assert.equal(s.dismissedFindings, 1);
    assert.deepEqual(s.counts, { critical: 0, high: 1, medium: 0, low: 0, note: 0 });
    assert.ok(!('findings' in s) && !('log' in s));
  });

  it('reads the build id a scan id starts with', () => {
    assert.equal(buildIdOfScan('1234-2-job'), 1234);
    assert.equal(buildIdOfScan('job-1234'), undefined);
    assert.equal(buildIdOfScan(undefined), undefined);
  });

  it('picks the newest attempt of a build and keeps every record when asked', async () => {
    const project = new FakeProject([repo]);
    const b = project.addScan({ buildId: 5, repoId: 'r1', findings: [finding(1)] });
    b.records.push({ artifactName: 'CodeAnalysisLogs_2', text: recordText({ buildId: 5, repoId: 'r1', jobAttempt: 2, findings: [] }) });
    const r = reader(project);
    const all = await r.records(5);
    assert.equal(all.length, 2);
    const chosen = await r.record(5);
    assert.equal(chosen?.file.scan.jobAttempt, 2);
    assert.equal(chosen?.artifact.artifactName, 'CodeAnalysisLogs_2');
  });

  it('reads a build once per page, then from the browser cache on the next page', async () => {
    const project = new FakeProject([repo]);
    project.addScan({ buildId: 5, repoId: 'r1', findings: [finding(1)] });
    const storage = new MemoryStorage();
    const first = reader(project, storage);
    const [a, b] = await Promise.all([first.summary(5), first.summary(5)]);
    assert.deepEqual(a, b);
    await first.record(5);
    assert.equal(project.calls.artifactLists, 1, 'concurrent and later asks share one read');
    first.cache.flush();
    project.resetCalls();
    const next = reader(project, storage);
    assert.equal((await next.summary(5))?.buildId, 5);
    assert.equal(project.calls.artifactLists, 0);
  });

  it('names the build of a record it cannot read, and tries again after a failed read', async () => {
    const project = new FakeProject([repo]);
    const b = project.addScan({ buildId: 5, repoId: 'r1' });
    b.records[0].text = b.records[0].text.replace('"schemaVersion":1', '"schemaVersion":99');
    const r = reader(project);
    await assert.rejects(r.record(5), /build 5 \(CodeAnalysisLogs\)/);
    await assert.rejects(r.record(404), /not found/);
    project.addScan({ buildId: 404, repoId: 'r1' });
    assert.equal((await r.record(404))?.summary.buildId, 404, 'a failed read is not remembered');
  });

  it('has no summary for a build without records', async () => {
    const project = new FakeProject([repo]);
    project.addBuild({ id: 8, repoId: 'r1' });
    const r = reader(project);
    assert.equal(await r.summary(8), undefined);
    assert.equal(r.cache.get(8), undefined);
  });
});
