/**
 * What Azure DevOps itself enforces and Palisade relies on: project properties guarded by
 * *Manage project properties*, builds, artifacts, tags and file containers visible only to
 * members of their project, an identity of another project that sees nothing of this one, and
 * PR comments recorded with their author. Through the real clients, validated against the specs.
 */
import assert from 'node:assert/strict';
import { Operation } from 'azure-devops-node-api/interfaces/common/VSSInterfaces';
import { MANAGE_PROPERTIES, PROJECT_NAMESPACE_ID } from './routes/permissions';
import { browserClients, call, nodeConnection } from './testing/clients';
import { emulatorFixture, validateResponsesAgainstSpecs } from './testing/fixture';

const PROJECT = 'Palisade Demo';
const KEY = 'Palisade.Settings.Defaults';

describe('emulator: permissions Palisade relies on', () => {
  const fixture = emulatorFixture();
  validateResponsesAgainstSpecs(fixture);
  const emu = () => fixture.emulator;
  const projectId = () => emu().store.project(PROJECT).id;
  const patch = (identity: string, body: unknown, contentType = 'application/json-patch+json') =>
    call(emu(), 'PATCH', `_apis/projects/${projectId()}/properties?api-version=7.1-preview.1`, { identity, body, headers: { 'content-type': contentType } });
  const typeKey = (r: { json: unknown }) => (r.json as { typeKey?: string }).typeKey;

  describe('project properties', () => {
    it('an administrator writes them; every member and the build identity read them, filtered by key', async () => {
      const core = await nodeConnection(emu(), 'admin').getCoreApi();
      await core.setProjectProperties(undefined, projectId(), [
        { op: Operation.Add, path: `/${KEY}`, value: '{"schemaVersion":1}' },
        { op: Operation.Add, path: '/Palisade.Triage.Repo.r1', value: 'a' },
        { op: Operation.Add, path: '/Palisade.Triage.Repo.r1.1', value: 'b' },
      ]);
      for (const identity of ['build', 'reader', 'contributor']) {
        const props = await (await nodeConnection(emu(), identity).getCoreApi()).getProjectProperties(projectId(), ['Palisade.Triage.Repo.r1*']);
        assert.deepEqual(props.map((p) => [p.name, p.value]), [['Palisade.Triage.Repo.r1', 'a'], ['Palisade.Triage.Repo.r1.1', 'b']], identity);
      }
      const all = await (await nodeConnection(emu(), 'reader').getCoreApi()).getProjectProperties(projectId());
      assert.ok(all.some((p) => p.name === 'System.Process Template'), 'system properties are listed without a filter');
      const one = await browserClients(emu(), 'reader').core.getProjectProperties(projectId(), [KEY]);
      assert.deepEqual(one.map((p) => p.name), [KEY]);

      await core.setProjectProperties(undefined, projectId(), [{ op: Operation.Remove, path: '/Palisade.Triage.Repo.r1.1' }]);
      assert.deepEqual(Object.keys(emu().store.project(PROJECT).properties).filter((k) => k.startsWith('Palisade.')).sort(), [KEY, 'Palisade.Triage.Repo.r1']);
    });

    it('refuses writes by contributors, readers and the build identity (403) and changes nothing', async () => {
      const before = structuredClone(emu().store.project(PROJECT).properties);
      for (const identity of ['contributor', 'reader', 'build', 'outsider']) {
        const r = await patch(identity, [{ op: 'add', path: `/${KEY}`, value: '{"settings":{"enabled":false}}' }]);
        if (identity === 'outsider') {
          assert.equal(r.status, 404, 'a non-member is told the project does not exist');
        } else {
          assert.equal(r.status, 403, identity);
          assert.equal(typeKey(r), 'AccessCheckException');
          assert.match((r.json as { message: string }).message, /Manage project properties/);
        }
      }
      await assert.rejects(browserClients(emu(), 'contributor').core.setProjectProperties(projectId(), [{ op: Operation.Add, path: `/${KEY}`, value: 'x', from: '' }]), /Manage project properties/);
      assert.deepEqual(emu().store.project(PROJECT).properties, before);
    });

    it('validates the patch document: content type, verbs, paths and value size', async () => {
      assert.equal((await patch('admin', [{ op: 'add', path: `/${KEY}`, value: 'x' }], 'application/json')).status, 415);
      assert.equal((await patch('admin', [{ op: 'copy', path: `/${KEY}`, from: '/x' }])).status, 400);
      assert.equal((await patch('admin', [{ op: 'add', path: KEY, value: 'x' }])).status, 400);
      assert.equal((await patch('admin', [{ op: 'add', path: `/${KEY}`, value: 'x'.repeat(40_000) }])).status, 400);
      // All or nothing: a bad operation after a good one leaves both undone.
      assert.equal((await patch('admin', [{ op: 'add', path: '/Palisade.A', value: '1' }, { op: 'move', path: '/Palisade.B' }])).status, 400);
      assert.equal(emu().store.project(PROJECT).properties['Palisade.A'], undefined);
    });

    it('answers MANAGE_PROPERTIES per caller and project', async () => {
      const token = (id: string) => `$PROJECT:vstfs:///Classification/TeamProject/${id}`;
      const legacy = emu().store.project('Legacy Apps').id;
      const has = (identity: string, tokens: string[]) =>
        call(emu(), 'GET', `_apis/permissions/${PROJECT_NAMESPACE_ID}/${MANAGE_PROPERTIES}?tokens=${encodeURIComponent(tokens.join(','))}&api-version=7.1`, { identity }).then((r) => (r.json as { value: boolean[] }).value);
      assert.deepEqual(await has('admin', [token(projectId()), token(legacy)]), [true, true]);
      assert.deepEqual(await has('contributor', [token(projectId())]), [false]);
      assert.deepEqual(await has('build', [token(projectId())]), [false]);
      assert.deepEqual(await has('outsider', [token(projectId()), token(legacy)]), [false, false]);
    });
  });

  describe('build tags', () => {
    it('the build tags itself; tagFilters lists builds carrying every tag', async () => {
      const api = await nodeConnection(emu(), 'build').getBuildApi();
      assert.deepEqual(await api.addBuildTag(PROJECT, 101, 'palisade'), ['palisade']);
      assert.deepEqual(await api.addBuildTags(['Palisade', 'nightly'], PROJECT, 100), ['Palisade', 'nightly']);
      assert.deepEqual(await api.getBuildTags(PROJECT, 101), ['palisade']);
      const tagged = await api.getBuilds(PROJECT, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, ['palisade']);
      assert.deepEqual(tagged.map((b) => b.id).sort(), [100, 101]);
      assert.deepEqual((await api.getBuilds(PROJECT, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, ['palisade', 'nightly'])).map((b) => b.id), [100]);
      assert.deepEqual((await api.getBuild(PROJECT, 100)).tags, ['Palisade', 'nightly']);
      assert.deepEqual(await api.updateBuildTags({ tagsToAdd: ['x'], tagsToRemove: ['nightly'] }, PROJECT, 100), ['Palisade', 'x']);
      assert.deepEqual(await api.deleteBuildTag(PROJECT, 100, 'PALISADE'), ['x']);
      const hub = await browserClients(emu(), 'reader').build.getBuilds(PROJECT, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, ['palisade']);
      assert.deepEqual(hub.map((b) => b.id), [101]);
    });

    it('refuses tags from people (the pipeline tags its own build)', async () => {
      const r = await call(emu(), 'PUT', `${PROJECT}/_apis/build/builds/101/tags/palisade?api-version=7.1`, { identity: 'contributor' });
      assert.equal(r.status, 403);
      assert.deepEqual(emu().store.data.builds.find((b) => b.id === 101)?.tags, []);
    });
  });

  describe('a member of another project', () => {
    const get = (path: string) => call(emu(), 'GET', path, { identity: 'outsider' });

    it('sees its own project and nothing of Palisade Demo: projects, repositories, pull requests', async () => {
      const core = await nodeConnection(emu(), 'outsider').getCoreApi();
      assert.deepEqual((await core.getProjects()).map((p) => p.name), ['Legacy Apps']);
      const repos = await (await nodeConnection(emu(), 'outsider').getGitApi()).getRepositories();
      assert.deepEqual(repos.map((r) => r.name), ['old-portal']);
      const webShop = emu().store.repository('web-shop').id;
      for (const path of [
        `_apis/projects/${projectId()}?api-version=7.1`,
        `_apis/projects/${projectId()}/properties?api-version=7.1-preview.1`,
        `_apis/git/repositories/${webShop}?api-version=7.1`,
        `${PROJECT}/_apis/git/repositories?api-version=7.1`,
        `_apis/git/pullRequests/1?api-version=7.1`,
        `${PROJECT}/_apis/git/repositories/web-shop/pullRequests/1/threads?api-version=7.1`,
      ]) {
        assert.equal((await get(path)).status, 404, path);
      }
    });

    it('gets no build, artifact, tag or container file of Palisade Demo, even by id', async () => {
      const build = emu().store.data.builds.find((b) => b.id === 101)!;
      for (const path of [
        `${PROJECT}/_apis/build/builds?api-version=7.1`,
        `${projectId()}/_apis/build/builds/101?api-version=7.1`,
        `${PROJECT}/_apis/build/builds/101/artifacts?api-version=7.1`,
        `${PROJECT}/_apis/build/builds/101/artifacts?artifactName=CodeAnalysisLogs&$format=zip&api-version=7.1`,
        `${PROJECT}/_apis/build/builds/101/tags?api-version=7.1`,
        `_apis/resources/Containers/${build.containerId}?itemPath=CodeAnalysisLogs/palisade.sarif&api-version=7.1-preview.4`,
        `_apis/resources/Containers/${build.containerId}?api-version=7.1-preview.4`,
      ]) {
        const r = await get(path);
        assert.equal(r.status, 404, path);
        assert.doesNotMatch(r.text, /web-shop|lodash|palisade\.sarif/, `${path} reveals nothing`);
      }
      // Its own project's builds are fine.
      const legacy = emu().store.createBuild({ project: 'Legacy Apps', repository: 'old-portal', sourceBranch: 'refs/heads/master', status: 'completed', result: 'succeeded' });
      const own = await get(`Legacy Apps/_apis/build/builds/${legacy.id}?api-version=7.1`);
      assert.equal(own.status, 200);
      // And a reader of Palisade Demo does see its builds.
      assert.equal((await call(emu(), 'GET', `${PROJECT}/_apis/build/builds/101/artifacts?api-version=7.1`, { identity: 'reader' })).status, 200);
    });
  });

  it('records the author of each PR comment as the caller the service authenticated', async () => {
    const git = await nodeConnection(emu(), 'contributor').getGitApi();
    const thread = await git.createThread({ comments: [{ content: 'Palisade: finding', parentCommentId: 0 }], status: 1 }, 'web-shop', 1, PROJECT);
    const adminGit = await nodeConnection(emu(), 'admin').getGitApi();
    await adminGit.createComment({ content: '/palisade dismiss false-positive fixture', parentCommentId: 1 }, 'web-shop', 1, thread.id!, PROJECT);
    const comments = await git.getComments('web-shop', 1, thread.id!, PROJECT);
    assert.deepEqual(comments.map((c) => c.author?.displayName), ['Casey Contributor', 'Avery Admin']);
    assert.deepEqual(comments.map((c) => c.author?.id), [emu().store.identity('contributor').id, emu().store.identity('admin').id]);
  });
});
