/**
 * PalisadeScan@1 end to end: a pull request cannot loosen its own gate. Its `.palisade.yml`
 * changes that weaken the scan become high findings (the target's configuration applies until
 * merged), and `palisade-ignore` comments it adds do not silence its findings.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AgentRun } from '../support/agentShim';
import {
  assertRun, git, gitCheckout, HISTORY, materialise, NEW_SECRET_LINE, PR_ID, prBuild, prStatuses, prThreads, REPO, runTask, taskSuite, writeFiles,
} from './taskHarness';

interface SarifResult {
  ruleId: string;
  baselineState?: string;
  message: { text: string };
  suppressions?: unknown[];
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
}

const sarifResults = (run: AgentRun): SarifResult[] => (JSON.parse(readFileSync(run.outputs.sarifPath, 'utf8')) as { runs: Array<{ results: SarifResult[] }> }).runs[0].results;
const where = (r: SarifResult) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`;
const weakened = (run: AgentRun) => sarifResults(run).filter((r) => r.ruleId === 'palisade-config-weakened');
const secretAt = (run: AgentRun, loc: string) => sarifResults(run).find((r) => where(r) === loc && r.ruleId !== 'palisade-config-weakened');


/** Commits `files` to main, then checks out a fresh merge of the PR branch into it, as the next PR build would. */
function mergeToMainAndRebuild(dir: string, files: Record<string, string | null>): void {
  git(dir, 'checkout', '-q', 'main');
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Configuration');
  git(dir, 'checkout', '-q', '--detach', 'main');
  git(dir, 'merge', '-q', '--no-ff', '-m', `Merge pull request ${PR_ID}`, 'feature/payments');
}

const PAYMENTS = HISTORY.pr1['src/payments.js'] as string;

