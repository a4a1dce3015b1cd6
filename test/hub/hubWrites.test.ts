/**
 * The hub's writes (triage, settings) over the contract's read-merge-write, against the
 * in-memory store with the service's etag rules and injected conflicts; and the SDK-side
 * DocumentStore's mapping of the data service's errors.
 */
import assert from 'node:assert/strict';
import { ConflictError, StoragePermissionError } from '../../tasks/contract/documentStore';
import { collections, documentIds, type ProjectDefaultsDoc, type RepoSettingsDoc, type TriageDoc } from '../../tasks/contract/storage';
import { saveProjectDefaults, saveRepoSettings, setReposEnabled, SettingsConflictError } from '../../hub/src/data/settingsActions';
import { saveTriage } from '../../hub/src/data/triageActions';
import { ExtensionDataStore } from '../../hub/src/sdk/extensionDataStore';
import { MemoryStore } from '../support/memoryStore';

const admin = { id: 'u-admin', displayName: 'Avery Admin' };
const other = { id: 'u-other', displayName: 'Casey' };
const target = { repoId: 'r1', fingerprint: 'f'.repeat(64), ruleId: 'github-pat-classic', kind: 'secret' as const };

describe('hub writes: triage', () => {
  it('dismisses with a reason and a comment, and reopens with history', async () => {
    const store = new MemoryStore();
    const first = await saveTriage(store, target, { state: 'dismissed', reason: 'usedInTests', comment: ' test tenant ' }, admin, undefined);
    assert.equal(first.doc.state, 'dismissed');
    assert.equal(first.doc.comment, 'test tenant');
    const again = await saveTriage(store, target, { state: 'open' }, admin, { at: first.doc.at });
    const stored = await store.get<TriageDoc>(collections.triage('r1'), documentIds.triage(target.fingerprint));
    assert.equal(stored?.state, 'open');
    assert.equal(stored?.reason, undefined);
    assert.deepEqual(stored?.history.map((e) => e.state), ['dismissed', 'open']);
    assert.deepEqual(again.concurrent, []);
  });

  it('re-applies a decision after a conflicting write and reports the other decision', async () => {
    const store = new MemoryStore();
    // The admin opened the finding while it was open; meanwhile Casey dismissed it.
    await saveTriage(store, target, { state: 'dismissed', reason: 'falsePositive' }, other, undefined, () => new Date('2025-01-02T00:00:00Z'));
    store.conflictsToInject = 2;
    const result = await saveTriage(store, target, { state: 'dismissed', reason: 'acceptedRisk', comment: 'mine' }, admin, { at: undefined }, () => new Date('2025-01-03T00:00:00Z'));
    assert.equal(result.concurrent.length, 1);
    assert.equal(result.concurrent[0].by.displayName, 'Casey');
    const stored = await store.get<TriageDoc>(collections.triage('r1'), documentIds.triage(target.fingerprint));
    assert.equal(stored?.reason, 'acceptedRisk');
    assert.deepEqual(stored?.history.map((e) => e.by.displayName), ['Casey', 'Avery Admin'], 'nobody\'s decision is lost');
  });
});

describe('hub writes: settings', () => {
  it('creates the project defaults and stamps who changed them', async () => {
    const store = new MemoryStore();
    const doc = await saveProjectDefaults(store, 'p1', null, { failOn: 'medium' }, admin, new Date('2025-01-01T00:00:00Z'));
    assert.equal(doc.failOn, 'medium');
    assert.equal(doc.prStatus, true, 'other fields get the built-in values');
    assert.equal(doc.updatedBy?.displayName, 'Avery Admin');
  });

  it('keeps a concurrent edit of another field and refuses to overwrite one of the same field', async () => {
    const store = new MemoryStore();
    const base = await saveProjectDefaults(store, 'p1', null, { failOn: 'high' }, admin);
    await saveProjectDefaults(store, 'p1', base, { failOn: 'critical', excludes: ['vendor/'] }, other);
    // Same base, different field: merged onto the fresh copy.
    const merged = await saveProjectDefaults(store, 'p1', base, { prComments: false }, admin);
    assert.equal(merged.prComments, false);
    assert.equal(merged.failOn, 'critical');
    assert.deepEqual(merged.excludes, ['vendor/']);
    // Same base, same field: reported, not overwritten.
    await assert.rejects(saveProjectDefaults(store, 'p1', base, { failOn: 'low' }, admin), (e: unknown) => e instanceof SettingsConflictError && e.fields.includes('failOn') && /changed while you were editing/.test(e.message));
    const stored = await store.get<ProjectDefaultsDoc>(collections.settings('p1'), documentIds.projectDefaults);
    assert.equal(stored?.failOn, 'critical');
  });

  it('overrides and un-overrides repository fields', async () => {
    const store = new MemoryStore();
    const doc = await saveRepoSettings(store, 'p1', 'r1', null, { failOn: 'low', enabled: false }, admin);
    assert.equal(doc.failOn, 'low');
    const cleared = await saveRepoSettings(store, 'p1', 'r1', doc, { failOn: null }, admin);
    assert.equal('failOn' in cleared, false, 'the repository inherits failOn again');
    assert.equal(cleared.enabled, false);
  });

  it('switches scanning for several repositories, through conflicts', async () => {
    const store = new MemoryStore();
    store.conflictsToInject = 1;
    const result = await setReposEnabled(store, 'p1', ['r1', 'r2', 'r3'], false, admin);
    assert.equal(result.failed.length, 0);
    const docs = await store.list<RepoSettingsDoc>(collections.settings('p1'));
    assert.deepEqual(docs.map((d) => [d.repoId, d.enabled]).sort(), [['r1', false], ['r2', false], ['r3', false]]);
  });
});

