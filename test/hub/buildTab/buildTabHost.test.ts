/** The build tab's connection to the host (hub/buildTab/buildTabHost.ts): which build it is on, and reading that build, against an in-memory SDK. */
import { host, resetHost } from '../fakeSdk';
import assert from 'node:assert/strict';
import { connectBuildTab, watchBuild } from '../../../hub/buildTab/buildTabHost';
import { scripted } from '../scriptedFetch';
import { withFetch } from '../withFetch';

const BUILD_PAGE_DATA = 'ms.vss-build-web.build-page-data-service';

describe('hub build tab: which build', () => {
  beforeEach(resetHost);

  it('takes the build from the configuration when the host passes it', async () => {
    const seen: number[] = [];
    host.configuration = { buildId: '12' };
    await watchBuild((id) => seen.push(id));
    host.configuration = { build: { id: 13 } };
    await watchBuild((id) => seen.push(id));
    assert.deepEqual(seen, [12, 13]);
  });

  it('follows the host\'s onBuildChanged, ignoring ids that are not builds', async () => {
    const seen: number[] = [];
    let handler: (b: { id?: unknown }) => void = () => undefined;
    host.configuration = { buildId: 'nope', onBuildChanged: (h: typeof handler) => { handler = h; } };
    await watchBuild((id) => seen.push(id));
    handler({ id: 21 });
    handler({ id: -1 });
    handler({});
    handler({ id: 22 });
    assert.deepEqual(seen, [21, 22]);
  });

  it('asks the build page data service last, and says so when nobody knows the build', async () => {
    const seen: number[] = [];
    host.services[BUILD_PAGE_DATA] = { getBuildPageData: async () => ({ build: { id: 31 } }) };
    await watchBuild((id) => seen.push(id));
    assert.deepEqual(seen, [31]);
    host.services[BUILD_PAGE_DATA] = { getBuildPageData: () => undefined };
    await assert.rejects(watchBuild(() => undefined), /did not say which build/);
  });
});

describe('hub build tab: reading the build', () => {
  beforeEach(resetHost);

  it('reads the build, every job\'s record and the SARIF log with the user\'s token', async () => {
    const { sent, fetchFn } = scripted((req) => {
      const path = new URL(req.url).pathname.toLowerCase();
      if (req.method === 'OPTIONS') return { body: { value: [] } };
      if (path.endsWith('/_apis/build/builds/9')) return { body: { id: 9, buildNumber: '2025.9', repository: { id: 'r1', name: 'web', type: 'TfsGit' }, sourceBranch: 'refs/heads/main', sourceVersion: 'c0ffee', finishTime: '2025-01-02T00:00:00Z' } };
      if (path.endsWith('/builds/9/artifacts')) return { body: [{ id: 1, name: 'CodeAnalysisLogs', resource: { type: 'Container', data: '#/5/CodeAnalysisLogs' } }, { id: 2, name: 'CodeAnalysisLogs_job_2', resource: { type: 'Container', data: '#/6/CodeAnalysisLogs_job_2' } }] };
      if (path.includes('/containers/')) return { body: { file: new URL(req.url).searchParams.get('itemPath') } };
      return { status: 404 };
    });
    await withFetch(fetchFn, async () => {
      const tab = await connectBuildTab();
      assert.deepEqual([tab.projectId, tab.projectName, tab.collectionUri], ['p-1', 'My Project', 'https://dev.azure.com/org/']);
      assert.deepEqual(tab.extension, { publisherId: 'palisade-pub', extensionId: 'palisade' });
      assert.deepEqual(await tab.getBuild(9), { id: 9, buildNumber: '2025.9', repositoryId: 'r1', repositoryName: 'web', repositoryType: 'TfsGit', sourceBranch: 'refs/heads/main', sourceVersion: 'c0ffee', finishTime: '2025-01-02T00:00:00.000Z' });
      assert.deepEqual((await tab.readRecords(9)).map((r) => r.artifactName), ['CodeAnalysisLogs_job_2', 'CodeAnalysisLogs'], 'every job and attempt');
      assert.equal((await tab.readBuildSarif(9))?.text, '{"file":"CodeAnalysisLogs_job_2/palisade.sarif"}');
    });
    assert.ok(sent.filter((s) => s.method !== 'OPTIONS').every((s) => new Headers(s.headers).get('Authorization') === 'Bearer sdk-token'));
    assert.equal(host.calls[0], 'init {"loaded":false,"applyTheme":true}');
  });

  it('refuses to open outside a project', async () => {
    host.project = undefined;
    await assert.rejects(connectBuildTab(), /The Security tab opens inside a project/);
  });
});
