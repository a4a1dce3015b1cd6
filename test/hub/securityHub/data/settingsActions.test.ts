/**
 * The hub's settings writes to project properties, against an in-memory project: what is stored
 * (with who and when), that concurrent changes to other fields survive, and that a refused write
 * names the permission it needs. Branch triage writes: triageActions.test.ts.
 */
import assert from 'node:assert/strict';
import { parseSettingsProperty, SETTINGS_DEFAULTS_KEY, settingsRepoKey } from '../../../../tasks/contract/projectSettings';
import { saveProjectDefaults, saveRepoSettings, setReposEnabled, SettingsConflictError } from '../../../../hub/securityHub/data/settingsActions';
import { WritePermissionError } from '../../../../hub/securityHub/data/writeErrors';
import { FakeProject, refused } from '../../fakeProject';

const admin = { id: 'u-admin', displayName: 'Avery Admin' };
const other = { id: 'u-other', displayName: 'Casey' };

function project(): { fake: FakeProject; services: ReturnType<FakeProject['services']> } {
  const fake = new FakeProject([{ id: 'r1', name: 'web' }]);
  return { fake, services: fake.services() };
}

describe('hub writes: settings in project properties', () => {
  it('stores the project defaults with who changed them and when', async () => {
    const { fake, services } = project();
    const saved = await saveProjectDefaults(services, null, { failOn: 'medium' }, admin, new Date('2025-01-01T00:00:00Z'));
    assert.equal(saved?.settings.failOn, 'medium');
    const stored = parseSettingsProperty(fake.properties.get(SETTINGS_DEFAULTS_KEY), SETTINGS_DEFAULTS_KEY);
    assert.deepEqual(stored.settings, { failOn: 'medium' });
    assert.equal(stored.changedBy.displayName, 'Avery Admin');
    assert.equal(stored.changedAt, '2025-01-01T00:00:00.000Z');
  });

  it('keeps a concurrent edit of another field and refuses to overwrite one of the same field', async () => {
    const { fake, services } = project();
    const base = await saveProjectDefaults(services, null, { failOn: 'high' }, admin);
    await saveProjectDefaults(services, base, { failOn: 'critical', excludes: ['vendor/'] }, other);
    const merged = await saveProjectDefaults(services, base, { prComments: false }, admin);
    assert.equal(merged?.settings.prComments, false);
    assert.equal(merged?.settings.failOn, 'critical');
    assert.deepEqual(merged?.settings.excludes, ['vendor/']);
    await assert.rejects(saveProjectDefaults(services, base, { failOn: 'low' }, admin), (e: unknown) => e instanceof SettingsConflictError && e.fields.includes('failOn') && /changed while you were editing/.test(e.message));
    assert.equal(parseSettingsProperty(fake.properties.get(SETTINGS_DEFAULTS_KEY), 'x').settings.failOn, 'critical');
  });

  it('overrides and un-overrides repository fields, and removes a repository property left empty', async () => {
    const { fake, services } = project();
    const doc = await saveRepoSettings(services, 'r1', null, { failOn: 'low', enabled: false }, admin);
    const cleared = await saveRepoSettings(services, 'r1', doc, { failOn: null }, admin);
    assert.deepEqual(cleared?.settings, { enabled: false }, 'the repository inherits failOn again');
    await saveRepoSettings(services, 'r1', cleared, { enabled: null }, admin);
    assert.equal(fake.properties.has(settingsRepoKey('r1')), false);
  });

  it('switches scanning for several repositories in one read and one write, keeping their other fields', async () => {
    const { fake, services } = project();
    await saveRepoSettings(services, 'r2', null, { failOn: 'low' }, admin);
    fake.resetCalls();
    assert.equal(await setReposEnabled(services, ['r1', 'r2', 'r3'], false, admin), 3);
    assert.deepEqual([fake.calls.propertyReads, fake.calls.propertyWrites], [1, 1]);
    const r2 = parseSettingsProperty(fake.properties.get(settingsRepoKey('r2')), 'r2');
    assert.deepEqual(r2.settings, { failOn: 'low', enabled: false });
    for (const id of ['r1', 'r3']) assert.equal(parseSettingsProperty(fake.properties.get(settingsRepoKey(id)), id).settings.enabled, false);
  });

  it('names the missing permission when a settings write is refused', async () => {
    const { fake, services } = project();
    fake.refuseWrites = refused(403, 'VS402371: access denied');
    await assert.rejects(saveRepoSettings(services, 'r1', null, { enabled: false }, other), (e: unknown) => e instanceof WritePermissionError && /"Manage project properties"/.test(e.message));
    await assert.rejects(setReposEnabled(services, ['r1'], false, other), WritePermissionError);
  });
});