describe('PalisadeScan@1 against the emulator: a pull request is judged by its target branch\'s configuration', function () {
  const suite = taskSuite();
  const emu = () => suite.emulator;
  const runPr = (sources: string) => runTask(emu(), { buildId: prBuild(emu()).id, sourcesDirectory: sources, workDirectory: suite.tempDir(), inputs: { failOn: 'high', scanners: 'secrets' } });

  it('a PR that adds excludes: ["**"] still fails on its secret and gets a "weakens" finding on the config line', async () => {
    const checkout = gitCheckout(suite.tempDir());
    checkout.pushToPr({ '.palisade.yml': 'version: 1\nexcludes: ["**"]\n' });
    const run = await runPr(checkout.dir);

    assertRun(run, run.result === 'Failed', 'the PR fails');
    assert.ok(secretAt(run, `src/payments.js:${NEW_SECRET_LINE}`), 'the secret is still found: the PR\'s excludes do not apply');
    const w = weakened(run);
    assert.deepEqual(w.map((r) => [where(r), r.baselineState, r.message.text]), [['.palisade.yml:2', 'new', 'This pull request weakens the security scan: it adds the exclude "**".']]);
    assert.equal(run.resultMessage, '2 new findings at or above high: 1 critical, 1 high');
    assert.deepEqual(prStatuses(emu()).map((s) => s.state), ['pending', 'failed']);
    assert.ok(prThreads(emu()).some((t) => (t.threadContext as { filePath: string }).filePath === '/.palisade.yml'), 'a reviewer sees a thread on the config file');
    assert.ok(run.issues.some((i) => i.type === 'warning' && /\.palisade\.yml: this pull request weakens the security scan: it adds the exclude "\*\*"/.test(i.message)), 'the log warns');
    assert.match(run.summaries.join('\n'), /weakens the security scan/);
  });

  it('a PR that raises failOn and disables the rule is reported for both, and its secret still fails it', async function () {
    this.timeout(90_000); // two task runs
    const checkout = gitCheckout(suite.tempDir());
    // Find the id of the rule that reports the PR's secret.
    const first = await runPr(checkout.dir);
    const ruleId = secretAt(first, `src/payments.js:${NEW_SECRET_LINE}`)?.ruleId;
    assert.ok(ruleId, 'the secret has a rule');
    emu().store.reset();
    checkout.pushToPr({ '.palisade.yml': `version: 1\nfailOn: none\nrules:\n  disable: [${ruleId}]\n  severity:\n    ${ruleId}: note\n` });
    const run = await runPr(checkout.dir);

    assertRun(run, run.result === 'Failed', 'the PR fails');
    assert.ok(secretAt(run, `src/payments.js:${NEW_SECRET_LINE}`), 'the disabled rule still runs');
    assert.deepEqual(weakened(run).map((r) => `${where(r)} ${r.message.text}`).sort(), [
      `.palisade.yml:2 This pull request weakens the security scan: it raises failOn from high to none.`,
      `.palisade.yml:4 This pull request weakens the security scan: it disables the rule "${ruleId}".`,
      `.palisade.yml:6 This pull request weakens the security scan: it lowers the severity of "${ruleId}" from critical to note.`,
    ]);
    assert.equal(prStatuses(emu()).at(-1)?.state, 'failed');
  });

  it('a palisade-ignore the PR adds on its own secret does not silence it; it is listed in the log, summary and status', async () => {
    const checkout = gitCheckout(suite.tempDir());
    const lines = PAYMENTS.split('\n');
    lines.splice(NEW_SECRET_LINE - 1, 0, '// palisade-ignore -- test key');
    checkout.pushToPr({ 'src/payments.js': lines.join('\n') });
    const run = await runPr(checkout.dir);

    assertRun(run, run.result === 'Failed', 'the PR still fails');
    const secret = secretAt(run, `src/payments.js:${NEW_SECRET_LINE + 1}`);
    assert.ok(secret, 'the secret is reported');
    assert.equal(secret.suppressions, undefined, 'not suppressed for this build');
    const listed = `1 new palisade-ignore comment in this pull request (they count once merged): src/payments.js:${NEW_SECRET_LINE}`;
    assert.ok(run.issues.some((i) => i.message.startsWith(listed)), `the log lists it: ${run.issues.map((i) => i.message).join(' | ')}`);
    assert.match(run.summaries.join('\n'), new RegExp(`src/payments\\.js:${NEW_SECRET_LINE}`));
    assert.equal(prStatuses(emu()).at(-1)?.description, '1 new finding: 1 critical; 1 new palisade-ignore comment');
  });

  it('once merged to the target branch, the same configuration applies to the next pull request', async () => {
    const checkout = gitCheckout(suite.tempDir());
    mergeToMainAndRebuild(checkout.dir, { '.palisade.yml': 'version: 1\nexcludes: ["src/payments.js"]\n' });
    const run = await runPr(checkout.dir);
    assertRun(run, run.result === 'Succeeded', 'the target branch\'s exclude applies');
    assert.equal(secretAt(run, `src/payments.js:${NEW_SECRET_LINE}`), undefined, 'the excluded file is not scanned');
    assert.deepEqual(weakened(run), [], 'no weakening: the PR did not change the configuration');
    assert.equal(prStatuses(emu()).at(-1)?.state, 'succeeded');
  });

  it('a palisade-ignore already on the target branch keeps silencing its line', async () => {
    const checkout = gitCheckout(suite.tempDir());
    const lines = PAYMENTS.split('\n');
    lines.splice(NEW_SECRET_LINE - 1, 0, '// palisade-ignore -- test key');
    checkout.pushToPr({ 'src/payments.js': lines.join('\n') });
    // The file, comment included, merged to main; the next PR edits it again.
    git(checkout.dir, 'checkout', '-q', 'main');
    git(checkout.dir, 'merge', '-q', '--no-ff', '-m', 'Merge', 'feature/payments');
    git(checkout.dir, 'checkout', '-q', 'feature/payments');
    writeFiles(checkout.dir, { 'src/payments.js': lines.join('\n') + '// reviewed\n' });
    git(checkout.dir, 'commit', '-q', '-am', 'Tweak');
    git(checkout.dir, 'checkout', '-q', '--detach', 'main');
    git(checkout.dir, 'merge', '-q', '--no-ff', '-m', `Merge pull request ${PR_ID}`, 'feature/payments');
    const run = await runPr(checkout.dir);
    assertRun(run, run.result === 'Succeeded', 'nothing new');
    assert.ok(!run.issues.some((i) => /new palisade-ignore/.test(i.message)), 'the comment is not new');
  });

  it('without Git history: a PR editing the target\'s config is compared with the target\'s version, read with the items API', async () => {
    // Give every seeded commit the target's configuration, as if it had been there from the start.
    const repo = emu().store.repository(REPO.name);
    const blob = emu().store.putBlob('version: 1\nexcludes: ["docs/**"]\n');
    for (const c of Object.values(repo.commits)) c.tree['/.palisade.yml'] = blob;
    const { mergeCommit } = emu().store.pushToPullRequest(REPO.name, PR_ID, { files: { '/.palisade.yml': 'version: 1\nexcludes: ["docs/**", "src/**"]\n' } });
    const run = await runPr(materialise(emu(), suite.tempDir(), mergeCommit));
    assertRun(run, run.result === 'Failed', 'the PR fails');
    assert.ok(secretAt(run, `src/payments.js:${NEW_SECRET_LINE}`), 'src/** is not excluded yet');
    assert.deepEqual(weakened(run).map((r) => `${where(r)} ${r.message.text}`), ['.palisade.yml:2 This pull request weakens the security scan: it adds the exclude "src/**".'], 'only the added exclude, not the target\'s own');
    const paths = run.requests.filter((r) => r.route === 'git.items.get').map((r) => new URL(r.url, 'http://x').searchParams.get('path'));
    assert.ok(paths.includes('/.palisade.yml'), `the target's version was fetched: ${paths.join(', ')}`);
  });

  it('without Git history: the target\'s configuration comes from the items API and the PR is still judged by it', async () => {
    const { mergeCommit } = emu().store.pushToPullRequest(REPO.name, PR_ID, { files: { '/.palisade.yml': 'version: 1\nexcludes: ["**"]\n' } });
    const run = await runPr(materialise(emu(), suite.tempDir(), mergeCommit));
    assertRun(run, run.result === 'Failed', 'the PR fails');
    assert.ok(secretAt(run, `src/payments.js:${NEW_SECRET_LINE}`), 'the secret is found');
    assert.deepEqual(weakened(run).map(where), ['.palisade.yml:2']);
    const paths = run.requests.filter((r) => r.route === 'git.items.get').map((r) => new URL(r.url, 'http://x').searchParams.get('path'));
    assert.ok(!paths.includes('/.palisade.yml'), 'the config is new in the PR: nothing to fetch, built-in defaults apply');
  });
});
