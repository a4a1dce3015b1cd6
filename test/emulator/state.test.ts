/**
 * The emulator's state and the ways to drive it: the seed, persistence across restarts, the
 * request log, the store helpers and control API used by integration tests, and the CLI.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitVersionType } from 'azure-devops-node-api/interfaces/GitInterfaces';
import { REPO_ROOT } from '../support/paths';
import * as azdev from 'azure-devops-node-api';
import { agentEnvironment } from './agentEnv';
import { parseArgs } from './cli';
import { blobId } from './gitModel';
import { startEmulator } from './index';
import { compileSeed, defaultSeed } from './seed';
import { call, nodeConnection } from './testing/clients';
import { emulatorFixture } from './testing/fixture';

const PROJECT = 'Palisade Demo';
const CLI = join(REPO_ROOT, 'out', 'test', 'emulator', 'cli.js');

describe('emulator: state, seed, request log and CLI', () => {
  const fixture = emulatorFixture();
  const emu = () => fixture.emulator;

  it('compiles the seed: Git blob ids, merge bases, the PR merge commit, files at two commits', () => {
    assert.equal(blobId(Buffer.from('hello\n')), 'ce013625030ba8dba906f756967f9e9ca394464a', 'the id Git gives this blob');
    const state = compileSeed(defaultSeed);
    const repo = state.repositories.find((r) => r.name === 'web-shop');
    assert.ok(repo);
    const merge = repo.commits[repo.refs['refs/pull/1/merge']];
    assert.ok(merge.tree['/src/health.ts'], 'the merge commit has the target branch change');
    assert.ok(merge.tree['/src/checkout.ts'], 'and the source branch change');
    assert.equal(merge.tree['/src/util.ts'], undefined, 'and the rename');
    const pr = state.pullRequests[0];
    const base = repo.commits[pr.iterations[0].commonRefCommit];
    const head = repo.commits[pr.iterations[1].sourceCommit];
    assert.notEqual(base.tree['/src/db.ts'], head.tree['/src/db.ts'], 'a file that differs between the base and the head');
    assert.equal(state.builds.find((b) => b.id === 102)?.sourceVersion, merge.commitId);
    assert.deepEqual(state.repositories.find((r) => r.name === 'docs-site')?.refs, {}, 'an empty repository');
  });

  it('keeps changes across restarts with a state file, and resets to the seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'palisade-emulator-'));
    const stateFile = join(dir, 'state.json');
    try {
      const first = await startEmulator({ stateFile, faultsFromEnv: false });
      const api = await nodeConnection(first, 'admin').getExtensionManagementApi();
      await api.createDocumentByName({ id: 'defaults', enabled: true }, 'palisade', 'palisade', 'Default', 'Current', 'settings');
      const build = first.store.createBuild({ project: PROJECT, repository: 'payments-api', sourceBranch: 'refs/heads/main' });
      await first.stop();
      assert.ok(existsSync(stateFile));
      assert.equal((JSON.parse(readFileSync(stateFile, 'utf8')) as { version: number }).version, 1);

      const second = await startEmulator({ stateFile, faultsFromEnv: false });
      try {
        const again = await nodeConnection(second, 'admin').getExtensionManagementApi();
        const doc = await again.getDocumentByName('palisade', 'palisade', 'Default', 'Current', 'settings', 'defaults');
        assert.deepEqual(doc, { id: 'defaults', enabled: true, __etag: 1 });
        assert.equal((await (await nodeConnection(second).getBuildApi()).getBuild(PROJECT, build.id)).id, build.id);
        second.store.reset();
        assert.equal(second.store.data.extensionData.length, 0, 'reset goes back to the seed');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs every API request with route, identity, dialect and bodies', async () => {
    const mark = emu().requestLog.mark();
    await call(emu(), 'POST', `${PROJECT}/_apis/git/repositories/web-shop/pullRequests/1/statuses?api-version=7.1`,
      { identity: 'build', body: { state: 'pending', context: { name: 'security-scan' } } });
    await call(emu(), 'GET', '_apis/projects?api-version=7.1', { accept: 'application/json;api-version=7.1;noArrayWrap=true' });
    const [post, get] = emu().requestLog.since(mark);
    assert.deepEqual([post.route, post.identity, post.status, post.dialect], ['git.pullRequestStatuses.create', 'build', 200, 'standard']);
    assert.deepEqual(post.requestBody, { state: 'pending', context: { name: 'security-scan' } });
    assert.equal((post.responseBody as { id: number }).id, 1);
    assert.deepEqual([get.route, get.dialect], ['core.projects.list', 'browser']);
    assert.equal(emu().requestLog.filter('core.projects.list').length, 1);
  });

  it('adds commits and builds for integration tests, in process and over the control API', async () => {
    const commit = emu().store.addCommit('web-shop', { branch: 'refs/heads/feature/checkout', files: { '/src/db.ts': 'fixed\n', '/src/checkout.ts': null } });
    const git = await nodeConnection(emu()).getGitApi();
    let text = '';
    for await (const chunk of await git.getItemText('web-shop', '/src/db.ts', PROJECT, undefined, undefined, undefined, undefined, undefined,
      { version: 'feature/checkout', versionType: GitVersionType.Branch })) text += chunk.toString();
    assert.equal(text, 'fixed\n');
    assert.equal(emu().store.repository('web-shop').commits[commit.commitId].parents.length, 1);

    const res = await fetch(`${emu().url}/_emulator/builds`, {
      method: 'POST', body: JSON.stringify({ project: PROJECT, repository: 'web-shop', sourceBranch: 'refs/pull/1/merge' }),
    });
    const created = await res.json() as { id: number; containerId: number; sourceVersion: string };
    assert.equal(created.sourceVersion, emu().store.repository('web-shop').refs['refs/pull/1/merge']);
    const build = await (await nodeConnection(emu()).getBuildApi()).getBuild(PROJECT, created.id);
    assert.equal(build.reason, 256 /* pullRequest */);
    const health = await (await fetch(`${emu().url}/_emulator/health`)).json() as { orgUrl: string };
    assert.equal(health.orgUrl, emu().orgUrl);
  });

  it('pushes to a pull request: a new iteration, its changes and a new merge commit', async () => {
    const before = emu().store.repository('web-shop').refs['refs/pull/1/merge'];
    const { iteration, mergeCommit } = emu().store.pushToPullRequest('web-shop', 1, { files: { '/src/checkout.ts': 'export const done = true;\n' } });
    assert.equal(iteration.id, 3);
    assert.notEqual(mergeCommit, before);
    const repo = emu().store.repository('web-shop');
    assert.equal(repo.refs['refs/pull/1/merge'], mergeCommit);
    assert.deepEqual(repo.commits[mergeCommit].parents, [repo.refs['refs/heads/main'], repo.refs['refs/heads/feature/checkout']]);
    const git = await nodeConnection(emu()).getGitApi();
    const iterations = await git.getPullRequestIterations('web-shop', 1, PROJECT);
    assert.equal(iterations.length, 3);
    const changes = await git.getPullRequestIterationChanges('web-shop', 1, 3, PROJECT, undefined, undefined, 2);
    assert.deepEqual(changes.changeEntries?.map((e) => e.item?.path), ['/src/checkout.ts'], 'only the pushed file changed since iteration 2');
    const pr = await git.getPullRequestById(1, PROJECT);
    assert.equal(pr.lastMergeCommit?.commitId, mergeCommit);
    assert.equal(pr.lastMergeSourceCommit?.commitId, repo.refs['refs/heads/feature/checkout']);
  });

  it('gives a task the environment an agent would for a PR build', async () => {
    const env = agentEnvironment(emu(), 102);
    const repo = emu().store.repository('web-shop');
    assert.equal(env.SYSTEM_COLLECTIONURI, emu().orgUrl);
    assert.equal(env.SYSTEM_ACCESSTOKEN, emu().tokens.build);
    assert.deepEqual(JSON.parse(env.ENDPOINT_AUTH_SYSTEMVSSCONNECTION), { parameters: { AccessToken: emu().tokens.build }, scheme: 'OAuth' });
    assert.deepEqual([env.BUILD_REASON, env.BUILD_SOURCEBRANCH, env.BUILD_SOURCEVERSION], ['PullRequest', 'refs/pull/1/merge', repo.refs['refs/pull/1/merge']]);
    assert.deepEqual([env.SYSTEM_PULLREQUEST_PULLREQUESTID, env.SYSTEM_PULLREQUEST_TARGETBRANCH], ['1', 'refs/heads/main']);
    assert.equal(env.SYSTEM_PULLREQUEST_SOURCECOMMITID, repo.refs['refs/heads/feature/checkout']);
    const fromEnv = new azdev.WebApi(env.SYSTEM_COLLECTIONURI, azdev.getBearerHandler(env.SYSTEM_ACCESSTOKEN));
    const pr = await (await fromEnv.getGitApi()).getPullRequestById(Number(env.SYSTEM_PULLREQUEST_PULLREQUESTID), env.SYSTEM_TEAMPROJECT);
    assert.equal(pr.repository?.id, env.BUILD_REPOSITORY_ID);
    assert.equal(agentEnvironment(emu(), 101, { identity: 'build-nodata' }).SYSTEM_ACCESSTOKEN, emu().tokens['build-nodata']);
    assert.equal(agentEnvironment(emu(), 101).SYSTEM_PULLREQUEST_PULLREQUESTID, undefined);
  });

  it('parses CLI options', () => {
    assert.deepEqual(parseArgs([], {}), { port: 7100, contentPort: 7101, mounts: {}, build: true });
    const parsed = parseArgs(['--port', '0', '--serve', '/hub/=dist/hub', '--state', 'x.json', '--no-build'], {});
    assert.equal(parsed.port, 0);
    assert.equal(parsed.contentPort, 0);
    assert.equal(parsed.mounts['/hub/'], join(process.cwd(), 'dist/hub'));
    assert.equal(parsed.build, false);
    assert.throws(() => parseArgs(['--port', 'x'], {}), /port number/);
  });

  it('runs from the CLI, prints its URLs and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--no-build'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Press Ctrl-C to stop.')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
    });
    const orgUrl = /organization\s+(\S+)/.exec(out)?.[1];
    assert.ok(orgUrl);
    const res = await fetch(`${orgUrl}_apis/projects?api-version=7.1`, { headers: { authorization: 'Bearer palisade-admin-token' } });
    assert.equal(res.status, 200);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    assert.equal(await exit, 0);
    assert.match(out, /Emulator stopped\./);
  });

  it('says clearly when its port is taken', async () => {
    const port = Number(new URL(emu().url).port);
    const child = spawn(process.execPath, [CLI, '--port', String(port), '--content-port', '0', '--no-build'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 1);
    assert.match(err, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
  });
});
