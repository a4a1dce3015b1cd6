import assert from 'node:assert/strict';
import type { Finding } from '../../../tasks/contract/findings';
import { updateDocument } from '../../../tasks/contract/documentStore';
import {
  applyTriage, BUILTIN_DEFAULTS, carryForward, chunkLog, documentIds, effectiveSettings, MAX_DOCUMENT_BYTES,
  MAX_DOCUMENT_ID, paginateFindings, recordScanInSummary, refKey, scanIdFor, type RepoSummaryDoc, type StoredFinding,
} from '../../../tasks/contract/storage';
import { checkReadable, CONTRACT_VERSION } from '../../../tasks/contract/version';
import { MemoryStore } from '../../support/memoryStore';

function finding(fp: string, over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'r', kind: 'secret', severity: 'high', message: 'm', path: 'a.js',
    region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 }, preview: '***', fingerprint: fp, ...over,
  };
}

describe('storage contract', () => {
  it('keeps document ids within the service limit', () => {
    const scanId = scanIdFor({ buildId: '123456789', jobAttempt: '12', jobId: '0f1e2d3c-aaaa-bbbb-cccc-1234567890ab' });
    for (const id of [documentIds.scan(scanId), documentIds.findingsPage(scanId, 999), documentIds.logChunk(scanId, 9999), documentIds.triage('f'.repeat(64)), documentIds.repoSettings('0f1e2d3c-aaaa-bbbb-cccc-1234567890ab')]) {
      assert.ok(id.length <= MAX_DOCUMENT_ID, id);
    }
    assert.notEqual(scanIdFor({ buildId: '1', jobAttempt: '1', jobId: 'a' }), scanIdFor({ buildId: '1', jobAttempt: '2', jobId: 'a' }), 'a retried job gets its own record');
    assert.equal(refKey({ branch: 'refs/heads/feature/x' }), 'feature/x');
    assert.equal(refKey({ branch: 'refs/heads/main', pullRequestId: 7 }), 'pr/7');
  });

  it('layers repository overrides over project defaults over built-ins', () => {
    assert.deepEqual(effectiveSettings(null, null), BUILTIN_DEFAULTS);
    const s = effectiveSettings({ failOn: 'medium', prComments: false }, { failOn: 'critical', enabled: false });
    assert.equal(s.failOn, 'critical');
    assert.equal(s.enabled, false);
    assert.equal(s.prComments, false);
    assert.deepEqual(s.scanners, BUILTIN_DEFAULTS.scanners);
  });

  it('pages findings and chunks logs under the document size limit', () => {
    const many: StoredFinding[] = Array.from({ length: 3000 }, (_, i) => ({
      ...finding(i.toString(16).padStart(64, '0'), { message: 'x'.repeat(200) }),
      firstSeenAt: 't', firstSeenScanId: 's', lastSeenAt: 't', state: 'open',
    }));
    const pages = paginateFindings(many);
    assert.ok(pages.length > 1);
    assert.equal(pages.flat().length, many.length);
    for (const p of pages) assert.ok(Buffer.byteLength(JSON.stringify({ findings: p })) < MAX_DOCUMENT_BYTES);
    assert.deepEqual(paginateFindings([]), [[]]);

    const log = Array.from({ length: 20000 }, (_, i) => `line ${i} "quoted" \\ ${'é'.repeat(20)}\n`).join('') + 'z'.repeat(600_000);
    const chunks = chunkLog(log);
    assert.equal(chunks.join(''), log, 'chunks concatenate back to the log');
    for (const c of chunks) assert.ok(Buffer.byteLength(JSON.stringify(c)) < MAX_DOCUMENT_BYTES);
  });

  it('carries first-seen forward, marks vanished findings fixed and counts new ones', () => {
    const t1 = '2026-01-01T00:00:00.000Z';
    const t2 = '2026-01-02T00:00:00.000Z';
    const first = carryForward([finding('a'), finding('b')], [], { scanId: 's1', at: t1 });
    assert.equal(first.newCount, 2);
    const second = carryForward([finding('b'), finding('c'), finding('d', { suppression: { kind: 'inSource' } })], first.findings, { scanId: 's2', at: t2 });
    assert.equal(second.newCount, 1, 'suppressed findings are not new');
    assert.equal(second.fixedCount, 1);
    const byFp = Object.fromEntries(second.findings.map((f) => [f.fingerprint, f]));
    assert.equal(byFp.a.state, 'fixed');
    assert.equal(byFp.a.fixedAt, t2);
    assert.equal(byFp.b.firstSeenAt, t1);
    assert.equal(byFp.c.firstSeenScanId, 's2');
    const pr = carryForward([finding('b'), finding('c')], [], { scanId: 's3', at: t2 }, new Set(['c']));
    assert.equal(pr.newCount, 1);
    assert.deepEqual(pr.findings.map((f) => f.isNew), [false, true]);
  });

  it('moves a ref summary only forward and bounds the history', () => {
    const now = '2026-03-01T00:00:00.000Z';
    const entry = (scanId: string, at: string) => ({ ref: 'main', scanId, finishedAt: at, outcome: 'succeeded' as const, counts: { critical: 0, high: 0, medium: 0, low: 0, note: 0 }, findingsPages: 1 });
    let s: RepoSummaryDoc | null = null;
    s = recordScanInSummary(s, { repoId: 'r', projectId: 'p' }, entry('new', '2026-02-02T00:00:00Z'), { isDefaultBranch: true, now });
    s = recordScanInSummary(s, { repoId: 'r', projectId: 'p' }, entry('old', '2026-02-01T00:00:00Z'), { isDefaultBranch: true, now });
    assert.equal(s.refs.main.scanId, 'new', 'a late, older scan does not replace a newer one');
    assert.deepEqual(s.history, ['old', 'new']);
    for (let i = 0; i < 150; i++) s = recordScanInSummary(s, { repoId: 'r', projectId: 'p' }, { ...entry(`s${i}`, now), ref: 'pr/1' }, { isDefaultBranch: false, now });
    assert.equal(s.history.length, 100);
    assert.equal(s.defaultRef, 'main');
  });

  it('records triage with a bounded history', () => {
    const by = { id: 'u', displayName: 'U' };
    let t = applyTriage(null, { fingerprint: 'f'.repeat(64), ruleId: 'r', kind: 'secret' }, { state: 'dismissed', reason: 'usedInTests', comment: 'x'.repeat(5000), by, at: 't1' });
    assert.equal(t.comment!.length, 2000);
    for (let i = 0; i < 60; i++) t = applyTriage(t, t, { state: i % 2 ? 'dismissed' : 'open', reason: 'falsePositive', by, at: `t${i}` });
    assert.equal(t.history.length, 50);
    assert.equal(t.state, 'dismissed');
  });

  it('re-applies a change after etag conflicts instead of losing either write', async () => {
    const store = new MemoryStore();
    await store.create('c', { id: 'doc', n: 0, tags: [] as string[] });
    // Another writer sneaks in before our first write.
    let sneaked = false;
    store.beforeWrite = async () => {
      if (!sneaked) {
        sneaked = true;
        const cur = (await store.get<{ id: string; n: number; tags: string[]; __etag: number }>('c', 'doc'))!;
        store.beforeWrite = undefined;
        await store.replace('c', { ...cur, tags: [...cur.tags, 'theirs'] });
      }
    };
    const result = await updateDocument<{ id: string; __etag?: number; n: number; tags: string[] }>(store, 'c', 'doc', (cur) => ({ ...cur!, n: cur!.n + 1, tags: [...cur!.tags, 'ours'] }));
    assert.deepEqual(result!.tags, ['theirs', 'ours']);
    assert.equal(result!.n, 1);

    store.conflictsToInject = 100;
    await assert.rejects(updateDocument(store, 'c', 'doc', (cur) => cur), /injected conflict/);
  });

  it('explains documents from a newer contract version', () => {
    assert.doesNotThrow(() => checkReadable({ schemaVersion: CONTRACT_VERSION }, 'summary'));
    assert.throws(() => checkReadable({ schemaVersion: CONTRACT_VERSION + 1 }, 'summary'), /written by a newer Palisade.*Update the Palisade extension/);
    assert.throws(() => checkReadable({}, 'summary'), /not written by Palisade/);
  });
});
