/**
 * Builds, artifacts and the file container behind `##vso[artifact.upload]`, through the real
 * clients, every standard-dialect response validated against the official REST specs.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { BuildReason, BuildResult, BuildStatus } from 'azure-devops-node-api/interfaces/BuildInterfaces';
import { browserClients, call, nodeConnection } from './testing/clients';
import { emulatorFixture, validateResponsesAgainstSpecs } from './testing/fixture';
import { unzip } from './testing/unzip';

const PROJECT = 'Palisade Demo';
const SARIF = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Palisade' } }, results: [] }] });

async function buffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('emulator: builds, artifacts and file containers', () => {
  const fixture = emulatorFixture();
  validateResponsesAgainstSpecs(fixture);
  const emu = () => fixture.emulator;
  const webShop = () => emu().store.repository('web-shop');

  it('gets a build and lists the builds of a repository and branch', async () => {
    const api = await nodeConnection(emu()).getBuildApi();
    const build = await api.getBuild(PROJECT, 101);
    assert.deepEqual([build.status, build.result, build.reason], [BuildStatus.Completed, BuildResult.Succeeded, BuildReason.IndividualCI]);
    assert.equal(build.sourceVersion, webShop().refs['refs/heads/main']);
    assert.equal(build.repository?.id, webShop().id);
    assert.ok(build.finishTime instanceof Date);

    const list = (...filters: Parameters<typeof api.getBuilds>) => api.getBuilds(...filters).then((b) => b.map((x) => x.id));
    const onMain = [PROJECT, undefined, undefined, undefined, undefined, undefined, undefined, undefined] as const;
    const repoFilter = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, 'refs/heads/main', undefined, webShop().id, 'TfsGit'] as const;
    assert.deepEqual(await list(...onMain, undefined, undefined, ...repoFilter), [103, 101, 100]);
    assert.deepEqual(await list(...onMain, BuildStatus.Completed, undefined, ...repoFilter), [101, 100]);
    assert.deepEqual(await list(...onMain, undefined, BuildResult.Succeeded, ...repoFilter), [101]);

    // The continuation token travels in a header (the node client does not surface it).
    const query = `branchName=refs/heads/main&repositoryId=${webShop().id}&repositoryType=TfsGit&$top=2&api-version=7.1`;
    const firstPage = await call(emu(), 'GET', `${PROJECT}/_apis/build/builds?${query}`);
    assert.deepEqual((firstPage.json as { value: Array<{ id: number }> }).value.map((b) => b.id), [103, 101]);
    const token = firstPage.headers.get('x-ms-continuationtoken');
    assert.ok(token);
    const secondPage = await call(emu(), 'GET', `${PROJECT}/_apis/build/builds?${query}&continuationToken=${token}`);
    assert.deepEqual((secondPage.json as { value: Array<{ id: number }> }).value.map((b) => b.id), [100]);
    assert.equal(secondPage.headers.get('x-ms-continuationtoken'), null);

    const pr = await api.getBuild(PROJECT, 102);
    assert.equal(pr.reason, BuildReason.PullRequest);
    assert.equal(pr.sourceBranch, 'refs/pull/1/merge');
    assert.equal(pr.sourceVersion, webShop().refs['refs/pull/1/merge']);
    assert.equal(pr.triggerInfo?.['pr.number'], '1');
    assert.equal(pr.triggerInfo?.['pr.sourceSha'], webShop().refs['refs/heads/feature/checkout']);

    assert.equal(await api.getBuild(PROJECT, 999), null, 'typed-rest-client reads a 404 as null');
    assert.equal((emu().requestLog.entries.at(-1)?.responseBody as { typeKey: string }).typeKey, 'BuildNotFoundException');

    const browser = await browserClients(emu()).build.getBuilds(PROJECT, undefined, undefined, undefined, undefined, undefined, undefined,
      undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, 'refs/heads/main', undefined, webShop().id, 'TfsGit');
    assert.deepEqual(browser.map((b) => [b.id, b.status]), [[103, 1], [101, 2], [100, 2]]);
  });

  it('lists and gets artifacts, and downloads one as a zip', async () => {
    const api = await nodeConnection(emu()).getBuildApi();
    const artifacts = await api.getArtifacts(PROJECT, 101);
    assert.deepEqual(artifacts.map((a) => a.name), ['CodeAnalysisLogs']);
    const artifact = await api.getArtifact(PROJECT, 101, 'CodeAnalysisLogs');
    const containerId = emu().store.build(emu().store.project(PROJECT), 101).containerId;
    assert.deepEqual([artifact.resource?.type, artifact.resource?.data], ['Container', `#/${containerId}/CodeAnalysisLogs`]);
    const zip = unzip(await buffer(await api.getArtifactContentZip(PROJECT, 101, 'CodeAnalysisLogs')));
    const sarif = JSON.parse(zip.get('CodeAnalysisLogs/palisade.sarif')?.toString('utf8') ?? '{}') as { version?: string };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(await api.getArtifact(PROJECT, 101, 'missing'), null);
  });

  it('takes uploads the way the agent does for ##vso[artifact.upload] and lets the hub read the artifact back', async () => {
    const store = emu().store;
    const build = store.createBuild({ project: PROJECT, repository: 'web-shop', sourceBranch: 'refs/heads/main' });
    const scope = build.projectId;
    const upload = (path: string, body: Buffer, headers: Record<string, string>) =>
      call(emu(), 'PUT', `_apis/resources/Containers/${build.containerId}?itemPath=${encodeURIComponent(path)}&scope=${scope}&api-version=7.1-preview.4`,
        { identity: 'build', body, headers: { 'content-type': 'application/octet-stream', ...headers } });

    // The agent sends large files in ranges; the item exists once the last range arrives.
    const sarif = Buffer.from(SARIF);
    const half = Math.floor(sarif.length / 2);
    const first = await upload('CodeAnalysisLogs/palisade.sarif', sarif.subarray(0, half), { 'content-range': `bytes 0-${half - 1}/${sarif.length}` });
    assert.equal(first.status, 206);
    const last = await upload('CodeAnalysisLogs/palisade.sarif', sarif.subarray(half), { 'content-range': `bytes ${half}-${sarif.length - 1}/${sarif.length}` });
    assert.equal(last.status, 201);
    assert.equal((last.json as { fileLength: number }).fileLength, sarif.length);

    // The node client's own upload, gzipped.
    const containers = await nodeConnection(emu()).getFileContainerApi();
    const log = Buffer.from('scan log\n'.repeat(100));
    const gz = gzipSync(log);
    await containers.createItem(Readable.from([gz]), log.length, build.containerId, 'CodeAnalysisLogs/palisade.log', scope,
      { isGzipped: true, compressedLength: gz.length });

    const buildApi = await nodeConnection(emu()).getBuildApi();
    const created = await buildApi.createArtifact({
      name: 'CodeAnalysisLogs', resource: { type: 'Container', data: `#/${build.containerId}/CodeAnalysisLogs`, properties: { localpath: '/a/CodeAnalysisLogs' } },
    }, PROJECT, build.id);
    assert.equal(created.name, 'CodeAnalysisLogs');
    await assert.rejects(buildApi.createArtifact({ name: 'CodeAnalysisLogs', resource: { type: 'Container', data: '#/1/x' } }, PROJECT, build.id),
      (e: { statusCode?: number }) => e.statusCode === 409);

    // The hub: artifact -> container items -> file content, with its own token.
    const hub = browserClients(emu(), 'reader');
    const artifact = await hub.build.getArtifact(PROJECT, build.id, 'CodeAnalysisLogs');
    const [, containerId, folder] = /^#\/(\d+)\/(.+)$/.exec(artifact.resource.data) ?? [];
    const items = await hub.fileContainer.getItems(Number(containerId), scope, folder);
    assert.deepEqual(items.map((i) => [i.path, i.itemType]),
      [['CodeAnalysisLogs', 1], ['CodeAnalysisLogs/palisade.log', 2], ['CodeAnalysisLogs/palisade.sarif', 2]]);
    const file = items.find((i) => i.path.endsWith('.sarif'));
    const content = await fetch(file?.contentLocation as string, { headers: { authorization: `Bearer ${emu().tokens.reader}` } });
    assert.equal(await content.text(), SARIF);

    const nodeRead = await containers.getItem(build.containerId, scope, 'CodeAnalysisLogs/palisade.log');
    assert.equal((await buffer(nodeRead.result as NodeJS.ReadableStream)).toString(), log.toString());
  });

  it('lets only the build (or an administrator) write artifacts and container files', async () => {
    const build = emu().store.createBuild({ project: PROJECT, repository: 'web-shop', sourceBranch: 'refs/heads/main' });
    const buildApi = await nodeConnection(emu(), 'contributor').getBuildApi();
    await assert.rejects(buildApi.createArtifact({ name: 'x', resource: { type: 'Container', data: `#/${build.containerId}/x` } }, PROJECT, build.id),
      (e: { statusCode?: number }) => e.statusCode === 403);
    const put = await call(emu(), 'PUT', `_apis/resources/Containers/${build.containerId}?itemPath=x/y.txt&api-version=7.1-preview.4`,
      { identity: 'reader', body: Buffer.from('y'), headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(put.status, 403);
  });

  it('lists container items shallowly or deeply and zips a folder', async () => {
    const containerId = emu().store.build(emu().store.project(PROJECT), 101).containerId;
    const deep = await call(emu(), 'GET', `_apis/resources/Containers/${containerId}?api-version=7.1-preview.4`);
    assert.deepEqual((deep.json as { value: Array<{ path: string }> }).value.map((i) => i.path), ['CodeAnalysisLogs', 'CodeAnalysisLogs/palisade.sarif']);
    const shallow = await call(emu(), 'GET', `_apis/resources/Containers/${containerId}?itemPath=CodeAnalysisLogs&isShallow=true&api-version=7.1-preview.4`);
    assert.equal((shallow.json as { count: number }).count, 2);
    const zip = await fetch(`${emu().orgUrl}_apis/resources/Containers/${containerId}?itemPath=CodeAnalysisLogs&$format=zip`,
      { headers: { authorization: `Bearer ${emu().tokens.admin}` } });
    assert.deepEqual([...unzip(Buffer.from(await zip.arrayBuffer())).keys()], ['CodeAnalysisLogs/palisade.sarif']);
    const missing = await call(emu(), 'GET', `_apis/resources/Containers/${containerId}?itemPath=nope&api-version=7.1-preview.4`);
    assert.equal(missing.status, 404);
  });
});
