/**
 * PalisadeScan@1 against the service's real answers (REAL-SERVICE.md): a job token that extension
 * data refuses (the task must not need it), a push to the PR while the build runs, and throttling headers whose reset time
 * is far away.
 */
import assert from 'node:assert/strict';
import type { AgentRun } from '../support/agentShim';
import { assertRun, buildRecords, gitCheckout, PR_ID, prBuild, prStatuses, prThreads, REPO, runTask, taskSuite } from './taskHarness';

const INPUTS = { failOn: 'high', scanners: 'secrets' };

describe('PalisadeScan@1 against the emulator: extension data refuses the job token (host authorization on)', function () {
  const suite = taskSuite({ checkHostAuthorization: true });
  const emu = () => suite.emulator;

  it('never needs extension data: no call, no warning, and every result comes out of the build', async () => {
    const checkout = gitCheckout(suite.tempDir());
    const build = prBuild(emu());
    const run = await runTask(emu(), { buildId: build.id, sourcesDirectory: checkout.dir, workDirectory: suite.tempDir(), inputs: INPUTS });
    assertRun(run, run.result === 'Failed', 'the new secret fails the build, nothing else');
    assert.equal(run.resultMessage, '1 new finding at or above high: 1 critical');
    assert.ok(!run.issues.some((i) => /TokenMissingHostAuthorizationClaimException|extension data/i.test(i.message)), run.issues.map((i) => i.message).join(' | '));
    assert.deepEqual(run.requests.filter((r) => r.route?.startsWith('extensionData.')).map((r) => `${r.method} ${r.route}`), []);
    // The results still come out: artifact with the scan record, PR status, thread.
    assert.deepEqual(run.artifacts, ['CodeAnalysisLogs']);
    assert.equal(buildRecords(emu(), build.id).length, 1, 'the scan record is in the build');
    assert.deepEqual(prStatuses(emu()).map((s) => s.state), ['pending', 'failed']);
    assert.equal(prThreads(emu()).length, 1);
    assert.equal(emu().store.data.extensionData.length, 0);
  });
});

