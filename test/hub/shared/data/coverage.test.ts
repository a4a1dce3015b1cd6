import assert from 'node:assert/strict';
import { coverageLabel, coverageOf, coverageSummary, overviewRow } from '../../../../hub/shared/data/coverage';
import type { ScanSummary } from '../../../../hub/shared/data/scanRecords';

const repo = { id: 'r1', name: 'web-shop', defaultBranch: 'refs/heads/main' };
const none = { critical: 0, high: 0, medium: 0, low: 0, note: 0 };
function scan(over: Partial<ScanSummary>): ScanSummary {
  return { buildId: 1, scanId: '1-1-job', artifactName: 'CodeAnalysisLogs', repoId: 'r1', branch: 'main', trigger: 'ci', outcome: 'succeeded', counts: none, newFindings: 0, fixedFindings: 0, startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:01:00Z', durationMs: 1, history: 'derived', toolVersion: 't', honouredTriage: [], ...over } as ScanSummary;
}

describe('hub words that match the numbers', () => {
  it('a scan whose findings were all dismissed reads "No open findings (12 dismissed)", never "Scanned, 0 findings"', () => {
    const dismissedAfterFailing = overviewRow(repo, { build: { id: 1 }, scan: scan({ outcome: 'failed', counts: { ...none, high: 12 } }), counts: none, dismissed: 12 });
    assert.equal(dismissedAfterFailing.coverage, 'clean');
    assert.equal(coverageLabel(dismissedAfterFailing), 'No open findings (12 dismissed)');
    const fromRecord = overviewRow(repo, { build: { id: 1 }, scan: scan({ outcome: 'succeeded', dismissedFindings: 3 }) });
    assert.equal(coverageLabel(fromRecord), 'No open findings (3 dismissed)');
    const failedUnknown = overviewRow(repo, { build: { id: 1 }, scan: scan({ outcome: 'failed' }), counts: none });
    assert.equal(coverageLabel(failedUnknown), 'No open findings', 'a failed build never sits beside "Scanned, 0 findings"');
    assert.equal(coverageLabel(overviewRow(repo, { build: { id: 1 }, scan: scan({}) })), 'Scanned, 0 findings');
  });

  it('a repository disabled in Repos is disabled whatever its setting', () => {
    const row = overviewRow({ ...repo, isDisabled: true }, { build: null });
    assert.equal(row.coverage, 'disabled');
    assert.equal(coverageLabel(row), 'Disabled in Repos');
  });

  it('the summary line says what it counts', () => {
    const rows = [
      overviewRow(repo, { build: { id: 1 }, scan: scan({ counts: { ...none, high: 10, low: 2 } }) }),
      overviewRow({ ...repo, id: 'r2', name: 'docs' }, { build: null }),
      overviewRow({ ...repo, id: 'r3', name: 'api' }, { build: { id: 2 }, scan: scan({}) }),
    ];
    assert.deepEqual(coverageSummary(rows), ['3 repositories', '1 repository with open findings', '12 open findings', '1 never scanned', '1 with no open findings']);
  });
});

describe('hub coverage states', () => {
  const scan = { outcome: 'succeeded' as const };

  it('tells disabled, never scanned, scanned clean and findings apart', () => {
    assert.equal(coverageOf(false, scan, 3), 'disabled');
    assert.equal(coverageOf(true, undefined, 0), 'neverScanned');
    assert.equal(coverageOf(true, scan, 0), 'clean');
    assert.equal(coverageOf(true, scan, 2), 'findings');
    assert.equal(coverageOf(true, { outcome: 'error' }, 0), 'scanFailed');
  });

  it('says it is still looking until the index and the record are in', () => {
    assert.equal(overviewRow(repo, {}).coverage, 'looking');
    assert.equal(overviewRow(repo, { build: null }).coverage, 'neverScanned');
    assert.equal(overviewRow(repo, { build: { id: 1 } }).coverage, 'looking');
    const disabled = { schemaVersion: 1, settings: { enabled: false }, changedBy: { id: 'a', displayName: 'A' }, changedAt: '2025-01-01T00:00:00Z' };
    assert.equal(overviewRow(repo, { build: null, repoSettings: disabled }).coverage, 'disabled');
  });
});
