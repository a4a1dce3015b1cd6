/** What the build tab shows for one build (hub/buildTab/buildScan.ts): the newest attempt of each job's record, else the build's SARIF, else why not. */
import assert from 'node:assert/strict';
import { parseScanRecord } from '../../../tasks/contract/scanRecord';
import type { RecordedFinding } from '../../../tasks/contract/scanRecord';
import { countOpen, latestPerJob, loadBuildScan, type BuildTabServices } from '../../../hub/buildTab/buildScan';
import type { ArtifactText } from '../../../hub/shared/services/hubServices';
import { finding, recordText } from '../fakeProject';

const build = { id: 9, buildNumber: '2025.9', finishTime: '2025-01-02T00:00:00Z' };

function services(records: ArtifactText[] | Error, sarif: ArtifactText | null = null): BuildTabServices & { sarifReads: number } {
  const s = {
    projectId: 'p1', projectName: 'P', collectionUri: 'https://dev.azure.com/org/', sarifReads: 0,
    getBuild: async (id: number) => ({ ...build, id }),
    readRecords: async () => (records instanceof Error ? Promise.reject(records) : records),
    readBuildSarif: async () => {
      s.sarifReads++;
      return sarif;
    },
  };
  return s;
}

const artifact = (name: string, text: string): ArtifactText => ({ buildId: 9, artifactName: name, artifactId: 1, text });

/** A record of job `job`, attempt `attempt`, started at minute `minute`. */
function jobRecord(job: string, attempt: number, minute: number, findings = [finding(1)]): string {
  const text = recordText({ buildId: 9, repoId: 'r1', jobAttempt: attempt, findings });
  const doc = JSON.parse(text);
  doc.scan.scanId = `9-${attempt}-${job}`;
  doc.scan.jobName = job;
  doc.scan.startedAt = `2025-01-02T00:${String(minute).padStart(2, '0')}:00.000Z`;
  return JSON.stringify(doc);
}

describe('hub build tab: the build\'s scan', () => {
  it('shows the newest attempt of each job, jobs in the order they started', async () => {
    const view = await loadBuildScan(services([
      artifact('CodeAnalysisLogs_lint_1', jobRecord('lint', 1, 5)),
      artifact('CodeAnalysisLogs_build_1', jobRecord('build', 1, 1)),
      artifact('CodeAnalysisLogs_lint_2', jobRecord('lint', 2, 9, [])),
    ]), 9);
    assert.equal(view.kind, 'record');
    if (view.kind !== 'record') return;
    assert.deepEqual(view.scans.map((s) => [s.record.scan.jobName, s.record.scan.jobAttempt, s.artifactName]), [['build', 1, 'CodeAnalysisLogs_build_1'], ['lint', 2, 'CodeAnalysisLogs_lint_2']]);
    assert.equal(view.build.id, 9);
  });

  it('tells jobs apart by the scan id when a record names no job', () => {
    const file = (scanId: string, attempt: number) => {
      const f = parseScanRecord(recordText({ buildId: 9, repoId: 'r1', jobAttempt: attempt }), 'x');
      f.scan.scanId = scanId;
      delete (f.scan as { jobName?: string }).jobName;
      return { record: f, artifactName: scanId };
    };
    assert.deepEqual(latestPerJob([file('9-1-a-b', 1), file('9-2-a-b', 2), file('9-1-c', 1)]).map((s) => s.artifactName).sort(), ['9-1-c', '9-2-a-b']);
  });

  it('falls back to the SARIF artifact when the build has no record, counting open findings only', async () => {
    const sarif = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Other' } }, results: [
      { ruleId: 'a', level: 'error', message: { text: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.js' }, region: { startLine: 1 } } }] },
      { ruleId: 'b', level: 'warning', message: { text: 'y' }, suppressions: [{ kind: 'inSource' }], locations: [{ physicalLocation: { artifactLocation: { uri: 'b.js' }, region: { startLine: 2 } } }] },
    ] }] });
    const s = services([], artifact('CodeAnalysisLogs', sarif));
    const view = await loadBuildScan(s, 9);
    assert.equal(view.kind, 'sarif');
    if (view.kind !== 'sarif') return;
    assert.equal(view.findings.length, 2);
    assert.equal(view.artifactName, 'CodeAnalysisLogs');
    assert.equal(view.note, undefined);
    assert.deepEqual(view.counts, { critical: 0, high: 1, medium: 0, low: 0, note: 0 }, 'the suppressed warning does not count');
    assert.equal(s.sarifReads, 1);
  });

  it('says why a record could not be read, and shows the SARIF or nothing', async () => {
    const newer = recordText({ buildId: 9, repoId: 'r1' }).replace('"schemaVersion":1', '"schemaVersion":99');
    const none = await loadBuildScan(services([artifact('CodeAnalysisLogs', newer)]), 9);
    assert.equal(none.kind, 'none');
    assert.match((none.kind === 'none' && none.note) || '', /could not be read: .*CodeAnalysisLogs/);
    const denied = await loadBuildScan(services(Object.assign(new Error('no View builds'), { status: 403 })), 9);
    assert.match((denied.kind === 'none' && denied.note) || '', /no View builds \(HTTP 403\)/);
    const plain = await loadBuildScan(services([]), 9);
    assert.deepEqual(plain, { kind: 'none', build, note: undefined });
    const records = services([artifact('CodeAnalysisLogs', recordText({ buildId: 9, repoId: 'r1' }))]);
    assert.equal((await loadBuildScan(records, 9)).kind, 'record');
    assert.equal(records.sarifReads, 0, 'no SARIF read when a record is there');
  });

  it('counts open findings, leaving out suppressed and fixed ones', () => {
    const f = (over: Partial<RecordedFinding>): RecordedFinding => ({ ...finding(1), lastSeenAt: '', state: 'open', ...over });
    assert.deepEqual(countOpen([f({ severity: 'critical' }), f({ severity: 'low' }), f({ severity: 'low', suppression: { kind: 'inSource' } }), f({ severity: 'high', state: 'fixed' })]), { critical: 1, high: 0, medium: 0, low: 1, note: 0 });
  });
});
