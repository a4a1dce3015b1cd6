import assert from 'node:assert/strict';
import type { Finding } from '../../../tasks/contract/findings';
import {
  branchKey, deriveHistory, newestAttempt, parseScanRecord, PALISADE_BUILD_TAG, SCAN_RECORD_FILE, scanIdFor, ScanRecordError, serializeScanRecord,
  type RecordedFinding, type ScanRecordFile,
} from '../../../tasks/contract/scanRecord';
import { ContractVersionError } from '../../../tasks/contract/version';

function finding(fp: string, over: Partial<Finding> = {}): Finding {
  return { ruleId: 'r', kind: 'secret', severity: 'high', message: 'm', path: 'a.js', region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 }, preview: '***', fingerprint: fp, ...over };
}

function record(findings: RecordedFinding[], over: Partial<ScanRecordFile['scan']> = {}): Omit<ScanRecordFile, 'schemaVersion'> {
  return {
    scan: {
      scanId: '7-1-job', buildId: 7, jobAttempt: 1, repoId: 'r1', projectId: 'p1', trigger: 'branch', branch: 'main', outcome: 'failed',
      counts: { critical: 0, high: 1, medium: 0, low: 0, note: 0 }, newFindings: 1, fixedFindings: 0, startedAt: '2026-12-01T00:00:00Z',
      finishedAt: '2026-12-01T00:01:00Z', scanners: ['secrets'], failOn: 'high', toolVersion: '0.1.0', history: 'derived', ...over,
    },
    findings,
    dismissals: { honoured: [], ignored: [] },
    summary: '### 1 finding',
    log: 'Scanned 3 files.\n',
  };
}

