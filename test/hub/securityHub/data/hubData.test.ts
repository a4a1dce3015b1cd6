/** What the hub's views share for the page's life (hub/securityHub/data/hubData.ts): one scan index, one record reader, fresh project state. */
import assert from 'node:assert/strict';
import { serializeSettingsProperty, settingsRepoKey } from '../../../../tasks/contract/projectSettings';
import { HubData, MAX_CALLS_IN_FLIGHT } from '../../../../hub/securityHub/data/hubData';
import { REQUIRED_STATUS } from '../../../../hub/securityHub/data/pipelineSnippet';
import { cacheKey } from '../../../../hub/shared/data/recordCache';
import type { ScanIndex } from '../../../../hub/securityHub/data/scanIndex';
import type { BuildQuery } from '../../../../hub/shared/services/hubServices';
import { FakeProject, finding } from '../../fakeProject';

const repo = { id: 'r1', name: 'web-shop', defaultBranch: 'refs/heads/main' };

function project(): FakeProject {
  const p = new FakeProject([repo]);
  p.addScan({ buildId: 5, repoId: 'r1', branch: 'main', findings: [finding(1)] });
  return p;
}

describe('hub data: the scan index, shared', () => {
  it('reads the index once for every tab that asks, and tells a late listener what is known', async () => {
    const p = project();
    const data = new HubData(p.services(), p.repos);
    const early: number[] = [];
    const [a, b] = await Promise.all([data.scanIndex((i) => early.push(i.pagesRead)), data.scanIndex()]);
    assert.equal(a, b);
    assert.equal(p.calls.buildLists, 1);
    const late: ScanIndex[] = [];
    await data.scanIndex((i) => late.push(i));
    assert.equal(p.calls.buildLists, 1, 'still one listing');
    assert.ok(late.length >= 1 && late.every((i) => i === a));
    assert.ok(early.length >= 2, 'progress, then the whole index');
  });

  it('reads a failed index again the next time it is asked for', async () => {
    const p = project();
    const base = p.services();
    let failures = 1;
    const services = { ...base, listScanBuilds: async (q: BuildQuery) => (failures-- > 0 ? Promise.reject(new Error('builds are down')) : base.listScanBuilds(q)) };
    const data = new HubData(services, p.repos);
    await assert.rejects(data.scanIndex(), /builds are down/);
    const index = await data.scanIndex();
    assert.equal(index.repos.get('r1')?.defaultBranch?.id, 5);
  });

  it('stops telling a listener that has gone', async () => {
    const p = project();
    p.latencyMs = 2;
    const data = new HubData(p.services(), p.repos);
    let calls = 0;
    const listener = () => calls++;
    const loading = data.scanIndex(listener);
    data.stopListening(listener);
    await data.scanIndex();
    await loading;
    assert.equal(calls, 1, 'only the whole index its own promise hands over');
  });

  it('bounds the calls in flight across callers', async () => {
    const p = project();
    const data = new HubData(p.services(), p.repos);
    assert.equal(data.limiter.limit, MAX_CALLS_IN_FLIGHT);
  });
});

describe('hub data: records and project state', () => {
  it('caches record summaries under this organization, user and project', async () => {
    const p = project();
    const data = new HubData(p.services(), p.repos);
    await data.reader.summary(5);
    data.reader.cache.flush();
    const key = cacheKey({ collectionUri: 'https://dev.azure.com/org/', userId: p.user.id, projectId: p.services().context.projectId });
    assert.ok(p.storage.getItem(key)?.includes('"5"'));
  });

  it('reads settings and triage fresh each time', async () => {
    const p = project();
    const data = new HubData(p.services(), p.repos);
    assert.equal((await data.projectState()).repoSettings.size, 0);
    p.properties.set(settingsRepoKey('r1'), serializeSettingsProperty({ enabled: false }, { id: 'u', displayName: 'U' }, '2025-01-01T00:00:00Z'));
    assert.equal((await data.projectState()).repoSettings.get('r1')?.settings.enabled, false);
    assert.equal(p.calls.propertyReads, 2);
  });

  it('names the status a branch policy requires', () => {
    assert.equal(REQUIRED_STATUS, 'palisade/security-scan');
  });
});
