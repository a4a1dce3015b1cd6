/**
 * PalisadeScan@1 end to end, branch builds: the compiled task runs as an agent runs it against
 * the emulated Azure DevOps; the tests read back what a pipeline author, the hub and an
 * administrator would see (SARIF artifact, build summary, outputs, extension data, request log).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

import { collections, documentIds } from '../../tasks/contract/storage';
import {
  assertRun, branchBuild, routeCounts, document, documents, downloadArtifactFile, JWT, materialise, OLD_SECRET, PROJECT, REPO, runTask,
  gitCheckout, prBuild, prStatuses, prThreads, setRepoEnabled, setSettings, storedScan, taskSuite, TARGET, writeFiles,
} from './taskHarness';

interface Sarif {
  version: string;
  runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
}

describe('PalisadeScan@1 against the emulator: branch builds', function () {
  const suite = taskSuite();
  const emu = () => suite.emulator;

  it('fails on a critical secret and publishes SARIF, summary, outputs and hub documents without the secret', async () => {
    const build = branchBuild(emu());
    const sources = materialise(emu(), suite.tempDir(), build.sourceVersion);
    const run = await runTask(emu(), { buildId: build.id, sourcesDirectory: sources, workDirectory: suite.tempDir(), inputs: { failOn: 'high', scanners: 'secrets' } });

    assertRun(run, run.result === 'Failed', 'the task fails on a critical finding');
    assert.match(run.resultMessage ?? '', /^1 finding at or above high: 1 critical$/);
    assert.equal(run.exitCode, 0, 'task-lib reports the failure through the result, not the exit code');
    assert.deepEqual(
      { result: run.outputs.result, critical: run.outputs.criticalCount, high: run.outputs.highCount, new: run.outputs.newFindingCount },
      { result: 'failed', critical: '1', high: '0', new: '0' },
    );
    assert.ok(existsSync(run.outputs.sarifPath), 'sarifPath points at the written file');
    assert.deepEqual(run.secretsRegistered, [OLD_SECRET], 'the secret is registered for masking');
    assert.ok(!run.printedExceptSetSecret.includes(OLD_SECRET), 'the secret is printed only to register it');
    const annotation = run.issues.find((i) => i.type === 'error' && i.properties.sourcepath);
    assert.deepEqual([annotation?.properties.sourcepath, annotation?.properties.linenumber, annotation?.properties.code], ['src/config.js', '3', 'github-pat-classic']);

    // SARIF artifact, downloaded back from the build.
    assert.deepEqual(run.artifacts, ['CodeAnalysisLogs']);
    assert.deepEqual(emu().store.data.builds.find((b) => b.id === build.id)?.artifacts.map((a) => a.name), ['CodeAnalysisLogs']);
    const sarifText = await downloadArtifactFile(emu(), build.id, 'CodeAnalysisLogs', 'palisade.sarif');
    assert.equal(sarifText, readFileSync(run.outputs.sarifPath, 'utf8'), 'the artifact holds the file the task wrote');
    assert.ok(!sarifText.includes(OLD_SECRET), 'no secret in the SARIF');
    const sarif = JSON.parse(sarifText) as Sarif;
    assert.equal(sarif.version, '2.1.0');
    const results = sarif.runs[0].results;
    assert.deepEqual(results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]), [['github-pat-classic', 'error', 'src/config.js', 3]]);
    assert.ok(sarif.runs[0].tool.driver.rules.some((r) => r.id === 'github-pat-classic'));

    // Build summary.
    assert.equal(run.summaries.length, 1);
    const summary = run.summaries[0];
    assert.match(summary, /### 1 finding at or above high: 1 critical/);
    assert.match(summary, /\| critical \| GitHub personal access token \(classic\) \| `src\/config\.js:3` \|/);
    assert.ok(summary.includes(`${emu().orgUrl}${encodeURIComponent(PROJECT)}/_apps/hub/palisade-security.palisade.security-hub?repo=${REPO.id}`), 'links to the hub');
    assert.match(summary, /SARIF: artifact `CodeAnalysisLogs`/);
    assert.ok(!summary.includes(OLD_SECRET));

    // Security hub documents.
    const stored = storedScan(emu(), 'main');
    assert.equal(stored.summary.refs.main.outcome, 'failed');
    assert.deepEqual(stored.summary.refs.main.counts, { critical: 1, high: 0, medium: 0, low: 0, note: 0 });
    assert.equal(stored.summary.refs.main.commit, build.sourceVersion);
    assert.deepEqual(stored.summary.history, [stored.record.scanId]);
    assert.equal(stored.summary.defaultRef, 'main', "the repository's default branch, asked of Azure DevOps (agents have no variable for it)");
    assert.equal(stored.record.trigger, 'branch');
    assert.equal(stored.record.build?.id, build.id);
    assert.equal(stored.record.build?.url, `${emu().orgUrl}${encodeURIComponent(PROJECT)}/_build/results?buildId=${build.id}`);
    assert.equal(stored.record.requestedBy, 'Casey Contributor');
    assert.equal(stored.record.filesScanned, 3);
    const findings = stored.pages.flatMap((p) => p.findings);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.path, f.region.startLine, f.state]), [['github-pat-classic', 'src/config.js', 3, 'open']]);
    assert.equal(findings[0].fingerprint, results[0].partialFingerprints['palisade/v1'], 'hub and SARIF share the fingerprint');
    assert.match(stored.log, /Scanned 3 files/);
    assert.match(stored.log, /critical github-pat-classic {2}src\/config\.js:3:\d+ {2}ghp_\*+/);
    assert.ok(!stored.log.includes(OLD_SECRET), 'the stored log masks the secret');
    assert.ok(!stored.raw.includes(OLD_SECRET), 'no stored document holds the secret');

    // Every call the task made used the job's token and succeeded.
    const calls = run.requests;
    assert.deepEqual(calls.filter((r) => r.method !== 'OPTIONS' && r.identity !== 'build').map((r) => r.url), [], 'every call but route discovery carries the job token');
    assert.deepEqual(calls.filter((r) => r.status >= 400 && r.status !== 404).map((r) => `${r.method} ${r.route} ${r.status}`), []);
    assert.match(run.logText, new RegExp(`Azure DevOps REST calls: ${calls.length} \\(0 retried\\)`), 'the log counts every call');
    process.stdout.write(`      [branch build: ${calls.length} REST calls: ${routeCounts(calls)}]\n`);
  });

  it('succeeds with issues when findings stay below failOn, and succeeds on a clean tree', async () => {
    const medium = branchBuild(emu(), 'refs/heads/feature/payments');
    const sources = suite.tempDir();
    writeFiles(sources, { 'src/report.js': `const auth = "Bearer ${JWT}";\n` });
    const run = await runTask(emu(), { buildId: medium.id, sourcesDirectory: sources, workDirectory: suite.tempDir(), inputs: { failOn: 'high', scanners: 'secrets' } });
    assertRun(run, run.result === 'SucceededWithIssues', 'a medium finding under failOn: high succeeds with issues');
    assert.equal(run.resultMessage, '1 finding below high: 1 medium');
    assert.deepEqual([run.outputs.result, run.outputs.mediumCount], ['succeededWithIssues', '1']);
    assert.ok(!run.printedExceptSetSecret.includes(JWT));

    const clean = branchBuild(emu(), TARGET);
    const cleanSources = suite.tempDir();
    writeFiles(cleanSources, { 'src/app.js': 'export const ok = 1;\n' });
    const ok = await runTask(emu(), { buildId: clean.id, sourcesDirectory: cleanSources, workDirectory: suite.tempDir(), inputs: { failOn: 'high', scanners: 'secrets' } });
    assertRun(ok, ok.result === 'Succeeded', 'a clean tree succeeds');
    assert.equal(ok.resultMessage, 'No findings.');
    assert.equal(ok.outputs.result, 'succeeded');
    assert.ok(ok.artifacts.includes('CodeAnalysisLogs'), 'the SARIF is published on success too');

    // Both branches are in the summary, scanned-and-clean distinct from findings.
    const main = storedScan(emu(), 'main');
    assert.equal(main.summary.refs.main.outcome, 'succeeded');
    assert.deepEqual(main.pages.flatMap((p) => p.findings), []);
    assert.equal(main.summary.refs['feature/payments'].outcome, 'succeededWithIssues');
    assert.equal(main.summary.history.length, 2);
  });

  it('scans nothing when the repository is switched off in the hub (a PR build gets a notApplicable status)', async () => {
    await setRepoEnabled(emu(), false);
    for (const build of [branchBuild(emu()), prBuild(emu())]) {
      const sources = build.reason === 'pullRequest' ? gitCheckout(suite.tempDir()).dir : materialise(emu(), suite.tempDir(), build.sourceVersion);
      const run = await runTask(emu(), { buildId: build.id, sourcesDirectory: sources, workDirectory: suite.tempDir(), inputs: { failOn: 'high' } });
      assertRun(run, run.result === 'Succeeded', `${build.reason}: a switched-off repository succeeds`);
      assert.equal(run.resultMessage, 'Scanning is switched off for this repository.');
      assert.match(run.logText, /Palisade is switched off for repository secure-app in the Security hub; nothing was scanned/);
      assert.equal(run.outputs.result, 'skipped');
      assert.deepEqual(run.secretsRegistered, [], 'nothing was scanned');
      assert.deepEqual(run.artifacts, []);
      assert.ok(run.requests.every((r) => r.method === 'GET' || r.method === 'OPTIONS' || r.route === 'git.pullRequestStatuses.create'), 'the task only read (and set the status)');
    }
    assert.equal(document(emu(), collections.repo(REPO.id), documentIds.summary), undefined, 'nothing is published');
    assert.deepEqual(prThreads(emu()), []);
    assert.deepEqual(prStatuses(emu()).map((s) => [s.state, s.description, s.context.genre, s.context.name]), [['notApplicable', 'Palisade is switched off for this repository', 'palisade', 'security-scan']]);
  });

  it('takes scanners, failOn and excludes from the hub settings when the inputs say "settings"', async () => {
    await setSettings(emu(), { scanners: ['secrets'], failOn: 'medium' }, { failOn: 'critical', excludes: ['docs/**'] });
    const build = branchBuild(emu());
    const sources = suite.tempDir();
    writeFiles(sources, { 'src/report.js': `const auth = "Bearer ${JWT}";\n`, 'docs/notes.md': `old token: ${OLD_SECRET}\n` });
    // No inputs: the agent passes task.json's defaults (scanners: settings, failOn: settings).
    const run = await runTask(emu(), { buildId: build.id, sourcesDirectory: sources, workDirectory: suite.tempDir() });
    assertRun(run, run.result === 'SucceededWithIssues', 'the medium JWT is below the repository\'s failOn: critical; the excluded PAT is not scanned');
    assert.match(run.logText, /Settings: from the Security hub\./);
    assert.match(run.logText, /Scanners: secrets; fail on: critical\./);
    assert.equal(run.resultMessage, '1 finding below critical: 1 medium');
    assert.deepEqual(run.secretsRegistered, [JWT]);
  });

  it('warns about the missing extension data permission and still publishes the SARIF with the same verdict', async () => {
    const build = branchBuild(emu());
    const sources = materialise(emu(), suite.tempDir(), build.sourceVersion);
    const run = await runTask(emu(), { buildId: build.id, identity: 'build-nodata', sourcesDirectory: sources, workDirectory: suite.tempDir(), inputs: { failOn: 'high', scanners: 'secrets' } });
    assertRun(run, run.result === 'Failed', 'the verdict is the scan\'s, not the permission\'s');
    assert.equal(run.resultMessage, '1 finding at or above high: 1 critical');
    const warnings = run.issues.filter((i) => i.type === 'warning').map((i) => i.message);
    const permission = warnings.filter((w) => /may not use Palisade's extension data/.test(w));
    assert.equal(permission.length, 1, `one permission warning, not one per call: ${warnings.join(' | ')}`);
    assert.match(permission[0], /Grant "Project Collection Build Service" \(or the project's build service identity\) access, or set publishToHub: false/);
    assert.match(permission[0], /SARIF artifact is still published/);
    assert.deepEqual(run.artifacts, ['CodeAnalysisLogs']);
    assert.ok((await downloadArtifactFile(emu(), build.id, 'CodeAnalysisLogs', 'palisade.sarif')).includes('github-pat-classic'));
    assert.deepEqual(documents(emu(), collections.repo(REPO.id)), [], 'nothing reached the hub');
    const dataCalls = run.requests.filter((r) => r.route?.startsWith('extensionData.'));
    assert.deepEqual(dataCalls.map((r) => [r.route, r.status]), [['extensionData.documents.get', 401], ['extensionData.documents.get', 401]], 'after the (parallel) settings reads are refused, no further extension data call is made');
  });
});
