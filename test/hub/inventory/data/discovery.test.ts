/**
 * The organization inventory's discovery against the emulator with each user's own token: it
 * lists only what the user may see, computes coverage from settings, gates, pipelines and scan
 * records (a real task run publishes one), survives a 429 storm without losing anything (slower,
 * not smaller), resumes from its checkpoint, and enables projects in bulk where allowed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseSettingsProperty, SETTINGS_DEFAULTS_KEY, settingsPatch } from '../../../../tasks/contract/projectSettings';
import { enableProjects } from '../../../../hub/inventory/data/bulkEnable';
import { discoverOrganization, type CheckpointStore, type DiscoveryCheckpoint, type Inventory } from '../../../../hub/inventory/data/discovery';
import { inventoryRows } from '../../../../hub/inventory/data/inventoryTable';
import { ThrottledClient } from '../../../../hub/shared/sdk/throttledClient';
import { addGate } from '../../../../hub/shared/data/branchGate';
import { browserClients, call } from '../../../emulator/testing/clients';
import { emulatorFixture } from '../../../emulator/testing/fixture';
import type { Emulator } from '../../../emulator/index';
import { runTaskAsAgent } from '../../../support/agentShim';

const ADMIN = { id: '90a2a264-f6bb-4b81-8cb1-74d3a5dd2576', displayName: 'Avery Admin' };

function client(emu: Emulator, identity: string, opts: ConstructorParameters<typeof ThrottledClient>[2] = {}): ThrottledClient {
  return new ThrottledClient(emu.orgUrl, async () => `Bearer ${emu.tokens[identity]}`, opts);
}

class MemoryStore implements CheckpointStore {
  value?: DiscoveryCheckpoint;
  load() {
    return this.value ? structuredClone(this.value) : undefined;
  }
  save(c: DiscoveryCheckpoint) {
    this.value = structuredClone(c);
  }
  clear() {
    this.value = undefined;
  }
}

/** What a person compares: every repository's coverage, scan and counts. */
function summary(inv: Inventory): string[] {
  return inventoryRows(inv.projects, {}, { key: 'repository' }).map((r) => `${r.projectName}/${r.name}: ${r.coverage}${r.lastScan ? ` scan#${r.lastScan.buildId} ${r.lastScan.outcome} ${JSON.stringify(r.lastScan.counts)}` : ''}`);
}

describe('hub inventory: organization discovery', function () {
  this.timeout(120_000);
  const fixture = emulatorFixture();
  const emu = () => fixture.emulator;
  let work: string;
  let agentDir: string | undefined;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'palisade-inventory-'));
  });
  afterEach(() => {
    rmSync(work, { recursive: true, force: true });
    if (agentDir) rmSync(agentDir, { recursive: true, force: true });
    agentDir = undefined;
  });

  /** web-shop: enforced managed scanning, scanned by the real task, gated; the rest as seeded. */
  async function organisation(): Promise<void> {
    const e = emu();
    const project = e.store.project('Palisade Demo');
    await call(e, 'PATCH', `_apis/projects/${project.id}/properties?api-version=7.1-preview.1`, {
      identity: 'admin', headers: { 'content-type': 'application/json-patch+json' }, body: settingsPatch(SETTINGS_DEFAULTS_KEY, { managedScan: 'enforce' }, ADMIN, '2026-12-01T00:00:00Z'),
    });
    const repo = e.store.repository('web-shop');
    const build = e.store.createBuild({ project: 'Palisade Demo', repository: 'web-shop', sourceBranch: 'refs/heads/main', reason: 'individualCI' });
    for (const [path, blob] of Object.entries(repo.commits[build.sourceVersion].tree)) {
      const abs = join(work, path);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, e.store.blob(blob));
    }
    const run = await runTaskAsAgent({ emulator: e, buildId: build.id, sourcesDirectory: work, workDirectory: (agentDir = mkdtempSync(join(work, '..', 'palisade-inv-agent-'))), inputs: { managed: 'true', scanners: 'secrets' }, env: { PALISADE_RETRY_BASE_MS: '5' } });
    assert.ok(run.tags.includes('palisade'), `the managed scan published a record:\n${run.stdout}`);
    await addGate(browserClients(e, 'admin').policy, { projectId: project.id, repositoryId: repo.id, repositoryName: repo.name, defaultBranch: repo.defaultBranch });
    e.requestLog.clear();
  }

  it('shows an administrator both projects and a member of one project only that one', async () => {
    await organisation();
    const admin = await discoverOrganization(client(emu(), 'admin'));
    assert.equal(admin.complete, true);
    assert.deepEqual(admin.projects.map((p) => [p.name, p.canManage]).sort(), [['Legacy Apps', true], ['Palisade Demo', true]]);
    const rows = summary(admin);
    assert.equal(rows.length, 5);
    const webShop = rows.find((r) => r.startsWith('Palisade Demo/web-shop'))!;
    assert.match(webShop, /^Palisade Demo\/web-shop: gated scan#\d+ succeeded \{"critical":0,"high":0/, webShop);
    assert.ok(rows.includes('Palisade Demo/payments-api: enabledNeverScanned'), rows.join('\n'));
    assert.ok(rows.includes('Palisade Demo/docs-site: noPipeline'), rows.join('\n'));
    assert.ok(rows.includes('Legacy Apps/old-portal: noPipeline'), rows.join('\n'));

    const outsider = await discoverOrganization(client(emu(), 'outsider'));
    assert.deepEqual(outsider.projects.map((p) => [p.name, p.canManage]), [['Legacy Apps', false]]);
    assert.deepEqual(summary(outsider), ['Legacy Apps/old-portal: noPipeline']);
    const leaked = emu().requestLog.entries.filter((r) => r.identity === 'outsider' && r.path.includes(emu().store.project('Palisade Demo').id));
    assert.deepEqual(leaked, [], 'no call even names the project the outsider cannot see');
    // Filter and sort.
    assert.deepEqual(inventoryRows(admin.projects, { coverage: ['noPipeline'] }, { key: 'repository' }).map((r) => r.name), ['archived-tools', 'docs-site', 'old-portal']);
    assert.equal(inventoryRows(admin.projects, {}, { key: 'findings', descending: true })[0].name, 'web-shop');
  });

  it('a 429 storm slows discovery down and loses nothing', async () => {
    await organisation();
    const calm = await discoverOrganization(client(emu(), 'admin'));
    const calmCalls = calm.calls;
    emu().requestLog.clear();
    // Every other GET is refused for a while, with Retry-After: 1 and the usage headers.
    emu().faults.rateLimit({ method: 'GET', path: '**/_apis/**', count: 10, retryAfter: 1, delay: 2, resetIn: 30 });
    const waits: number[] = [];
    let lowest = Infinity;
    const stormy: ThrottledClient = client(emu(), 'admin', { onWait: (w) => { waits.push(w.waitMs); lowest = Math.min(lowest, stormy.concurrency); } });
    const t0 = Date.now();
    const storm = await discoverOrganization(stormy);
    const elapsed = Date.now() - t0;
    assert.deepEqual(summary(storm), summary(calm), 'the same inventory');
    assert.equal(storm.complete, true);
    assert.equal(stormy.stats.throttled, 10, 'every 429 was retried');
    assert.equal(stormy.stats.calls, calmCalls + 10);
    assert.ok(waits.every((w) => w === 1000), `waited as Retry-After said: ${waits.join(', ')}`);
    assert.ok(elapsed >= 1000, `slower: ${elapsed} ms`);
    assert.equal(lowest, 1, 'it ran one request at a time while throttled (and recovered after)');
  });

  it('resumes from its checkpoint without repeating finished projects', async () => {
    const store = new MemoryStore();
    const signal = { aborted: false };
    const first = client(emu(), 'admin');
    const partial = await discoverOrganization(first, { store, signal, onProgress: (p) => { if (p.projectsDone >= 1) signal.aborted = true; } });
    assert.equal(partial.complete, false);
    assert.equal(partial.projects.length, 1);
    const doneId = partial.projects[0].id;
    emu().requestLog.clear();
    const rest = await discoverOrganization(client(emu(), 'admin'), { store });
    assert.equal(rest.complete, true);
    assert.equal(rest.projects.length, 2);
    assert.deepEqual(emu().requestLog.entries.filter((r) => r.path.includes(doneId)), [], 'the finished project is not fetched again');
    assert.deepEqual(emu().requestLog.entries.filter((r) => r.route === 'core.projects.list'), [], 'nor the project list');
  });

  it('enables managed scanning in bulk for the projects the user may manage, and refuses the others beforehand', async () => {
    const inv = await discoverOrganization(client(emu(), 'admin'));
    const results = await enableProjects(client(emu(), 'admin'), inv.projects, 'observe', ADMIN);
    assert.deepEqual(results.map((r) => r.ok), [true, true]);
    for (const p of inv.projects) {
      const value = emu().store.project(p.id).properties?.[SETTINGS_DEFAULTS_KEY];
      const stored = parseSettingsProperty(value, SETTINGS_DEFAULTS_KEY);
      assert.deepEqual([stored.settings.managedScan, stored.settings.enabled, stored.changedBy.displayName], ['observe', true, 'Avery Admin']);
    }
    const outsiderInv = await discoverOrganization(client(emu(), 'outsider'));
    const refused = await enableProjects(client(emu(), 'outsider'), outsiderInv.projects, 'enforce', { id: 'o', displayName: 'Morgan Outsider' });
    assert.deepEqual(refused.map((r) => [r.ok, /Manage project properties/.test(r.message)]), [[false, true]]);
    assert.equal(emu().requestLog.entries.filter((r) => r.identity === 'outsider' && r.method === 'PATCH').length, 0, 'not even tried');
  });
});
