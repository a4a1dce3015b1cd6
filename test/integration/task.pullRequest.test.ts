/**
 * PalisadeScan@1 end to end, pull-request builds: new vs pre-existing findings (git and REST
 * diff sources), the status check, comment threads across re-runs (dedupe, fixed, dismissed),
 * and a broken configuration.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '../emulator/index';
import type { AgentRun } from '../support/agentShim';
import {
  assertRun, extensionDocuments, gitCheckout, replyOnThread, materialise, NEW_SECRET, NEW_SECRET_LINE, OLD_SECRET, PR_ID, prBuild, prStatuses,
  prThreads, PROJECT, REPO, routeCounts, runTask, shallowFetch, storedScan, buildRecords, taskSuite, threadFingerprint, writeFiles,
} from './taskHarness';

interface SarifResult {
  ruleId: string;
  baselineState?: string;
  partialFingerprints: Record<string, string>;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
}

const sarifResults = (run: AgentRun): SarifResult[] => (JSON.parse(readFileSync(run.outputs.sarifPath, 'utf8')) as { runs: Array<{ results: SarifResult[] }> }).runs[0].results;
const where = (r: SarifResult) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`;

describe('PalisadeScan@1 against the emulator: pull-request builds', function () {
  // Several task runs per test on a shared machine.
  this.timeout(180_000);
  const suite = taskSuite();
  const emu = () => suite.emulator;
  const INPUTS = { failOn: 'high', scanners: 'secrets' };

  async function runPr(sources: string, extra: { inputs?: Record<string, string>; variables?: Record<string, string>; buildId?: number } = {}): Promise<AgentRun> {
    const buildId = extra.buildId ?? prBuild(emu()).id;
    return runTask(emu(), { buildId, sourcesDirectory: sources, workDirectory: suite.tempDir(), inputs: { ...INPUTS, ...extra.inputs }, variables: extra.variables });
  }

  /** What the PR shows and the verdict, for comparing the git and REST paths. */
  function verdictOf(run: AgentRun, em: Emulator) {
    return {
      result: run.result,
      message: run.resultMessage,
      newFindingCount: run.outputs.newFindingCount,
      statuses: prStatuses(em).map((s) => `${s.state}: ${s.description}`),
      threads: prThreads(em).map((t) => `${t.status} ${(t.threadContext as { filePath: string }).filePath}:${(t.threadContext as { rightFileStart: { line: number } }).rightFileStart.line} ${threadFingerprint(t)}`),
      sarif: sarifResults(run).map((r) => `${where(r)} ${r.baselineState}`).sort(),
    };
  }

  it('judges the PR on its new finding only (git merge commit): status, one thread, outputs, hub', async () => {
    const checkout = gitCheckout(suite.tempDir());
    const build = prBuild(emu());
    const run = await runPr(checkout.dir, { buildId: build.id });

    assertRun(run, run.result === 'Failed', 'the new critical secret fails the PR build');
    assert.equal(run.resultMessage, '1 new finding at or above high: 1 critical');
    assert.equal(run.outputs.newFindingCount, '1');
    assert.match(run.logText, /Changed files: 2 \(git diff against [0-9a-f]{12}\)\./);

    // Status check: pending first, then failed, on the latest iteration, linking into the hub.
    const statuses = prStatuses(emu());
    assert.deepEqual(statuses.map((s) => s.state), ['pending', 'failed']);
    const final = statuses[1];
    assert.equal(final.description, '1 new finding: 1 critical');
    assert.deepEqual(final.context, { genre: 'palisade', name: 'security-scan' });
    assert.equal(final.iterationId, 1);
    assert.equal(statuses[0].iterationId, 1);
    const target = new URL(final.targetUrl ?? '');
    assert.equal(target.pathname, `/${emu().store.data.organization.name}/${encodeURIComponent(PROJECT)}/_apps/hub/palisade-security.palisade.security-hub`);
    assert.equal(target.searchParams.get('repo'), REPO.id);
    assert.equal(target.searchParams.get('pr'), String(PR_ID));

    // Exactly one thread, on the new secret's line, stamped with its fingerprint.
    const results = sarifResults(run);
    const fresh = results.find((r) => where(r) === `src/payments.js:${NEW_SECRET_LINE}`);
    const old = results.find((r) => where(r) === 'src/config.js:4');
    assert.ok(fresh && old, `SARIF has both findings: ${results.map(where).join(', ')}`);
    assert.equal(fresh.baselineState, 'new');
    assert.equal(old.baselineState, 'unchanged', 'the secret already on the target branch is not blamed on the PR');
    const threads = prThreads(emu());
    assert.equal(threads.length, 1, 'one thread');
    const [thread] = threads;
    assert.equal(thread.status, 'active');
    assert.deepEqual((thread.threadContext as { filePath: string }).filePath, '/src/payments.js');
    assert.equal((thread.threadContext as { rightFileStart: { line: number } }).rightFileStart.line, NEW_SECRET_LINE);
    assert.equal(threadFingerprint(thread), fresh.partialFingerprints['palisade/v1']);
    assert.match(thread.comments[0].content, /^\*\*Palisade:\*\* GitHub personal access token \\\(classic\\\) \(critical\)/);
    assert.ok(!thread.comments[0].content.includes(NEW_SECRET), 'the comment shows a masked preview only');
    assert.ok(thread.comments[0].content.includes(`finding=${threadFingerprint(thread)}`), 'the comment links to the finding in the hub');

    // Annotations only for what the PR introduced.
    assert.deepEqual(run.issues.filter((i) => i.properties.sourcepath).map((i) => `${i.properties.sourcepath}:${i.properties.linenumber}`), [`src/payments.js:${NEW_SECRET_LINE}`]);
    assert.ok(!run.printedExceptSetSecret.includes(NEW_SECRET) && !run.printedExceptSetSecret.includes(OLD_SECRET));

    // The build's scan record, new and pre-existing findings told apart.
    const stored = storedScan(emu(), `pr/${PR_ID}`);
    assert.equal(stored.record.scan.trigger, 'pullRequest');
    assert.equal(stored.record.scan.pullRequestId, PR_ID);
    assert.deepEqual(stored.record.scan.pullRequest, { iterationId: 1, targetBranch: 'refs/heads/main', authorId: emu().store.identity('contributor').id });
    assert.equal(stored.record.scan.newFindings, 1);
    assert.deepEqual(stored.record.findings.map((f) => `${f.path}:${f.region.startLine} ${f.isNew}`).sort(), ['src/config.js:4 false', `src/payments.js:${NEW_SECRET_LINE} true`]);
    assert.ok(!stored.raw.includes(NEW_SECRET) && !stored.raw.includes(OLD_SECRET));
    process.stdout.write(`      [PR build (git diff): ${run.requests.length} REST calls: ${routeCounts(run.requests)}]\n`);
  });

  it('re-runs without repeating threads (job attempt 2 publishes under a suffixed artifact name)', async () => {
    const checkout = gitCheckout(suite.tempDir());
    const build = prBuild(emu());
    const first = await runPr(checkout.dir, { buildId: build.id });
    assertRun(first, first.result === 'Failed', 'first run fails');
    const second = await runPr(checkout.dir, { buildId: build.id, variables: { 'System.JobAttempt': '2' } });
    assertRun(second, second.result === 'Failed', 'the re-run fails the same way');
    assert.equal(prThreads(emu()).length, 1, 'still one thread');
    assert.equal(prThreads(emu())[0].comments.length, 1, 'and no extra comment');
    assert.match(second.logText, /Pull request threads: 0 new, 0 reopened, 0 fixed, 0 dismissed, 1 unchanged\./);
    assert.deepEqual(prStatuses(emu()).map((s) => s.state), ['pending', 'failed', 'pending', 'failed']);
    assert.deepEqual(second.artifacts, ['CodeAnalysisLogs_Job_2'], 'the retried job does not collide with the first artifact');
    assert.deepEqual(emu().store.data.builds.find((b) => b.id === build.id)?.artifacts.map((a) => a.name), ['CodeAnalysisLogs', 'CodeAnalysisLogs_Job_2']);
    const records = buildRecords(emu(), build.id).map((r) => r.record.scan);
    assert.deepEqual(records.map((r) => [r.jobAttempt, r.artifactName]).sort(), [[1, 'CodeAnalysisLogs'], [2, 'CodeAnalysisLogs_Job_2']], 'both attempts keep their record');
    assert.equal(storedScan(emu(), `pr/${PR_ID}`).record.scan.jobAttempt, 2, 'the newest attempt stands');
  });

  it('marks the thread fixed when the PR removes the secret, and reopens it when it comes back', async () => {
    const checkout = gitCheckout(suite.tempDir());
    const first = await runPr(checkout.dir);
    assertRun(first, first.result === 'Failed', 'first run fails');
    const fingerprint = threadFingerprint(prThreads(emu())[0]);

    const fixedFile = { 'src/payments.js': "// Payments client\nconst endpoint = 'https://payments.example';\nconst apiToken = process.env.PAYMENTS_TOKEN;\nmodule.exports = { endpoint, apiToken };\n" };
    checkout.pushToPr(fixedFile);
    emu().store.pushToPullRequest(REPO.name, PR_ID, { files: { '/src/payments.js': fixedFile['src/payments.js'] } });
    const fixed = await runPr(checkout.dir);
    assertRun(fixed, fixed.result === 'Succeeded', 'nothing new once the secret is gone (the old one is not the PR\'s)');
    assert.equal(fixed.resultMessage, 'No new findings.');
    assert.equal(fixed.outputs.newFindingCount, '0');
    assert.equal(fixed.outputs.criticalCount, '1', 'the pre-existing secret is still reported');
    assert.deepEqual(prThreads(emu()).map((t) => [t.status, threadFingerprint(t)]), [['fixed', fingerprint]]);
    const last = prStatuses(emu()).at(-1);
    assert.deepEqual([last?.state, last?.description, last?.iterationId], ['succeeded', 'No new findings', 2]);
    const stored = storedScan(emu(), `pr/${PR_ID}`);
    assert.equal(stored.record.scan.fixedFindings, 1);
    assert.deepEqual(stored.record.findings.filter((f) => f.state === 'fixed').map((f) => f.fingerprint), [fingerprint]);

    const back = { 'src/payments.js': `// Payments client\nconst endpoint = 'https://payments.example';\nconst apiToken = "${NEW_SECRET}";\n` };
    checkout.pushToPr(back);
    emu().store.pushToPullRequest(REPO.name, PR_ID, { files: { '/src/payments.js': back['src/payments.js'] } });
    const again = await runPr(checkout.dir);
    assertRun(again, again.result === 'Failed', 'the secret is back');
    assert.deepEqual(prThreads(emu()).map((t) => [t.status, threadFingerprint(t)]), [['active', fingerprint]], 'the same thread reopens');
    assert.match(again.logText, /Pull request threads: 0 new, 1 reopened/);
  });

  it('puts new findings beyond maxPrComments into one summary thread, updated in place', async () => {
    const checkout = gitCheckout(suite.tempDir());
    const first = await runPr(checkout.dir, { inputs: { maxPrComments: '0' } });
    assertRun(first, first.result === 'Failed', 'fails');
    const threads = prThreads(emu());
    assert.equal(threads.length, 1);
    assert.equal(threads[0].properties['palisade.summary']?.$value, 'true');
    assert.equal(threadFingerprint(threads[0]), undefined);
    assert.match(threads[0].comments[0].content, /\*\*Palisade: 1 more new finding\*\*/);
    assert.match(threads[0].comments[0].content, new RegExp(`\\| critical \\| \` github-pat-classic \` \\| \` src/payments\\.js:${NEW_SECRET_LINE} \` \\|`));
    const again = await runPr(checkout.dir, { inputs: { maxPrComments: '0' } });
    assertRun(again, again.result === 'Failed', 'fails again');
    assert.equal(prThreads(emu()).length, 1, 'the summary thread is reused');
    assert.match(again.logText, /0 new, 0 reopened, 0 fixed, 0 dismissed, 0 unchanged, 1 in the summary thread/);
  });

  it('honours a reviewer\'s /palisade dismiss reply: not new, no failure, its thread closes as won\'t fix', async () => {
    const checkout = gitCheckout(suite.tempDir());
    const first = await runPr(checkout.dir);
    assertRun(first, first.result === 'Failed', 'first run fails');
    const fresh = sarifResults(first).find((r) => r.baselineState === 'new');
    assert.ok(fresh);
    const fp = fresh.partialFingerprints['palisade/v1'];
    await replyOnThread(emu(), prThreads(emu())[0].id, '/palisade dismiss false-positive test fixture, never a real token', 'admin');

    const second = await runPr(checkout.dir);
    assertRun(second, second.result === 'Succeeded', 'a dismissed finding does not fail the build');
    assert.equal(second.outputs.newFindingCount, '0');
    assert.equal(second.outputs.criticalCount, '1', 'the dismissed finding is not counted as open');
    assert.match(second.logText, /Dismissals honoured: 1\./);
    assert.match(second.logText, new RegExp(`github-pat-classic src/payments\\.js:${NEW_SECRET_LINE}: false-positive by Avery Admin on \\d{4}-\\d\\d-\\d\\d \\(pull request thread 1\\): test fixture, never a real token`));
    assert.deepEqual(prThreads(emu()).map((t) => t.status), ['wontFix']);
    assert.match(second.logText, /Pull request threads: 0 new, 0 reopened, 0 fixed, 1 dismissed/);
    assert.deepEqual(prStatuses(emu()).at(-1)?.state, 'succeeded');
    const stored = storedScan(emu(), `pr/${PR_ID}`);
    const dismissed = stored.record.findings.find((f) => f.fingerprint === fp);
    assert.equal(dismissed?.suppression?.kind, 'triage');
    assert.equal(stored.record.scan.newFindings, 0);
    assert.deepEqual(stored.record.dismissals.honoured.map((d) => [d.fingerprint, d.reason, d.by.displayName, d.channel, d.threadId]), [[fp, 'falsePositive', 'Avery Admin', 'pullRequestReply', 1]]);
    const sarif = sarifResults(second).find((r) => r.partialFingerprints['palisade/v1'] === fp) as SarifResult & { suppressions?: Array<{ kind: string }> };
    assert.equal(sarif.suppressions?.[0]?.kind, 'external', 'SARIF keeps it, suppressed');
  });

  it('reaches the same verdict without Git history: changes from the iteration API, base versions from the items API', async () => {
    const checkout = gitCheckout(suite.tempDir());
    const viaGit = await runPr(checkout.dir);
    assertRun(viaGit, viaGit.result === 'Failed', 'the git path fails');
    const gitVerdict = verdictOf(viaGit, emu());

    for (const [label, makeSources] of [
      ['materialised files', (em: Emulator) => materialise(em, suite.tempDir(), em.store.repository(REPO.name).refs[`refs/pull/${PR_ID}/merge`])],
      ['a depth-1 fetch of the merge ref', () => shallowFetch(checkout.dir, suite.tempDir())],
    ] as const) {
      emu().store.reset();
      emu().requestLog.clear();
      const run = await runPr(makeSources(emu()));
      assertRun(run, run.result === 'Failed', `${label}: fails like the git path`);
      assert.deepEqual(verdictOf(run, emu()), gitVerdict, `${label}: same verdict, status, threads and SARIF as the git path`);
      assert.match(run.logText, /Changed files: from the pull request's iteration 1 \(/, `${label}: the log says where the changes came from`);
      const changes = run.requests.filter((r) => r.route === 'git.pullRequestIterationChanges.get');
      assert.equal(changes.length, 1, `${label}: one page of iteration changes`);
      assert.match(changes[0].path, new RegExp(`/pullRequests/${PR_ID}/iterations/1/changes$`));
      const items = run.requests.filter((r) => r.route === 'git.items.get');
      const targetCommit = emu().store.pullRequest(emu().store.repository(REPO.name), PR_ID).iterations[0].targetCommit;
      assert.deepEqual(items.map((r) => new URL(r.url, 'http://x').searchParams.get('path')), ['/src/config.js'], `${label}: only the edited file's base version is fetched`);
      assert.ok(items.every((r) => r.status === 200 && r.url.includes(targetCommit)), `${label}: at the target commit of the merge`);
      if (label === 'materialised files') process.stdout.write(`      [PR build (REST diff): ${run.requests.length} REST calls: ${routeCounts(run.requests)}]\n`);
    }
  });

  it('scans a subfolder: threads, annotations, base versions and hub paths stay repository-relative', async () => {
    const sources = materialise(emu(), suite.tempDir(), emu().store.repository(REPO.name).refs[`refs/pull/${PR_ID}/merge`]);
    const run = await runPr(sources, { inputs: { path: join(sources, 'src') } });
    assertRun(run, run.result === 'Failed', 'the new secret in src/ fails the build');
    assert.deepEqual(prThreads(emu()).map((t) => (t.threadContext as { filePath: string }).filePath), ['/src/payments.js']);
    assert.deepEqual(run.issues.filter((i) => i.properties.sourcepath).map((i) => i.properties.sourcepath), ['src/payments.js']);
    assert.deepEqual(run.requests.filter((r) => r.route === 'git.items.get').map((r) => new URL(r.url, 'http://x').searchParams.get('path')), ['/src/config.js']);
    const stored = storedScan(emu(), `pr/${PR_ID}`);
    assert.deepEqual(stored.record.findings.map((f) => f.path).sort(), ['src/config.js', 'src/payments.js'], 'the hub links files from the repository root');
    assert.deepEqual(sarifResults(run).map(where).sort(), ['config.js:4', `payments.js:${NEW_SECRET_LINE}`], 'SARIF stays relative to the scanned folder');
  });

  it('does not leave the status pending when the task dies half-way', async () => {
    const checkout = gitCheckout(suite.tempDir());
    const work = suite.tempDir();
    writeFiles(work, { 'not-a-folder': 'the agent\'s staging path is a file' });
    const run = await runPr(checkout.dir, { variables: { 'Build.ArtifactStagingDirectory': join(work, 'not-a-folder') } });
    assertRun(run, run.result === 'Failed', 'the task fails');
    assert.match(run.resultMessage ?? '', /^Palisade failed unexpectedly: /);
    const states = prStatuses(emu()).map((s) => s.state);
    assert.deepEqual(states, ['pending', 'error'], 'the pending status is replaced');
    assert.match(prStatuses(emu())[1].description ?? '', /^Palisade failed unexpectedly: /);
  });

  it('fails on a broken configuration file before publishing anything', async () => {
    const checkout = gitCheckout(suite.tempDir());
    writeFiles(checkout.dir, { '.palisade.yml': 'version: 1\nrules:\n  disable: [no-such-rule]\n' });
    const run = await runPr(checkout.dir);
    assertRun(run, run.result === 'Failed', 'a config error fails the task');
    const errors = run.issues.filter((i) => i.type === 'error').map((i) => i.message);
    assert.match(errors[0] ?? '', /^The Palisade configuration is invalid/, 'an error says what happened');
    assert.ok(errors.some((m) => /^\.palisade\.yml:3: rules\.disable\[0\]: unknown rule id "no-such-rule"/.test(m)), `one error per problem: ${errors.join(' | ')}`);
    assert.equal(run.outputs.result, 'error');
    assert.deepEqual(run.secretsRegistered, [], 'nothing was scanned');
    assert.deepEqual(run.artifacts, [], 'no artifact');
    assert.deepEqual(emu().store.data.builds.at(-1)?.artifacts, []);
    assert.deepEqual(emu().store.data.builds.at(-1)?.tags, [], 'no tag');
    assert.deepEqual(extensionDocuments(emu()), [], 'no extension data');
    assert.deepEqual(prThreads(emu()), [], 'no threads');
    assert.deepEqual(prStatuses(emu()).map((s) => [s.state, s.description]), [['error', 'Configuration error in .palisade.yml']], 'only an error status, no pending one');
    assert.ok(run.requests.every((r) => r.method === 'GET' || r.method === 'OPTIONS' || r.route === 'git.pullRequestStatuses.create'), 'nothing else was written');
  });
});

