/**
 * Extension data through both clients: scopes, etag rules, status codes, limits and the token
 * check, as ExtensionDataService / ExtensionDataController answer (REAL-SERVICE.md).
 */
import assert from 'node:assert/strict';
import type { IExtensionManagementApi } from 'azure-devops-node-api/ExtensionManagementApi';
import { browserClients, call, nodeConnection } from './testing/clients';
import { emulatorFixture } from './testing/fixture';
import { MAX_DOCUMENT_BYTES } from './routes/extensionData';

const PUB = 'palisade';
const EXT = 'palisade';
const COLLECTION = 'settings-999ab9da-049b-4242-b792-2c9eba9359c9';
const DOCS = `_apis/ExtensionManagement/InstalledExtensions/${PUB}/${EXT}/Data/Scopes`;

type Doc = { id: string; __etag: number; [k: string]: unknown };
const statusOf = (e: unknown) => (e as { statusCode?: number; status?: number }).statusCode ?? (e as { status?: number }).status;

describe('emulator: extension data', () => {
  const fixture = emulatorFixture();
  const emu = () => fixture.emulator;
  const ext = (identity = 'admin'): Promise<IExtensionManagementApi> => nodeConnection(emu(), identity).getExtensionManagementApi();
  const lastBody = () => emu().requestLog.entries.at(-1)?.responseBody as { typeKey: string; message: string };

  it('creates, reads, lists, replaces, updates and deletes documents in Default/Current', async () => {
    const api = await ext();
    const created: Doc = await api.createDocumentByName({ id: 'defaults', enabled: true }, PUB, EXT, 'Default', 'Current', COLLECTION);
    assert.deepEqual(created, { id: 'defaults', enabled: true, __etag: 1 });
    assert.deepEqual(await api.getDocumentByName(PUB, EXT, 'Default', 'Current', COLLECTION, 'defaults'), created);
    assert.deepEqual(await api.getDocumentsByName(PUB, EXT, 'Default', 'Current', COLLECTION), [created]);
    const replaced: Doc = await api.setDocumentByName({ ...created, enabled: false }, PUB, EXT, 'Default', 'Current', COLLECTION);
    assert.equal(replaced.__etag, 2);
    const updated: Doc = await api.updateDocumentByName({ id: 'defaults', __etag: 2, failOn: 'high' }, PUB, EXT, 'Default', 'Current', COLLECTION);
    assert.deepEqual(updated, { id: 'defaults', failOn: 'high', __etag: 3 }, 'an update replaces the document');
    await api.deleteDocumentByName(PUB, EXT, 'Default', 'Current', COLLECTION, 'defaults');
    assert.equal(await api.getDocumentByName(PUB, EXT, 'Default', 'Current', COLLECTION, 'defaults'), null);
    assert.deepEqual(await api.getDocumentsByName(PUB, EXT, 'Default', 'Current', COLLECTION), []);
  });

  it('gives a document without an id a generated one', async () => {
    const doc: Doc = await (await ext()).createDocumentByName({ note: 'x' }, PUB, EXT, 'Default', 'Current', 'notes');
    assert.match(doc.id, /^[0-9a-f-]{36}$/);
    assert.equal(doc.__etag, 1);
  });

  it('fails to create an existing id with 400 DocumentExistsException, and answers a creation 201', async () => {
    const api = await ext();
    await api.createDocumentByName({ id: 'summary' }, PUB, EXT, 'Default', 'Current', 'repo-1');
    assert.equal(emu().requestLog.entries.at(-1)?.status, 201);
    await assert.rejects(api.createDocumentByName({ id: 'summary' }, PUB, EXT, 'Default', 'Current', 'repo-1'), (e) => statusOf(e) === 400);
    assert.equal(lastBody().typeKey, 'DocumentExistsException');
  });

  it('refuses a stale etag with 400, lets -1 win, counts a PUT without etag as version 1, and moves the etag on', async () => {
    const api = await ext();
    await api.createDocumentByName({ id: 'triage', v: 1 }, PUB, EXT, 'Default', 'Current', 'repo-1');
    await api.setDocumentByName({ id: 'triage', v: 2, __etag: 1 }, PUB, EXT, 'Default', 'Current', 'repo-1');
    await assert.rejects(api.setDocumentByName({ id: 'triage', v: 3, __etag: 1 }, PUB, EXT, 'Default', 'Current', 'repo-1'), (e) => statusOf(e) === 400);
    assert.equal(lastBody().typeKey, 'InvalidDocumentVersionException');
    await assert.rejects(api.updateDocumentByName({ id: 'triage', v: 3, __etag: 1 }, PUB, EXT, 'Default', 'Current', 'repo-1'), (e) => statusOf(e) === 400);
    assert.equal(lastBody().typeKey, 'InvalidDocumentVersionException');
    // No etag on a PUT is version 1: stale once the document moved on.
    await assert.rejects(api.setDocumentByName({ id: 'triage', v: 3 }, PUB, EXT, 'Default', 'Current', 'repo-1'), (e) => statusOf(e) === 400);
    const forced: Doc = await api.setDocumentByName({ id: 'triage', v: 4, __etag: -1 }, PUB, EXT, 'Default', 'Current', 'repo-1');
    assert.deepEqual([forced.v, forced.__etag], [4, 3]);
    const patched: Doc = await api.updateDocumentByName({ id: 'triage', v: 5, __etag: -1 }, PUB, EXT, 'Default', 'Current', 'repo-1');
    assert.deepEqual([patched.v, patched.__etag], [5, 4]);
    // A new document written by PUT without an etag starts at 1.
    const fresh: Doc = await api.setDocumentByName({ id: 'other' }, PUB, EXT, 'Default', 'Current', 'repo-1');
    assert.equal(fresh.__etag, 1);
  });

  it('refuses an update (PATCH) without an integer __etag with 400', async () => {
    const api = await ext();
    await api.createDocumentByName({ id: 'triage' }, PUB, EXT, 'Default', 'Current', 'repo-1');
    for (const etag of [undefined, 'abc', 1.5]) {
      const res = await call(emu(), 'PATCH', `${DOCS}/Default/Current/Collections/repo-1/Documents?api-version=7.1-preview.1`, { body: { id: 'triage', __etag: etag } });
      assert.equal(res.status, 400, `__etag ${String(etag)}`);
      assert.equal((res.json as { typeKey: string }).typeKey, 'ArgumentNullException');
    }
    const ok = await call(emu(), 'PATCH', `${DOCS}/Default/Current/Collections/repo-1/Documents?api-version=7.1-preview.1`, { body: { id: 'triage', __etag: '1' } });
    assert.equal(ok.status, 200, 'an integer in a string is read as the service reads it');
  });

  it('enforces the document size and collection name limits, and drops __ properties other than __etag', async () => {
    const url = (c: string) => `${DOCS}/Default/Current/Collections/${c}/Documents?api-version=7.1-preview.1`;
    const big = await call(emu(), 'PUT', url('c'), { body: { id: 'big', text: 'x'.repeat(MAX_DOCUMENT_BYTES) } });
    assert.equal(big.status, 400);
    assert.equal((big.json as { typeKey: string }).typeKey, 'MaximumDocumentSizeException');
    const fits = await call(emu(), 'PUT', url('c'), { body: { id: 'fits', text: 'x'.repeat(MAX_DOCUMENT_BYTES - 100) } });
    assert.equal(fits.status, 200);
    assert.equal((await call(emu(), 'PUT', url('n'.repeat(101)), { body: { id: 'a' } })).status, 400);
    assert.equal((await call(emu(), 'PUT', url('n'.repeat(100)), { body: { id: 'a' } })).status, 200);
    const saved = await call(emu(), 'PUT', url('c'), { body: { id: 'clean', __secret: 1, _kept: 2 } });
    assert.deepEqual(saved.json, { id: 'clean', _kept: 2, __etag: 1 });
  });

  it('answers 404 for a missing document or collection, and for updating a missing document', async () => {
    await (await ext()).createDocumentByName({ id: 'present' }, PUB, EXT, 'Default', 'Current', 'existing');
    const missingDoc = await call(emu(), 'GET', `${DOCS}/Default/Current/Collections/existing/Documents/absent?api-version=7.1-preview.1`);
    assert.equal(missingDoc.status, 404);
    assert.equal((missingDoc.json as { typeKey: string }).typeKey, 'DocumentDoesNotExistException');
    const missingCollection = await call(emu(), 'GET', `${DOCS}/Default/Current/Collections/never-written/Documents?api-version=7.1-preview.1`);
    assert.equal(missingCollection.status, 404);
    assert.equal((missingCollection.json as { typeKey: string }).typeKey, 'DocumentCollectionDoesNotExistException');
    // typed-rest-client turns any 404 into a null result rather than an error.
    assert.equal(await (await ext()).updateDocumentByName({ id: 'absent', x: 1, __etag: 1 }, PUB, EXT, 'Default', 'Current', 'existing'), null);
    assert.deepEqual([emu().requestLog.entries.at(-1)?.status, lastBody().typeKey], [404, 'DocumentDoesNotExistException']);
  });

  it('keeps User/Me documents per identity and Default/Current documents shared', async () => {
    const admin = await ext('admin');
    const contributor = await ext('contributor');
    await admin.setDocumentByName({ id: 'view', columns: ['severity'] }, PUB, EXT, 'User', 'Me', 'prefs');
    await admin.setDocumentByName({ id: 'shared', x: 1 }, PUB, EXT, 'Default', 'Current', 'prefs');
    assert.equal(await contributor.getDocumentByName(PUB, EXT, 'User', 'Me', 'prefs', 'view'), null);
    assert.deepEqual((await admin.getDocumentByName(PUB, EXT, 'User', 'Me', 'prefs', 'view')).columns, ['severity']);
    assert.equal((await contributor.getDocumentByName(PUB, EXT, 'Default', 'Current', 'prefs', 'shared')).x, 1);
  });

  it('lets every member, readers included, read and overwrite Default/Current documents (no permission check)', async () => {
    const reader = await ext('reader');
    const admins: Doc = await (await ext('admin')).setDocumentByName({ id: 'defaults', failOn: 'high' }, PUB, EXT, 'Default', 'Current', COLLECTION);
    assert.equal((await reader.getDocumentByName(PUB, EXT, 'Default', 'Current', COLLECTION, 'defaults')).failOn, 'high');
    const overwritten: Doc = await reader.setDocumentByName({ ...admins, failOn: 'none' }, PUB, EXT, 'Default', 'Current', COLLECTION);
    assert.equal(overwritten.failOn, 'none');
    assert.equal((await reader.setDocumentByName({ id: 'mine' }, PUB, EXT, 'User', 'Me', 'prefs')).__etag, 1);
  });

  it('refuses a pipeline job token with 401 TokenMissingHostAuthorizationClaimException, on reads and writes', async () => {
    const build = await ext('build');
    await assert.rejects(build.createDocumentByName({ id: 'scan-1' }, PUB, EXT, 'Default', 'Current', 'repo-1'), (e) => statusOf(e) === 401);
    assert.equal(lastBody().typeKey, 'TokenMissingHostAuthorizationClaimException');
    const read = await call(emu(), 'GET', `${DOCS}/Default/Current/Collections/repo-1/Documents?api-version=7.1-preview.1`, { identity: 'build' });
    assert.equal(read.status, 401);
    assert.equal((read.json as { typeKey: string }).typeKey, 'TokenMissingHostAuthorizationClaimException');
    assert.equal(emu().store.data.extensionData.length, 0);
  });

  it('refuses a pipeline token without extension data permission with the service 401 (TF400813)', async () => {
    const limited = await ext('build-nodata');
    await assert.rejects(limited.createDocumentByName({ id: 'scan-1' }, PUB, EXT, 'Default', 'Current', 'repo-1'), (e) => statusOf(e) === 401);
    assert.equal(lastBody().typeKey, 'InvalidIdentityException');
    assert.match(lastBody().message, /^TF400813: The user '.+' is not authorized to access this resource\./);
    const read = await call(emu(), 'GET', `${DOCS}/Default/Current/Collections/repo-1/Documents?api-version=7.1-preview.1`, { identity: 'build-nodata' });
    assert.equal(read.status, 401);
    assert.equal(emu().store.data.extensionData.length, 0);
  });

  it('queries several collections at once, missing ones coming back empty', async () => {
    const api = await ext();
    await api.createDocumentByName({ id: 'summary' }, PUB, EXT, 'Default', 'Current', 'repo-1');
    const result = await api.queryCollectionsByName({
      collections: [
        { collectionName: 'repo-1', scopeType: 'Default', scopeValue: 'Current', documents: [] },
        { collectionName: 'repo-2', scopeType: 'Default', scopeValue: 'Current', documents: [] },
      ],
    }, PUB, EXT);
    assert.deepEqual(result.map((c) => [c.collectionName, (c.documents ?? []).map((d: Doc) => d.id)]), [['repo-1', ['summary']], ['repo-2', []]]);
  });

  it('refuses document ids longer than 50 characters', async () => {
    const res = await call(emu(), 'POST', `${DOCS}/Default/Current/Collections/c/Documents?api-version=7.1-preview.1`, { body: { id: 'x'.repeat(51) } });
    assert.equal(res.status, 400);
  });

  it('applies the same rules to the browser client (errors carry status and the server error)', async () => {
    const client = browserClients(emu(), 'contributor').extensionManagement;
    const doc = await client.createDocumentByName({ id: 'repo-abc', enabled: true }, PUB, EXT, 'Default', 'Current', COLLECTION);
    assert.equal(doc.__etag, 1);
    await assert.rejects(client.createDocumentByName({ id: 'repo-abc' }, PUB, EXT, 'Default', 'Current', COLLECTION),
      (e: { status?: number; serverError?: { typeKey?: string } }) => e.status === 400 && e.serverError?.typeKey === 'DocumentExistsException');
    await assert.rejects(client.getDocumentByName(PUB, EXT, 'Default', 'Current', COLLECTION, 'nope'), (e: { status?: number }) => e.status === 404);
    const all = await client.getDocumentsByName(PUB, EXT, 'Default', 'Current', COLLECTION);
    assert.deepEqual(all.map((d: Doc) => d.id), ['repo-abc']);
    assert.ok(emu().requestLog.entries.at(-1)?.responseText?.startsWith('['));
  });

  it('fails the next N writes with injected etag conflicts, moving the etag on as a concurrent writer would', async () => {
    const api = await ext();
    await api.createDocumentByName({ id: 'summary', scans: 0 }, PUB, EXT, 'Default', 'Current', 'repo-1');
    const conflicts = emu().faults.etagConflicts(2);
    // A read-merge-write loop, as the task and the hub do it.
    let attempts = 0;
    let saved: Doc | undefined;
    while (!saved) {
      attempts++;
      const current: Doc = await api.getDocumentByName(PUB, EXT, 'Default', 'Current', 'repo-1', 'summary');
      try {
        saved = await api.setDocumentByName({ ...current, scans: (current.scans as number) + 1 }, PUB, EXT, 'Default', 'Current', 'repo-1');
      } catch (e) {
        assert.equal(statusOf(e), 400);
        assert.ok(attempts < 5);
      }
    }
    assert.equal(attempts, 3);
    assert.equal(conflicts.hits, 2);
    assert.equal(conflicts.exhausted, true);
    assert.deepEqual([saved.scans, saved.__etag], [1, 4], 'two simulated writes moved the etag from 1 to 3');
    assert.deepEqual(emu().requestLog.filter('extensionData.documents.set').map((e) => [e.status, e.fault]),
      [[400, 'etagConflict'], [400, 'etagConflict'], [200, undefined]]);
  });
});

describe('emulator: extension data with host authorization off (CheckHostAuthorization disabled)', () => {
  const fixture = emulatorFixture({ checkHostAuthorization: false });

  it('accepts a pipeline job token, as the service did for some shipped extensions', async () => {
    const build = await nodeConnection(fixture.emulator, 'build').getExtensionManagementApi();
    const doc: Doc = await build.createDocumentByName({ id: 'scan-1' }, PUB, EXT, 'Default', 'Current', 'repo-1');
    assert.equal(doc.__etag, 1);
  });
});
