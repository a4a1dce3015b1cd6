import assert from 'node:assert/strict';
import { CommentThreadStatus, VersionControlChangeType } from 'azure-devops-node-api/interfaces/GitInterfaces';
import type { AzureClients } from '../../../../tasks/PalisadeScanV1/azure/connection';
import type { PipelineContext } from '../../../../tasks/PalisadeScanV1/context/pipelineContext';
import { PullRequestRun } from '../../../../tasks/PalisadeScanV1/pr/pullRequestRun';
import { capturedLog, finding, pipelineContext } from '../../../support/taskFakes';
import { makeTree, removeTree } from '../../../support/tmpTree';

const AUTHOR = { id: 'author-1', displayName: 'Casey' };
const REVIEWER = { id: 'rev-1', displayName: 'Avery' };

/** An in-memory Git API holding one pull request with two iterations (commits c1, c2). */
function fakeGit(opts: { authorKnown?: boolean; failPr?: boolean; threads?: unknown[] } = {}) {
  const statuses: { state: number; description: string; iterationId?: number; targetUrl?: string; name?: string }[] = [];
  const created: unknown[] = [];
  const git = {
    getPullRequest: async () => {
      if (opts.failPr) throw Object.assign(new Error('Not found'), { statusCode: 404 });
      return { createdBy: opts.authorKnown === false ? undefined : AUTHOR, lastMergeTargetCommit: { commitId: 'base0123456789' }, targetRefName: 'refs/heads/main' };
    },
    getPullRequestIterations: async () => [{ id: 1, sourceRefCommit: { commitId: 'c1' } }, { id: 2, sourceRefCommit: { commitId: 'c2' } }],
    getCommit: async () => ({ parents: [] }),
    createPullRequestStatus: async (s: { state: number; description: string; iterationId?: number; targetUrl?: string; context: { name: string } }) => {
      statuses.push({ state: s.state, description: s.description, iterationId: s.iterationId, targetUrl: s.targetUrl, name: s.context.name });
    },
    getThreads: async () => opts.threads ?? [],
    createThread: async (t: unknown) => {
      created.push(t);
      return { id: 100 + created.length, ...(t as object) };
    },
    getPullRequestIterationChanges: async () => ({
      changeEntries: [
        { item: { path: '/src/a.js' }, changeType: VersionControlChangeType.Edit },
        { item: { path: '/src/new.js' }, changeType: VersionControlChangeType.Add },
        { item: { path: '/src' , isFolder: true }, changeType: VersionControlChangeType.Edit },
      ],
    }),
  };
  return { azure: { git } as unknown as AzureClients, statuses, created };
}

const prCtx = (over: Partial<PipelineContext> = {}) =>
  pipelineContext({ buildReason: 'PullRequest', pullRequest: { id: 7, sourceCommitId: 'c1', targetBranch: 'refs/heads/main' }, ...over });

const link = (fp?: string) => `https://hub/link${fp ? `#${fp}` : ''}`;

