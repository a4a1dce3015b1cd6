/**
 * Core and Git calls through the real clients (azure-devops-node-api as the task uses it,
 * azure-devops-extension-api as the hub does), every standard-dialect response validated
 * against the official REST specs.
 */
import assert from 'node:assert/strict';
import {
  CommentThreadStatus, CommentType, GitStatusState, GitVersionType, PullRequestStatus, VersionControlChangeType,
  VersionControlRecursionType,
} from 'azure-devops-node-api/interfaces/GitInterfaces';
import { Operation } from 'azure-devops-node-api/interfaces/common/VSSInterfaces';
import { browserClients, call, nodeConnection } from './testing/clients';
import { emulatorFixture, validateResponsesAgainstSpecs } from './testing/fixture';

const PROJECT = 'Palisade Demo';
const REPO = 'web-shop';

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}

describe('emulator: Core and Git through the real clients', () => {
  const fixture = emulatorFixture();
  validateResponsesAgainstSpecs(fixture);
  const emu = () => fixture.emulator;
  const repo = () => emu().store.repository(REPO);
  const head = (ref: string) => repo().refs[ref];
  const git = () => nodeConnection(emu()).getGitApi();

  it('lists and gets projects', async () => {
    const core = await nodeConnection(emu()).getCoreApi();
    const projects = await core.getProjects();
    assert.deepEqual(projects.map((p) => p.name).sort(), ['Legacy Apps', PROJECT]);
    const project = await core.getProject(PROJECT, true);
    assert.equal(project.id, emu().store.project(PROJECT).id);
    assert.equal(project.defaultTeam?.name, 'Palisade Demo Team');
    assert.ok(project.capabilities?.versioncontrol);
    const browser = await browserClients(emu()).core.getProjects();
    assert.equal(browser.length, 2);
  });

  it('lists repositories of a project and of the organisation, and gets one by name or id', async () => {
    const api = await git();
    const repos = await api.getRepositories(PROJECT);
    assert.deepEqual(repos.map((r) => r.name), ['archived-tools', 'docs-site', 'payments-api', 'web-shop']);
    assert.equal(repos.find((r) => r.name === 'docs-site')?.defaultBranch, undefined, 'an empty repository has no default branch');
    assert.equal(repos.find((r) => r.name === 'archived-tools')?.isDisabled, true);
    assert.equal((await api.getRepositories()).length, 5, 'organisation-wide list');
    const byName = await api.getRepository(REPO, PROJECT);
    const byId = await api.getRepository(byName.id as string);
    assert.equal(byId.name, REPO);
    assert.equal(byId.project?.name, PROJECT);
  });

  it('gets the pull request with its last merge source, target and merge commits', async () => {
    const api = await git();
    const pr = await api.getPullRequest(REPO, 1, PROJECT);
    assert.equal(pr.status, PullRequestStatus.Active);
    assert.ok(pr.creationDate instanceof Date);
    assert.equal(pr.lastMergeSourceCommit?.commitId, head('refs/heads/feature/checkout'));
    assert.equal(pr.lastMergeTargetCommit?.commitId, head('refs/heads/main'));
    assert.equal(pr.lastMergeCommit?.commitId, head('refs/pull/1/merge'));
    const merge = repo().commits[head('refs/pull/1/merge')];
    assert.deepEqual(merge.parents, [head('refs/heads/main'), head('refs/heads/feature/checkout')]);
    assert.equal((await api.getPullRequestById(1, PROJECT)).title, pr.title);
    const active = await api.getPullRequests(REPO, { status: PullRequestStatus.Active }, PROJECT);
    assert.deepEqual(active.map((p) => p.pullRequestId), [1]);
    assert.deepEqual(await api.getPullRequests(REPO, { status: PullRequestStatus.Completed }, PROJECT), []);
  });

  it('lists iterations with their source, target and common (merge base) commits', async () => {
    const api = await git();
    const iterations = await api.getPullRequestIterations(REPO, 1, PROJECT);
    assert.deepEqual(iterations.map((i) => i.id), [1, 2]);
    const initial = Object.values(repo().commits).find((c) => c.parents.length === 0)?.commitId;
    for (const it of iterations) assert.equal(it.commonRefCommit?.commitId, initial, 'the branch point is the merge base');
    assert.equal(iterations[1].sourceRefCommit?.commitId, head('refs/heads/feature/checkout'));
    const second = await api.getPullRequestIteration(REPO, 1, 2, PROJECT);
    assert.equal(second.targetRefCommit?.commitId, head('refs/heads/main'));
  });

  it('computes iteration changes (add, edit, rename, delete) and pages them with $top/$skip', async () => {
    const api = await git();
    const all = await api.getPullRequestIterationChanges(REPO, 1, 2, PROJECT);
    const summary = all.changeEntries?.map((c) => [c.item?.path, c.changeType, c.originalPath]);
    assert.deepEqual(summary, [
      ['/src/checkout.ts', VersionControlChangeType.Add, undefined],
      ['/src/db.ts', VersionControlChangeType.Edit, undefined],
      ['/src/helpers.ts', VersionControlChangeType.Rename, '/src/util.ts'],
      ['/src/legacy.js', VersionControlChangeType.Delete, undefined],
    ]);
    assert.equal(all.nextSkip, 0);

    const first = await api.getPullRequestIterationChanges(REPO, 1, 2, PROJECT, 3, 0);
    assert.equal(first.changeEntries?.length, 3);
    assert.equal(first.nextSkip, 3);
    assert.equal(first.nextTop, 3);
    const rest = await api.getPullRequestIterationChanges(REPO, 1, 2, PROJECT, 3, 3);
    assert.deepEqual(rest.changeEntries?.map((c) => c.item?.path), ['/src/legacy.js']);
    assert.equal(rest.nextSkip, 0);

    const sinceFirst = await api.getPullRequestIterationChanges(REPO, 1, 2, PROJECT, undefined, undefined, 1);
    assert.deepEqual(sinceFirst.changeEntries?.map((c) => [c.item?.path, c.changeType]),
      [['/src/checkout.ts', VersionControlChangeType.Edit], ['/src/legacy.js', VersionControlChangeType.Delete]]);

    const inFirst = await api.getPullRequestIterationChanges(REPO, 1, 1, PROJECT);
    const trackingOf = (changes: typeof all, path: string) => changes.changeEntries?.find((c) => c.item?.path === path)?.changeTrackingId;
    assert.equal(trackingOf(inFirst, '/src/db.ts'), trackingOf(all, '/src/db.ts'), 'change tracking ids are stable across iterations');
  });

  it('serves file content at a commit and at a branch (diff-aware base versions)', async () => {
    const api = await git();
    const iterations = await api.getPullRequestIterations(REPO, 1, PROJECT);
    const base = iterations[1].commonRefCommit?.commitId as string;
    const atBase = await readStream(await api.getItemText(REPO, '/src/db.ts', PROJECT, undefined, undefined, undefined, undefined, undefined,
      { version: base, versionType: GitVersionType.Commit }));
    const atBranch = await readStream(await api.getItemText(REPO, '/src/db.ts', PROJECT, undefined, undefined, undefined, undefined, undefined,
      { version: 'feature/checkout', versionType: GitVersionType.Branch }));
    assert.ok(!atBase.includes('searchProducts'));
    assert.ok(atBranch.includes('searchProducts'));

    const item = await api.getItem(REPO, '/src/db.ts', PROJECT, undefined, undefined, undefined, undefined, undefined,
      { version: base, versionType: GitVersionType.Commit }, true);
    assert.equal(item.content, atBase);
    assert.equal(item.commitId, base);
    assert.equal(item.objectId, repo().commits[base].tree['/src/db.ts']);

    const missing = await api.getItem(REPO, '/src/checkout.ts', PROJECT, undefined, undefined, undefined, undefined, undefined,
      { version: base, versionType: GitVersionType.Commit });
    assert.equal(missing, null, 'a file added by the PR does not exist at the base');
    const notFound = emu().requestLog.entries.at(-1);
    assert.equal(notFound?.status, 404);
    assert.equal((notFound?.responseBody as { typeKey: string }).typeKey, 'GitItemNotFoundException');

    const tree = await api.getItems(REPO, PROJECT, '/src', VersionControlRecursionType.Full);
    assert.deepEqual(tree.map((i) => i.path), ['/src', '/src/app.ts', '/src/db.ts', '/src/health.ts', '/src/legacy.js', '/src/util.ts']);
    assert.equal(tree[0].isFolder, true);

    const browserText = await browserClients(emu()).git.getItemText(repo().id, '/src/checkout.ts', PROJECT, undefined, undefined, undefined,
      undefined, undefined, { version: 'feature/checkout', versionType: 0, versionOptions: 0 });
    assert.ok(browserText.includes('applyCoupon'));
  });

  it('answers merge bases and commit diffs', async () => {
    const api = await git();
    const bases = await api.getMergeBases(REPO, head('refs/heads/feature/checkout'), head('refs/heads/main'), PROJECT);
    assert.deepEqual(bases.map((b) => b.commitId), [Object.values(repo().commits).find((c) => c.parents.length === 0)?.commitId]);
    const diff = await api.getCommitDiffs(REPO, PROJECT, true, undefined, undefined,
      { version: 'main', versionType: GitVersionType.Branch }, { version: 'feature/checkout', versionType: GitVersionType.Branch });
    assert.equal(diff.changes?.length, 4);
    assert.equal(diff.aheadCount, 2);
    assert.equal(diff.behindCount, 1);
  });

  it('creates, lists, gets and deletes pull request statuses, and removes them with a JSON patch', async () => {
    const api = await git();
    const context = { genre: 'palisade', name: 'security-scan' };
    const pending = await api.createPullRequestStatus({ state: GitStatusState.Pending, description: 'Scanning', context, iterationId: 2,
      targetUrl: 'https://example.test/hub?pr=1' }, REPO, 1, PROJECT);
    assert.equal(pending.id, 1);
    assert.equal(pending.state, GitStatusState.Pending);
    assert.equal(pending.iterationId, 2);
    assert.equal(pending.createdBy?.displayName, 'Palisade Demo Build Service (palisade-demo)');
    const done = await api.createPullRequestStatus({ state: GitStatusState.Failed, description: '2 new findings: 1 high, 1 medium', context }, REPO, 1, PROJECT);
    assert.deepEqual((await api.getPullRequestStatuses(REPO, 1, PROJECT)).map((s) => s.state), [GitStatusState.Pending, GitStatusState.Failed]);
    assert.equal((await api.getPullRequestStatus(REPO, 1, done.id as number, PROJECT)).description, '2 new findings: 1 high, 1 medium');
    await api.updatePullRequestStatuses(undefined, [{ op: Operation.Remove, path: `/${pending.id}` }], REPO, 1, PROJECT);
    await api.deletePullRequestStatus(REPO, 1, done.id as number, PROJECT);
    assert.deepEqual(await api.getPullRequestStatuses(REPO, 1, PROJECT), []);
  });

  it('scopes iteration statuses to their iteration', async () => {
    const api = await git();
    const context = { genre: 'palisade', name: 'security-scan' };
    await api.createPullRequestIterationStatus({ state: GitStatusState.Succeeded, context }, REPO, 1, 1, PROJECT);
    const second = await api.createPullRequestIterationStatus({ state: GitStatusState.Failed, context }, REPO, 1, 2, PROJECT);
    assert.equal(second.iterationId, 2);
    assert.deepEqual((await api.getPullRequestIterationStatuses(REPO, 1, 1, PROJECT)).map((s) => s.state), [GitStatusState.Succeeded]);
    assert.equal((await api.getPullRequestStatuses(REPO, 1, PROJECT)).length, 2);
    await api.deletePullRequestIterationStatus(REPO, 1, 2, second.id as number, PROJECT);
    assert.equal((await api.getPullRequestStatuses(REPO, 1, PROJECT)).length, 1);
  });

  it('refuses a status without a context name, or for an iteration that does not exist', async () => {
    const missingName = await call(emu(), 'POST', `${PROJECT}/_apis/git/repositories/${REPO}/pullRequests/1/statuses?api-version=7.1`,
      { identity: 'build', body: { state: 'pending', context: { genre: 'palisade' } } });
    assert.equal(missingName.status, 400);
    const badIteration = await call(emu(), 'POST', `${PROJECT}/_apis/git/repositories/${REPO}/pullRequests/1/statuses?api-version=7.1`,
      { identity: 'build', body: { state: 'pending', context: { name: 'x' }, iterationId: 9 } });
    assert.equal(badIteration.status, 404);
  });

  it('creates threads on a line with properties, updates their status and properties, and manages comments', async () => {
    const api = await git();
    const thread = await api.createThread({
      comments: [{ content: 'High: SQL built by string concatenation', commentType: CommentType.Text, parentCommentId: 0 }],
      status: CommentThreadStatus.Active,
      threadContext: { filePath: '/src/db.ts', rightFileStart: { line: 11, offset: 1 }, rightFileEnd: { line: 11, offset: 80 } },
      properties: { 'palisade.fingerprint': 'fp-1', 'palisade.rule': { $type: 'System.String', $value: 'code/sql-injection' } } as never,
    }, REPO, 1, PROJECT);
    assert.equal(thread.id, 1);
    assert.equal(thread.status, CommentThreadStatus.Active);
    assert.equal(thread.comments?.[0].author?.displayName, 'Palisade Demo Build Service (palisade-demo)');
    const props = thread.properties as unknown as Record<string, { $type: string; $value: unknown }>;
    assert.deepEqual(props['palisade.fingerprint'], { $type: 'System.String', $value: 'fp-1' });
    assert.deepEqual(props['palisade.rule'], { $type: 'System.String', $value: 'code/sql-injection' });

    const fixed = await api.updateThread({ status: CommentThreadStatus.Fixed, properties: { 'palisade.state': 'fixed' } as never }, REPO, 1, 1, PROJECT);
    assert.equal(fixed.status, CommentThreadStatus.Fixed);
    const fixedProps = fixed.properties as unknown as Record<string, { $value: unknown }>;
    assert.equal(fixedProps['palisade.fingerprint'].$value, 'fp-1', 'properties merge');
    assert.equal(fixedProps['palisade.state'].$value, 'fixed');
    assert.equal((await api.getPullRequestThread(REPO, 1, 1, PROJECT)).status, CommentThreadStatus.Fixed);

    const reply = await api.createComment({ content: 'Fixed in the next push', parentCommentId: 1, commentType: CommentType.Text }, REPO, 1, 1, PROJECT);
    assert.equal(reply.id, 2);
    await api.updateComment({ content: 'Fixed in iteration 3' }, REPO, 1, 1, 2, PROJECT);
    await api.deleteComment(REPO, 1, 1, 1, PROJECT);
    const comments = await api.getComments(REPO, 1, 1, PROJECT);
    assert.deepEqual(comments.map((c) => [c.id, c.content, Boolean(c.isDeleted)]),
      [[1, 'High: SQL built by string concatenation', true], [2, 'Fixed in iteration 3', false]]);
    assert.equal((await api.getThreads(REPO, 1, PROJECT)).length, 1);
  });

  it('creates and lists commit statuses', async () => {
    const api = await git();
    const commit = head('refs/heads/feature/checkout');
    await api.createCommitStatus({ state: GitStatusState.Pending, context: { genre: 'palisade', name: 'security-scan' } }, commit, REPO, PROJECT);
    await api.createCommitStatus({ state: GitStatusState.Succeeded, context: { genre: 'palisade', name: 'security-scan' } }, commit, REPO, PROJECT);
    assert.equal((await api.getStatuses(commit, REPO, PROJECT)).length, 2);
    const latest = await api.getStatuses(commit, REPO, PROJECT, undefined, undefined, true);
    assert.deepEqual(latest.map((s) => s.state), [GitStatusState.Succeeded]);
  });

  it('lets readers read but not write statuses or threads (403 with the service error body)', async () => {
    const api = await nodeConnection(emu(), 'reader').getGitApi();
    assert.equal((await api.getPullRequest(REPO, 1, PROJECT)).pullRequestId, 1);
    await assert.rejects(
      api.createPullRequestStatus({ state: GitStatusState.Pending, context: { name: 'security-scan' } }, REPO, 1, PROJECT),
      (e: { statusCode?: number }) => e.statusCode === 403,
    );
    const refused = emu().requestLog.entries.at(-1);
    const body = refused?.responseBody as { typeKey: string; message: string };
    assert.equal(body.typeKey, 'GitNeedsPermissionException');
    assert.match(body.message, /^TF401027: You need the Git 'PullRequestContribute' permission/);
    await assert.rejects(api.createThread({ comments: [{ content: 'x' }] }, REPO, 1, PROJECT), (e: { statusCode?: number }) => e.statusCode === 403);
    await assert.rejects(api.createCommitStatus({ state: GitStatusState.Pending, context: { name: 'x' } }, head('refs/heads/main'), REPO, PROJECT),
      (e: { statusCode?: number }) => e.statusCode === 403);
    assert.equal(emu().store.pullRequest(repo(), 1).statuses.length, 0);
  });

  it('speaks the browser dialect to azure-devops-extension-api: numeric enums, \\/Date()\\/ dates, bare arrays, no URLs', async () => {
    const client = browserClients(emu()).git;
    const pr = await client.getPullRequest(repo().id, 1, PROJECT);
    assert.equal(pr.status, 1, 'PullRequestStatus.Active as a number');
    assert.ok(pr.creationDate instanceof Date);
    assert.equal(pr.creationDate.toISOString(), '2025-01-09T14:05:00.000Z');
    const raw = emu().requestLog.entries.at(-1);
    assert.equal(raw?.dialect, 'browser');
    assert.match(raw?.responseText ?? '', /"creationDate":"\\\/Date\(1736431500000\)\\\/"/);
    assert.doesNotMatch(raw?.responseText ?? '', /"url":|"_links":/);

    const created = await client.createPullRequestStatus({ state: 2, description: 'clean', context: { genre: 'palisade', name: 'security-scan' } } as never,
      repo().id, 1, PROJECT);
    assert.equal(created.state, 2);
    const statuses = await client.getPullRequestStatuses(repo().id, 1, PROJECT);
    assert.ok(Array.isArray(statuses));
    assert.ok(emu().requestLog.entries.at(-1)?.responseText?.startsWith('['), 'noArrayWrap: a bare array');
    assert.equal(emu().store.pullRequest(repo(), 1).statuses[0].state, 'succeeded', 'stored by name whatever the client sent');

    const standard = await call(emu(), 'GET', `${PROJECT}/_apis/git/repositories/${REPO}/pullRequests/1/statuses?api-version=7.1`);
    assert.equal((standard.json as { value: Array<{ state: string }> }).value[0].state, 'succeeded');
  });

  it('drives iterations, changes and threads through azure-devops-extension-api too', async () => {
    const client = browserClients(emu(), 'contributor').git;
    const iterations = await client.getPullRequestIterations(repo().id, 1, PROJECT);
    assert.equal(iterations.length, 2);
    assert.ok(iterations[0].createdDate instanceof Date);
    const changes = await client.getPullRequestIterationChanges(repo().id, 1, 2, PROJECT, 2, 0);
    assert.equal(changes.changeEntries.length, 2);
    assert.equal(changes.nextSkip, 2);
    const thread = await client.createThread({ comments: [{ content: 'from the hub' }], status: 1 } as never, repo().id, 1, PROJECT);
    assert.equal(thread.status, 1);
    assert.equal(thread.comments[0].author.displayName, 'Casey Contributor');
  });
});
