/** The inventory table's rows (hub/inventory/data/inventoryTable.ts): filters, sorting by any column, severity weight. */
import assert from 'node:assert/strict';
import { BUILTIN_DEFAULTS } from '../../../../tasks/contract/projectSettings';
import type { InventoryRepo, ProjectInventory } from '../../../../hub/inventory/data/discovery';
import { inventoryRows, severityWeight } from '../../../../hub/inventory/data/inventoryTable';

const counts = (over: Partial<Record<'critical' | 'high' | 'medium' | 'low' | 'note', number>>) => ({ critical: 0, high: 0, medium: 0, low: 0, note: 0, ...over });

function repo(projectId: string, name: string, over: Partial<InventoryRepo> = {}): InventoryRepo {
  return { projectId, projectName: projectId === 'p1' ? 'Alpha' : 'Beta', id: `${projectId}-${name}`, name, isDisabled: false, settings: BUILTIN_DEFAULTS, hasPipeline: true, gated: false, coverage: 'scannedNotGated', ...over };
}

const projects: ProjectInventory[] = [
  { id: 'p1', name: 'Alpha', canManage: true, defaults: null, repos: [
    repo('p1', 'web', { coverage: 'gated', lastScan: { buildId: 1, finishTime: '2025-01-03T00:00:00Z', counts: counts({ low: 50 }) } }),
    repo('p1', 'api', { coverage: 'noPipeline' }),
  ] },
  { id: 'p2', name: 'Beta', canManage: false, defaults: null, repos: [
    repo('p2', 'billing', { lastScan: { buildId: 2, finishTime: '2025-01-01T00:00:00Z', counts: counts({ critical: 1 }) } }),
    repo('p2', 'docs', { coverage: 'disabled' }),
  ] },
];

const names = (rows: InventoryRepo[]) => rows.map((r) => r.name);

describe('hub inventory table', () => {
  it('sorts by coverage, least protected first, then project and name', () => {
    assert.deepEqual(names(inventoryRows(projects)), ['api', 'billing', 'web', 'docs']);
    assert.deepEqual(names(inventoryRows(projects, {}, { key: 'coverage', descending: true })), ['docs', 'web', 'billing', 'api']);
  });

  it('filters by text in the repository or project name, by project and by coverage', () => {
    assert.deepEqual(names(inventoryRows(projects, { text: ' BETA ' })), ['billing', 'docs']);
    assert.deepEqual(names(inventoryRows(projects, { text: 'we' })), ['web']);
    assert.deepEqual(names(inventoryRows(projects, { projects: ['p1'] })), ['api', 'web']);
    assert.deepEqual(names(inventoryRows(projects, { coverage: ['gated', 'disabled'] })), ['web', 'docs']);
    assert.deepEqual(inventoryRows(projects, { text: 'zzz' }), []);
  });

  it('sorts by project, repository, last scan and findings', () => {
    assert.deepEqual(names(inventoryRows(projects, {}, { key: 'repository' })), ['api', 'billing', 'docs', 'web']);
    assert.deepEqual(names(inventoryRows(projects, {}, { key: 'project', descending: true })), ['billing', 'docs', 'api', 'web']);
    assert.deepEqual(names(inventoryRows(projects, {}, { key: 'lastScan', descending: true })), ['web', 'billing', 'api', 'docs']);
    assert.deepEqual(names(inventoryRows(projects, {}, { key: 'findings', descending: true })), ['billing', 'web', 'api', 'docs'], 'one critical before fifty lows');
  });

  it('weighs findings by severity, and a repository never scanned below a clean one', () => {
    assert.ok(severityWeight(repo('p1', 'a', { lastScan: { buildId: 1, counts: counts({ critical: 1 }) } })) > severityWeight(repo('p1', 'b', { lastScan: { buildId: 1, counts: counts({ high: 999 }) } })));
    assert.equal(severityWeight(repo('p1', 'c', { lastScan: { buildId: 1, counts: counts({}) } })), 0);
    assert.equal(severityWeight(repo('p1', 'd')), -1);
  });
});