describe('pr/pullRequestRun', () => {
  it('is only for pull request builds of Azure Repos repositories it can reach', async () => {
    const { azure } = fakeGit();
    const { log } = capturedLog();
    assert.equal(await PullRequestRun.open(azure, pipelineContext(), 'palisade', '', log, link), undefined);
    assert.equal(await PullRequestRun.open(undefined, prCtx(), 'palisade', '', log, link), undefined);
    assert.equal(await PullRequestRun.open(azure, prCtx({ repositoryProvider: 'GitHub' }), 'palisade', '', log, link), undefined);
  });

  it('finds the iteration this build scanned, says when newer pushes exist, and posts its status there', async () => {
    const { azure, statuses } = fakeGit();
    const { log, lines } = capturedLog();
    const pr = (await PullRequestRun.open(azure, prCtx(), 'palisade/security-scan', '', log, link))!;
    assert.deepEqual([pr.id, pr.iterationId, pr.authorId], [7, 1, 'author-1']);
    assert.match(lines.join('\n'), /this build scanned iteration 1 \(commit c1\); iteration 2 was pushed since/);
    await pr.status('pending', 'Scanning');
    assert.equal(statuses.length, 0, 'nothing posted before configure');
    pr.configure({ statusName: 'palisade/security-scan', status: true, comments: false, maxComments: 5 });
    await pr.status('pending', 'Scanning');
    assert.equal(statuses.length, 1);
    assert.deepEqual([statuses[0].description, statuses[0].iterationId, statuses[0].targetUrl, statuses[0].name], ['Scanning', 1, 'https://hub/link', 'palisade/security-scan']);
  });

  it('posts no status when no iteration has the build\'s commit, and warns', async () => {
    const { azure, statuses } = fakeGit();
    const { log, lines } = capturedLog();
    const pr = (await PullRequestRun.open(azure, prCtx({ pullRequest: { id: 7, sourceCommitId: 'zzz' } }), 's', '', log, link))!;
    pr.configure({ statusName: 's', status: true, comments: false, maxComments: 5 });
    await pr.report({ newFindings: [], dismissed: new Set(), rules: [], state: 'succeeded', scanned: true });
    assert.equal(statuses.length, 0);
    assert.match(lines.join('\n'), /No iteration of pull request 7 has this build's commit zzz: the status check is not posted/);
  });

  it('warns and carries on when the pull request cannot be read', async () => {
    const { azure } = fakeGit({ failPr: true });
    const { log, lines } = capturedLog();
    const pr = await PullRequestRun.open(azure, prCtx(), 's', '', log, link);
    assert.ok(pr);
    assert.equal(pr.authorId, undefined);
    assert.match(lines.join('\n'), /Could not read pull request 7: HTTP 404: Not found\./);
  });

  it('reports new findings in the status, with a note, and an error with its masked reason', async () => {
    const { azure, statuses } = fakeGit();
    const { log } = capturedLog();
    log.registerSecrets(['SECRET12345']);
    const pr = (await PullRequestRun.open(azure, prCtx(), 's', '', log, link))!;
    pr.configure({ statusName: 's', status: true, comments: false, maxComments: 5 });
    await pr.report({ newFindings: [finding('a'), finding('b', { severity: 'low' })], dismissed: new Set(), rules: [], state: 'failed', scanned: true, statusNote: '1 new palisade-ignore comment' });
    await pr.report({ newFindings: [], dismissed: new Set(), rules: [], state: 'succeeded', scanned: true });
    await pr.report({ newFindings: [], dismissed: new Set(), rules: [], state: 'error', scanned: false, reason: 'boom SECRET12345' });
    assert.deepEqual(statuses.map((s) => s.description), ['2 new findings: 1 high, 1 low; 1 new palisade-ignore comment', 'No new findings', 'Palisade could not complete the scan: boom ***']);
  });

  it('replaces a pending status with an error after a crash, and only then', async () => {
    const { azure, statuses } = fakeGit();
    const pr = (await PullRequestRun.open(azure, prCtx(), 's', '', capturedLog().log, link))!;
    pr.configure({ statusName: 's', status: true, comments: false, maxComments: 5 });
    await pr.abandon('nothing pending');
    assert.equal(statuses.length, 0);
    await pr.status('pending', 'Scanning');
    await pr.abandon('worker crashed');
    assert.equal(statuses.length, 2);
    assert.equal(statuses[1].description, 'Palisade failed unexpectedly: worker crashed');
  });

  it('comments on new findings when comments are on', async () => {
    const { azure, created } = fakeGit();
    const { log, lines } = capturedLog();
    const pr = (await PullRequestRun.open(azure, prCtx(), 's', '', log, link))!;
    pr.configure({ statusName: 's', status: false, comments: true, maxComments: 5 });
    await pr.report({ newFindings: [finding('a')], dismissed: new Set(), rules: [], state: 'failed', scanned: true });
    assert.equal(created.length, 1);
    assert.match(lines.join('\n'), /Pull request threads: 1 new, 0 reopened, 0 fixed, 0 dismissed, 0 unchanged\./);
  });

  it('reads dismissals from the threads; without the author known, none count', async () => {
    const thread = {
      id: 3, status: CommentThreadStatus.Active, properties: { 'palisade.fingerprint': { $type: 'System.String', $value: 'fp1' } },
      comments: [{ id: 1, parentCommentId: 0, content: 'finding', author: { id: 'build' } }, { id: 2, parentCommentId: 1, content: '/palisade dismiss false-positive', author: REVIEWER, publishedDate: new Date('2026-12-02T00:00:00Z') }],
    };
    const known = (await PullRequestRun.open(fakeGit({ threads: [thread] }).azure, prCtx(), 's', '', capturedLog().log, link))!;
    assert.deepEqual((await known.dismissals(false)).honoured.map((d) => [d.fingerprint, d.by.displayName]), [['fp1', 'Avery']]);
    const unknown = (await PullRequestRun.open(fakeGit({ threads: [thread], authorKnown: false }).azure, prCtx(), 's', '', capturedLog().log, link))!;
    const t = await unknown.dismissals(false);
    assert.deepEqual(t.honoured, []);
    assert.match(t.ignored[0].why, /author could not be read/);
  });

  it('lists changed files from the iteration API when the checkout is not a git work tree', async () => {
    const root = makeTree({ 'src/a.js': 'x\n' });
    try {
      const { log, lines } = capturedLog();
      const pr = (await PullRequestRun.open(fakeGit().azure, prCtx(), 's', '', log, link))!;
      const changes = (await pr.changes(root))!;
      assert.equal(changes.source, 'rest');
      assert.equal(changes.baseCommit, 'base0123456789');
      assert.deepEqual(changes.files.map((f) => [f.path, f.change]), [['src/a.js', 'edit'], ['src/new.js', 'add']]);
      assert.match(lines.join('\n'), /Changed files: from the pull request's iteration 1 \(the scanned folder is not a git work tree\)/);
    } finally {
      removeTree(root);
    }
  });

  it('judges every finding as new when the changes are unknown', async () => {
    const { log, lines } = capturedLog();
    const pr = (await PullRequestRun.open(fakeGit().azure, prCtx(), 's', '', log, link))!;
    const fresh = await pr.newFindings([finding('a'), finding('b')], undefined, {});
    assert.deepEqual([...fresh], ['a', 'b']);
    assert.match(lines.join('\n'), /changes are unknown, so every finding is judged as if the pull request added it/);
  });
});