describe('scan record contract', () => {
  it('names the file and tag the hub looks for', () => {
    assert.equal(SCAN_RECORD_FILE, 'palisade-scan.json');
    assert.equal(PALISADE_BUILD_TAG, 'palisade');
    assert.equal(branchKey({ branch: 'refs/heads/feature/x' }), 'feature/x');
    assert.equal(branchKey({ branch: 'refs/heads/main', pullRequestId: 7 }), 'pr/7');
    assert.notEqual(scanIdFor({ buildId: 1, jobAttempt: 1, jobId: 'a' }), scanIdFor({ buildId: 1, jobAttempt: 2, jobId: 'a' }));
  });

  it('round-trips and validates a record, naming the bad field', () => {
    const rec = record([{ ...finding('f1'), firstSeenAt: '2026-11-01T00:00:00Z', lastSeenAt: '2026-12-01T00:01:00Z', state: 'open' }]);
    const parsed = parseScanRecord(serializeScanRecord(rec), 'build 7');
    assert.equal(parsed.scan.buildId, 7);
    assert.equal(parsed.findings[0].firstSeenAt, '2026-11-01T00:00:00Z');
    assert.throws(() => parseScanRecord('{', 'build 7'), (e: Error) => e instanceof ScanRecordError && /build 7 is not valid JSON/.test(e.message));
    const broken = JSON.parse(serializeScanRecord(rec));
    delete broken.scan.repoId;
    assert.throws(() => parseScanRecord(JSON.stringify(broken), 'build 7'), /build 7: "scan.repoId" is missing/);
    const badState = JSON.parse(serializeScanRecord(rec));
    badState.findings[0].state = 'gone';
    assert.throws(() => parseScanRecord(JSON.stringify(badState), 'build 7'), /findings\[0\].state/);
    const badHistory = JSON.parse(serializeScanRecord(rec));
    badHistory.scan.history = 'maybe';
    assert.throws(() => parseScanRecord(JSON.stringify(badHistory)), /scan.history/);
  });

  it('explains a record from a newer Palisade', () => {
    const newer = { ...JSON.parse(serializeScanRecord(record([]))), schemaVersion: 99 };
    assert.throws(() => parseScanRecord(JSON.stringify(newer), 'build 7'), (e: Error) => e instanceof ContractVersionError && /newer Palisade.*Update the Palisade extension/.test(e.message));
  });

  it('prefers the newest attempt of a build', () => {
    const a1 = record([], { jobAttempt: 1, finishedAt: '2026-12-01T00:05:00Z' });
    const a2 = record([], { jobAttempt: 2, finishedAt: '2026-12-01T00:03:00Z' });
    assert.equal(newestAttempt([a1, a2]), a2);
    assert.equal(newestAttempt([]), undefined);
  });

  describe('history from earlier records', () => {
    const at = '2026-12-03T00:00:00Z';
    const old = (fp: string, firstSeenAt: string | undefined, state: 'open' | 'fixed' = 'open', extra: Partial<RecordedFinding> = {}): RecordedFinding => ({
      ...finding(fp), ...(firstSeenAt ? { firstSeenAt, firstSeenBuildId: 1 } : {}), lastSeenAt: '2026-12-02T00:00:00Z', state, ...extra,
    });

    it('keeps first-seen dates, marks what is new and what was fixed', () => {
      const prev = record([old('kept', '2026-11-01T00:00:00Z'), old('gone', '2026-11-02T00:00:00Z'), old('back', '2026-10-01T00:00:00Z', 'fixed', { fixedAt: '2026-12-01T00:00:00Z' })]);
      const h = deriveHistory([finding('kept'), finding('fresh'), finding('back')], { available: true, records: [prev] }, { at, buildId: 9 });
      const by = new Map(h.findings.map((f) => [f.fingerprint, f]));
      assert.equal(h.history, 'derived');
      assert.equal(by.get('kept')!.firstSeenAt, '2026-11-01T00:00:00Z');
      assert.equal(by.get('kept')!.isNew, false);
      assert.equal(by.get('fresh')!.firstSeenAt, at);
      assert.equal(by.get('fresh')!.firstSeenBuildId, 9);
      assert.equal(by.get('fresh')!.isNew, true);
      assert.equal(by.get('back')!.firstSeenAt, '2026-10-01T00:00:00Z', 'a finding that came back keeps its first date');
      assert.equal(by.get('back')!.isNew, true);
      assert.equal(by.get('gone')!.state, 'fixed');
      assert.equal(by.get('gone')!.fixedAt, at);
      assert.deepEqual([h.newCount, h.fixedCount], [2, 1]);
    });

    it('takes the earliest first-seen over several records, and leaves it unknown where none knew it', () => {
      const newest = record([old('a', undefined), old('b', '2026-12-01T00:00:00Z')], { history: 'unavailable' });
      const older = record([old('b', '2026-11-15T00:00:00Z')]);
      const h = deriveHistory([finding('a'), finding('b')], { available: true, records: [newest, older] }, { at });
      const by = new Map(h.findings.map((f) => [f.fingerprint, f]));
      assert.equal(by.get('a')!.firstSeenAt, undefined, 'held before but never dated: not "now"');
      assert.equal(by.get('a')!.isNew, false);
      assert.equal(by.get('b')!.firstSeenAt, '2026-11-15T00:00:00Z');
      assert.equal(h.newCount, 0);
    });

    it('with no readable history, reports nothing as new and dates nothing', () => {
      const h = deriveHistory(Array.from({ length: 10 }, (_, i) => finding(`f${i}`)), { available: false }, { at });
      assert.equal(h.history, 'unavailable');
      assert.equal(h.newCount, 0);
      assert.equal(h.fixedCount, 0);
      for (const f of h.findings) {
        assert.equal(f.firstSeenAt, undefined);
        assert.equal(f.isNew, undefined);
      }
    });

    it('a repository never scanned before: everything is first seen now', () => {
      const h = deriveHistory([finding('x')], { available: true, records: [] }, { at });
      assert.equal(h.findings[0].firstSeenAt, at);
      assert.equal(h.newCount, 1);
    });

    it('PR scans take "new" from the merge base, not from history', () => {
      const prev = record([old('old', '2026-11-01T00:00:00Z')]);
      const h = deriveHistory([finding('old'), finding('added'), finding('untouched')], { available: true, records: [prev] }, { at }, new Set(['added']));
      const by = new Map(h.findings.map((f) => [f.fingerprint, f]));
      assert.equal(by.get('added')!.isNew, true);
      assert.equal(by.get('untouched')!.isNew, false);
      assert.equal(h.newCount, 1);
    });
  });
});