describe('PalisadeScan@1 against the emulator: the PR status goes on the iteration the build scanned', function () {
  const suite = taskSuite();
  const emu = () => suite.emulator;

  /** A PR build queued, then a push to the PR before the task runs. */
  async function runAfterPush(variables: Record<string, string> = {}): Promise<{ run: AgentRun; queuedIteration: number; pushedIteration: number }> {
    const store = emu().store;
    const pr = store.pullRequest(store.repository(REPO.name), PR_ID);
    const queuedIteration = pr.iterations.length;
    const build = prBuild(emu());
    const { iteration } = store.pushToPullRequest(REPO.name, PR_ID, { files: { 'src/later.js': 'module.exports = 1;\n' }, comment: 'Pushed while the build waited' });
    const checkout = gitCheckout(suite.tempDir());
    const run = await runTask(emu(), { buildId: build.id, sourcesDirectory: checkout.dir, workDirectory: suite.tempDir(), inputs: INPUTS, variables });
    return { run, queuedIteration, pushedIteration: iteration.id };
  }

  it('posts on the older iteration whose source commit the build checked out (System.PullRequest.SourceCommitId)', async () => {
    const { run, queuedIteration, pushedIteration } = await runAfterPush();
    assert.ok(pushedIteration > queuedIteration);
    assertRun(run, run.result === 'Failed', 'the verdict is the scan\'s');
    const statuses = prStatuses(emu());
    assert.deepEqual(statuses.map((s) => [s.state, s.iterationId]), [['pending', queuedIteration], ['failed', queuedIteration]]);
    assert.match(run.logText, new RegExp(`this build scanned iteration ${queuedIteration} \\(commit [0-9a-f]{12}\\); iteration ${pushedIteration} was pushed since`));
  });

  it('without SourceCommitId, finds the iteration through Build.SourceVersion\'s merge parents', async () => {
    const { run, queuedIteration } = await runAfterPush({ 'System.PullRequest.SourceCommitId': '' });
    assertRun(run, run.result === 'Failed', 'the verdict is the scan\'s');
    assert.deepEqual(prStatuses(emu()).map((s) => s.iterationId), [queuedIteration, queuedIteration]);
    assert.ok(run.requests.some((r) => r.route === 'git.commits.get'), 'read the merge commit');
  });

  it('posts no status when no iteration has the build\'s commit (fail safe), and says why', async () => {
    const { run } = await runAfterPush({ 'System.PullRequest.SourceCommitId': 'f'.repeat(40) });
    assertRun(run, run.result === 'Failed', 'the verdict is still the scan\'s');
    assert.deepEqual(prStatuses(emu()), []);
    assert.ok(run.issues.some((i) => i.type === 'warning' && /No iteration of pull request 7 has this build's commit ffffffffffff: the status check is not posted/.test(i.message)));
  });
});

describe('PalisadeScan@1 against the emulator: throttling with a far X-RateLimit-Reset', function () {
  const suite = taskSuite();
  const emu = () => suite.emulator;

  it('waits Retry-After, never the reset time or the delay, and logs the throttle', async () => {
    const hour = Math.ceil(Date.now() / 1000) + 3600;
    const throttle = emu().faults.rateLimit({ method: 'POST', path: '**/pullRequests/*/statuses', count: 1, retryAfter: 1, resetIn: 3600, delay: 600 });
    // Served, but usage is high: the hints on a success must not hold the next calls for an hour either.
    const hint = emu().faults.headers(
      { 'X-RateLimit-Resource': 'ATCPU', 'X-RateLimit-Reset': String(hour), 'X-RateLimit-Remaining': '0', 'X-RateLimit-Delay': '900' },
      { method: 'GET', path: '**/pullRequests/*/iterations', count: 1 },
    );
    const checkout = gitCheckout(suite.tempDir());
    const build = prBuild(emu());
    const run = await runTask(emu(), { buildId: build.id, sourcesDirectory: checkout.dir, workDirectory: suite.tempDir(), inputs: INPUTS });
    assertRun(run, run.result === 'Failed', 'the verdict is the scan\'s');
    assert.ok(throttle.exhausted && hint.exhausted);
    // The policy's computed waits, as logged: 1 s for the 429, nothing for the hints.
    assert.match(run.logText, /Azure DevOps throttled POST \/[^ ]+\/pullRequests\/7\/statuses \(429, resource ATCPU\) at \d\d:\d\d:\d\d; waiting 1 s as Retry-After asks \(retry 1\)\./);
    assert.match(run.logText, /Azure DevOps held GET \/[^ ]+\/pullRequests\/7\/iterations for 900 s before serving it \(resource ATCPU\) at \d\d:\d\d:\d\d; usage resets at \d\d:\d\d:\d\d; not waiting on top of that\./);
    assert.match(run.logText, /Azure DevOps REST calls: \d+ \(1 retried, 1 s throttled\)\./);
    assert.deepEqual(prStatuses(emu()).map((s) => s.state), ['pending', 'failed']);
  });
});

describe('PalisadeScan@1 against the emulator: Azure DevOps Server 2022 (REST API up to 7.0)', function () {
  const suite = taskSuite({ serverVersion: '2022' });
  const emu = () => suite.emulator;

  it('runs a PR build end to end with every call negotiated to 7.0 or below', async () => {
    const checkout = gitCheckout(suite.tempDir());
    const build = prBuild(emu());
    const run = await runTask(emu(), { buildId: build.id, sourcesDirectory: checkout.dir, workDirectory: suite.tempDir(), inputs: INPUTS });
    assertRun(run, run.result === 'Failed', 'the verdict is the scan\'s');
    assert.equal(run.resultMessage, '1 new finding at or above high: 1 critical');
    assert.deepEqual(prStatuses(emu()).map((s) => [s.state, s.iterationId]), [['pending', 1], ['failed', 1]]);
    assert.equal(prThreads(emu()).length, 1);
    assert.deepEqual(run.artifacts, ['CodeAnalysisLogs']);
    assert.equal(buildRecords(emu(), build.id).length, 1, 'the scan record is in the build');
    const refused = run.requests.filter((r) => r.status === 400);
    assert.deepEqual(refused.map((r) => `${r.method} ${r.route} ${r.apiVersion}`), []);
    const versions = new Set(run.requests.map((r) => r.apiVersion).filter((v): v is string => !!v));
    assert.ok([...versions].every((v) => Number.parseFloat(v) <= 7.0), [...versions].join(', '));
  });
});
