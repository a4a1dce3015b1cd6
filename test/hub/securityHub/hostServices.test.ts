/**
 * The Security hub's services over the host (hub/securityHub/hostServices.ts), against an
 * in-memory SDK and a scripted Azure DevOps: what each service method asks the REST APIs, and how
 * the answers become the hub's model.
 */
import { host, resetHost } from '../fakeSdk';
import assert from 'node:assert/strict';
import { BuildResult, type Build } from 'azure-devops-extension-api/Build';
import { connectToHost, scanBuildOf } from '../../../hub/securityHub/hostServices';
import { MemoryStorage } from '../../../hub/shared/data/recordCache';
import { scripted, type Answer, type Sent } from '../scriptedFetch';
import { withFetch } from '../withFetch';

const NAVIGATION = 'ms.vss-features.host-navigation-service';

/**
 * Runs `body` with the page globals `window` and `document` as given (undefined: absent), then
 * puts back whatever was there (a jsdom test bundle in the same process may have set them).
 */
async function withPage<T>(page: { window?: unknown; document?: unknown }, body: () => Promise<T>): Promise<T> {
  const g = globalThis as Record<string, unknown>;
  const saved = { window: Object.getOwnPropertyDescriptor(g, 'window'), document: Object.getOwnPropertyDescriptor(g, 'document') };
  for (const k of ['window', 'document'] as const) {
    if (page[k] === undefined) delete g[k];
    else Object.defineProperty(g, k, { value: page[k], configurable: true, writable: true });
  }
  try {
    return await body();
  } finally {
    for (const k of ['window', 'document'] as const) {
      delete g[k];
      if (saved[k]) Object.defineProperty(g, k, saved[k]!);
    }
  }
}

/** Azure DevOps as the hub's calls see it; `extra` answers first when it returns something. */
function devops(extra: (req: Sent, url: URL) => Answer | undefined = () => undefined) {
  return scripted((req) => {
    const url = new URL(req.url);
    const path = url.pathname.toLowerCase();
    const own = extra(req, url);
    if (own) return own;
    if (req.method === 'OPTIONS') return { body: { value: [] } };
    if (path.endsWith('/_apis/git/repositories')) {
      return { body: [{ id: 'r1', name: 'web', defaultBranch: 'refs/heads/main', webUrl: 'https://x/web', isDisabled: false }, { id: 'r2', name: 'empty', defaultBranch: '' }] };
    }
    if (path.includes('/_apis/permissions/')) return { body: { count: 1, value: [true] } };
    if (path.endsWith('/_apis/build/builds')) {
      return { body: [{ id: 7, buildNumber: '2025.7', repository: { id: 'r1' }, sourceBranch: 'refs/heads/main', sourceVersion: 'c0ffee', finishTime: '2025-01-02T00:00:00Z', result: 2, definition: { name: 'CI' }, requestedFor: { displayName: 'Avery' } }], headers: { 'x-ms-continuationtoken': 'next-page' } };
    }
    if (path.endsWith('/builds/7/artifacts')) return { body: [{ id: 1, name: 'CodeAnalysisLogs', resource: { type: 'Container', data: '#/55/CodeAnalysisLogs' } }] };
    if (path.includes('/_apis/resources/containers/55')) return { body: { scan: 'record' } };
    if (path.endsWith('/properties')) return req.method === 'PATCH' ? { status: 204 } : { body: { count: 1, value: [{ name: 'Palisade.Settings.Defaults', value: '{}' }] } };
    return { status: 404, body: { message: `unexpected ${req.method} ${req.url}` } };
  });
}

function navigation() {
  return { getHash: async () => '', getQueryParams: async () => ({ repo: 'web' }), setHash() {}, replaceHash() {}, onHashChanged() {} };
}