describe('hub: extension data store over the SDK manager', () => {
  const failing = (error: unknown) =>
    new Proxy({}, { get: () => () => Promise.reject(error) }) as ConstructorParameters<typeof ExtensionDataStore>[0];

  it('maps the service\'s errors to the contract\'s', async () => {
    const conflict = new ExtensionDataStore(failing({ status: 409, serverError: { typeKey: 'InvalidDocumentVersionException' }, message: 'stale' }));
    await assert.rejects(conflict.replace('c', { id: 'd', __etag: 3 }), ConflictError);
    await assert.rejects(conflict.create('c', { id: 'd' }), ConflictError);
    const missing = new ExtensionDataStore(failing({ status: 404, serverError: { typeKey: 'DocumentCollectionDoesNotExistException' } }));
    assert.equal(await missing.get('c', 'd'), null);
    assert.deepEqual(await missing.list('c'), []);
    await assert.rejects(missing.replace('c', { id: 'd', __etag: 1 }), ConflictError, 'deleted meanwhile: start over');
    const refused = new ExtensionDataStore(failing({ status: 403, serverError: { typeKey: 'AccessCheckException', message: 'VS403362: no' } }));
    await assert.rejects(refused.create('c', { id: 'd' }), StoragePermissionError);
  });

  it('passes the Default/Current scope on every call', async () => {
    const calls: unknown[][] = [];
    const manager = new Proxy({}, { get: (_t, name) => (...args: unknown[]) => { calls.push([name, ...args]); return Promise.resolve(name === 'getDocuments' ? [] : { id: 'd' }); } });
    const store = new ExtensionDataStore(manager as ConstructorParameters<typeof ExtensionDataStore>[0]);
    await store.get('c', 'd');
    await store.list('c');
    await store.replace('c', { id: 'd', __etag: 2 });
    for (const c of calls) assert.deepEqual(c[c.length - 1], { scopeType: 'Default', scopeValue: 'Current' });
  });
});

describe('hub: overview counts after triage', () => {
  it('recounts the last scan when someone triaged since, and only then', async () => {
    const { publishScan } = await import('../../tasks/PalisadeScanV1/hubStorage');
    const { countsAfterTriage } = await import('../../hub/src/data/overviewLoader');
    const store = new MemoryStore();
    const mk = (n: number, severity: 'high' | 'low') => ({
      ruleId: 'r', kind: 'secret' as const, severity, message: 'm', path: `p${n}`, preview: '',
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 }, fingerprint: `${n}`.repeat(40),
    });
    await publishScan(store, null, {
      record: {
        scanId: 's1', repoId: 'r1', projectId: 'p1', trigger: 'branch', ref: 'main', startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:00.000Z',
        durationMs: 1, filesScanned: 1, filesSkipped: 0, counts: { critical: 0, high: 1, medium: 0, low: 1, note: 0 }, outcome: 'failed', toolVersion: 't',
      },
      findings: [mk(1, 'high'), mk(2, 'low')],
      log: '',
      isDefaultBranch: true,
    });
    const ref = { ref: 'main', scanId: 's1', finishedAt: '2025-01-01T00:00:00.000Z', outcome: 'failed' as const, counts: { critical: 0, high: 1, medium: 0, low: 1, note: 0 }, findingsPages: 1 };
    const repo = { id: 'r1', name: 'r' };
    assert.equal(await countsAfterTriage(store, repo, ref), undefined, 'no triage since the scan: the summary is right');
    await saveTriage(store, { repoId: 'r1', fingerprint: '1'.repeat(40), ruleId: 'r', kind: 'secret' }, { state: 'dismissed', reason: 'falsePositive' }, admin, undefined, () => new Date('2025-01-02T00:00:00Z'));
    assert.deepEqual(await countsAfterTriage(store, repo, ref), { critical: 0, high: 0, medium: 0, low: 1, note: 0 });
  });
});
