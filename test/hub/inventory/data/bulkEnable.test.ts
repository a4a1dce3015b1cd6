/** Bulk enablement of managed scanning per project (hub/inventory/data/bulkEnable.ts): one PATCH per project, refusals reported per project. */
import assert from 'node:assert/strict';
import { parseSettingsProperty, SETTINGS_DEFAULTS_KEY } from '../../../../tasks/contract/projectSettings';
import { enableProjects } from '../../../../hub/inventory/data/bulkEnable';
import { ThrottledClient } from '../../../../hub/shared/sdk/throttledClient';
import { scripted } from '../../scriptedFetch';

const by = { id: 'u1', displayName: 'Avery Admin' };
const now = () => new Date('2025-02-01T00:00:00Z');
const defaults = { schemaVersion: 1, settings: { failOn: 'medium' as const, enabled: false }, changedBy: by, changedAt: '2025-01-01T00:00:00Z' };

describe('hub inventory: bulk enablement', () => {
  it('writes each managed project\'s defaults once, keeping its other settings, and refuses the others beforehand', async () => {
    const { sent, fetchFn } = scripted([{ body: {} }]);
    const client = new ThrottledClient('https://dev.azure.com/org', async () => 'Bearer t', {}, fetchFn);
    const results = await enableProjects(client, [
      { id: 'p1', name: 'One', canManage: true, defaults: defaults as never },
      { id: 'p2', name: 'Two', canManage: false, defaults: null },
      { id: 'p3', name: 'Three', canManage: true, defaults: null },
    ], 'enforce', by, now);
    assert.deepEqual(results.map((r) => [r.projectId, r.ok]), [['p1', true], ['p2', false], ['p3', true]]);
    assert.match(results[1].message, /"Manage project properties"/);
    assert.match(results[0].message, /enforced/);
    assert.equal(sent.length, 2, 'nothing is sent for the refused project');
    assert.equal(sent[0].method, 'PATCH');
    assert.equal(sent[0].url, 'https://dev.azure.com/org/_apis/projects/p1/properties?api-version=7.0-preview.1');
    assert.equal(sent[0].headers['Content-Type'], 'application/json-patch+json');
    const [op] = JSON.parse(sent[0].body ?? '') as { op: string; path: string; value: string }[];
    assert.equal(op.path, `/${SETTINGS_DEFAULTS_KEY}`);
    const stored = parseSettingsProperty(op.value, 'x');
    assert.deepEqual(stored.settings, { failOn: 'medium', enabled: true, managedScan: 'enforce' });
    assert.equal(stored.changedBy.displayName, 'Avery Admin');
    assert.equal(stored.changedAt, '2025-02-01T00:00:00.000Z');
  });

  it('switching off leaves "enabled" as it was, and observe mode says so', async () => {
    const { sent, fetchFn } = scripted([{ body: {} }]);
    const client = new ThrottledClient('https://x', async () => 'B', {}, fetchFn);
    const [off] = await enableProjects(client, [{ id: 'p1', name: 'One', canManage: true, defaults: defaults as never }], 'off', by, now);
    assert.equal(off.message, 'Managed scanning switched off.');
    assert.deepEqual(parseSettingsProperty(JSON.parse(sent[0].body ?? '')[0].value, 'x').settings, { failOn: 'medium', enabled: false, managedScan: 'off' });
    const [observe] = await enableProjects(client, [{ id: 'p1', name: 'One', canManage: true, defaults: null }], 'observe', by, now);
    assert.match(observe.message, /observe only/);
  });

  it('reports a write refused since per project and goes on with the next', async () => {
    const { fetchFn } = scripted((req) => (req.url.includes('/p1/') ? { status: 403, body: { message: 'TF50309: no permission' } } : { body: {} }));
    const client = new ThrottledClient('https://x', async () => 'B', {}, fetchFn);
    const results = await enableProjects(client, [{ id: 'p1', name: 'One', canManage: true, defaults: null }, { id: 'p2', name: 'Two', canManage: true, defaults: null }], 'enforce', by, now);
    assert.equal(results[0].ok, false);
    assert.match(results[0].message, /TF50309/);
    assert.equal(results[1].ok, true);
  });
});