describe('hub services over the host', () => {
  beforeEach(() => {
    resetHost();
    host.services[NAVIGATION] = navigation();
  });

  it('takes the project, user and organization from the host, and starts from the link\'s route', async () => {
    const services = await withPage({}, () => connectToHost());
    assert.deepEqual(services.context, { projectId: 'p-1', projectName: 'My Project', user: { id: 'u-1', displayName: 'Avery Admin' }, collectionUri: 'https://dev.azure.com/org/' });
    assert.equal((await services.navigation.initialRoute()).repo, 'web');
    assert.equal(services.cacheStorage, undefined, 'no browser storage without a window');
    const sandboxed = await withPage({ window: { get localStorage(): Storage { throw new Error('SecurityError'); } } }, () => connectToHost());
    assert.equal(sandboxed.cacheStorage, undefined, 'nor in a frame that may not use it');
  });

  it('lists repositories, an empty one without a default branch', async () => {
    const { fetchFn } = devops();
    await withFetch(fetchFn, async () => {
      const services = await connectToHost();
      assert.deepEqual(await services.listRepositories(), [
        { id: 'r1', name: 'web', defaultBranch: 'refs/heads/main', webUrl: 'https://x/web', isDisabled: false },
        { id: 'r2', name: 'empty', defaultBranch: undefined, webUrl: undefined, isDisabled: undefined },
      ]);
    });
  });

  it('asks for Manage project properties on the project, and takes only a yes as a yes', async () => {
    let answer: unknown[] = [true];
    const { sent, fetchFn } = devops((_req, url) => (url.pathname.includes('/_apis/permissions/') ? { body: answer } : undefined));
    await withFetch(fetchFn, async () => {
      const services = await connectToHost();
      assert.equal(await services.canManageProperties(), true);
      answer = [false];
      assert.equal(await services.canManageProperties(), false);
      answer = [];
      assert.equal(await services.canManageProperties(), false);
    });
    const url = new URL(sent.find((s) => s.url.includes('/_apis/permissions/'))!.url);
    assert.equal(url.pathname, '/org/_apis/permissions/52d39943-cb85-4d7f-8fa8-c6baac873819/131072');
    assert.equal(url.searchParams.get('tokens'), '$PROJECT:vstfs:///Classification/TeamProject/p-1');
  });

  it('lists completed builds tagged palisade, newest finish first, for a repository and branch, with the next page\'s token', async () => {
    const { sent, fetchFn } = devops();
    await withFetch(fetchFn, async () => {
      const services = await connectToHost();
      const page = await services.listScanBuilds({ repoId: 'r1', branch: 'refs/heads/main', top: 50, continuationToken: 'tok' });
      assert.equal(page.continuationToken, 'next-page');
      assert.deepEqual(page.builds, [{ id: 7, buildNumber: '2025.7', repoId: 'r1', sourceBranch: 'refs/heads/main', sourceVersion: 'c0ffee', finishTime: '2025-01-02T00:00:00.000Z', result: '2', definitionName: 'CI', requestedFor: 'Avery' }]);
      await services.listScanBuilds({ top: 200 });
    });
    const [withRepo, whole] = sent.filter((s) => s.method === 'GET' && /\/_apis\/build\/builds$/i.test(new URL(s.url).pathname)).map((s) => new URL(s.url).searchParams);
    assert.equal(withRepo.get('tagFilters'), 'palisade');
    assert.equal(withRepo.get('statusFilter'), '2', 'completed');
    assert.equal(withRepo.get('queryOrder'), '3', 'finish time, newest first');
    assert.equal(withRepo.get('$top'), '50');
    assert.equal(withRepo.get('continuationToken'), 'tok');
    assert.equal(withRepo.get('branchName'), 'refs/heads/main');
    assert.equal(withRepo.get('repositoryId'), 'r1');
    assert.equal(withRepo.get('repositoryType'), 'TfsGit');
    assert.equal(whole.get('repositoryId'), null);
    assert.equal(whole.get('repositoryType'), null, 'the type only goes with a repository');
  });

  it('reads scan records from the build\'s artifacts, and properties with the project\'s filter', async () => {
    const { sent, fetchFn } = devops();
    await withFetch(fetchFn, async () => {
      const services = await connectToHost();
      const records = await services.readScanRecords(7, true);
      assert.deepEqual(records.map((r) => [r.artifactName, r.text]), [['CodeAnalysisLogs', '{"scan":"record"}']]);
      assert.deepEqual(await services.readProperties(['Palisade.*']), [{ name: 'Palisade.Settings.Defaults', value: '{}' }]);
    });
    const read = sent.find((s) => s.url.toLowerCase().includes('/_apis/resources/containers/55'))!;
    assert.equal(new URL(read.url).searchParams.get('itemPath'), 'CodeAnalysisLogs/palisade-scan.json');
    const props = sent.find((s) => s.url.includes('/properties'))!;
    assert.equal(new URL(props.url).pathname, '/org/_apis/projects/p-1/properties');
    assert.equal(new URL(props.url).searchParams.get('keys'), 'Palisade.*');
  });

  it('writes property changes as one JSON-patch request of adds and removes', async () => {
    const { sent, fetchFn } = devops();
    await withFetch(fetchFn, async () => {
      const services = await connectToHost();
      await services.writeProperties([{ name: 'Palisade.A', value: '{"x":1}' }, { name: 'Palisade.B', remove: true }]);
    });
    const patch = sent.filter((s) => s.method === 'PATCH');
    assert.equal(patch.length, 1);
    assert.deepEqual(JSON.parse(patch[0].body ?? ''), [{ op: 'add', path: '/Palisade.A', value: '{"x":1}' }, { op: 'remove', path: '/Palisade.B' }]);
  });

  it('fetches the rule catalog next to the page once, and has an empty one when it cannot', async () => {
    const storage = new MemoryStorage();
    await withPage({ document: { baseURI: 'https://cdn.example/ext/dist/hub/hub.html' }, window: { localStorage: storage } }, async () => {
      let status = 200;
      const { sent, fetchFn } = devops((_req, url) => (url.pathname.endsWith('rule-catalog.json') ? { status, body: { rules: { r1: { id: 'r1' } } } } : undefined));
      await withFetch(fetchFn, async () => {
        const services = await connectToHost();
        assert.equal(services.cacheStorage, storage, 'the browser\'s storage when the page may use it');
        const [a, b] = await Promise.all([services.ruleCatalog(), services.ruleCatalog()]);
        assert.deepEqual(Object.keys(a.rules), ['r1']);
        assert.equal(a, await b);
        status = 404;
        assert.deepEqual(await (await connectToHost()).ruleCatalog(), { rules: {} });
      });
      assert.deepEqual(sent.filter((s) => s.url.endsWith('rule-catalog.json')).map((s) => s.url), ['https://cdn.example/ext/dist/hub/rule-catalog.json', 'https://cdn.example/ext/dist/hub/rule-catalog.json']);
    });
  });


  it('maps a build as the Build API returns it', () => {
    const b = { id: 3, finishTime: new Date('2025-03-01T10:00:00Z'), result: BuildResult.Failed } as unknown as Build;
    assert.deepEqual(scanBuildOf(b), { id: 3, buildNumber: undefined, repoId: undefined, sourceBranch: undefined, sourceVersion: undefined, finishTime: '2025-03-01T10:00:00.000Z', result: String(BuildResult.Failed), definitionName: undefined, requestedFor: undefined });
    assert.equal(scanBuildOf({ id: 4 } as Build).finishTime, undefined);
  });
});
