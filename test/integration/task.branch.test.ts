/**
 * PalisadeScan@1 end to end, branch builds: the compiled task runs as an agent runs it against
 * the emulated Azure DevOps; the tests read back what a pipeline author, the hub and an
 * administrator would see (SARIF artifact and scan record in the build, build tag, build summary,
 * outputs, request log).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

import { EXTENSION_ID, PUBLISHER_ID } from '../../tasks/contract/extension';
import { parseScanRecord } from '../../tasks/contract/scanRecord';
import { call } from '../emulator/testing/clients';
import {
  assertRun, branchBuild, routeCounts, downloadArtifactFile, extensionDocuments, JWT, materialise, OLD_SECRET, PROJECT, REPO, runTask,
  gitCheckout, prBuild, prStatuses, prThreads, setRepoEnabled, setSettings, storedScan, taskSuite, TARGET, writeFiles,
} from './taskHarness';

interface Sarif {
  version: string;
  runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
}

describe('PalisadeScan@1 against the emulator: branch builds', function () {
  // Several task runs per test on a shared machine.
  this.timeout(180_000);
  const suite = taskSuite();
  const emu = () => suite.emulator;

  it('fails on a critical secret and publishes SARIF, scan record, tag, summary and outputs without the secret', async () => {
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

    // The scan record beside the SARIF, read back with a reader's token; the build is tagged.
    assert.deepEqual(run.tags, ['palisade']);
    assert.deepEqual(emu().store.data.builds.find((b) => b.id === build.id)?.tags, ['palisade']);
    const recordText = await downloadArtifactFile(emu(), build.id, 'CodeAnalysisLogs', 'palisade-scan.json');
    const { record: stored } = storedScan(emu(), 'main');
    assert.deepEqual(parseScanRecord(recordText), stored, 'the artifact holds the record');
    assert.equal(stored.scan.outcome, 'failed');
    assert.deepEqual(stored.scan.counts, { critical: 1, high: 0, medium: 0, low: 0, note: 0 });
    assert.equal(stored.scan.commit, build.sourceVersion);
    assert.equal(stored.scan.isDefaultBranch, true, "the repository's default branch, asked of Azure DevOps (agents have no variable for it)");
    assert.equal(stored.scan.trigger, 'branch');
    assert.equal(stored.scan.buildId, build.id);
    assert.equal(stored.scan.artifactName, 'CodeAnalysisLogs');
    assert.equal(stored.scan.requestedBy, 'Casey Contributor');
    assert.equal(stored.scan.filesScanned, 3);
    assert.equal(stored.scan.history, 'derived');
    assert.match(stored.scan.settingsSource ?? '', /^Settings: built-in defaults/);
    assert.deepEqual(stored.findings.map((f) => [f.ruleId, f.path, f.region.startLine, f.state, f.isNew, f.firstSeenBuildId]), [['github-pat-classic', 'src/config.js', 3, 'open', true, build.id]]);
    assert.equal(stored.findings[0].fingerprint, results[0].partialFingerprints['palisade/v1'], 'hub and SARIF share the fingerprint');
    assert.match(stored.log, /Scanned 3 files/);
    assert.match(stored.log, /critical github-pat-classic {2}src\/config\.js:3:\d+ {2}ghp_\*+/);
    assert.match(stored.summary, /### 1 finding at or above high/);
    assert.ok(!recordText.includes(OLD_SECRET), 'the record (log, previews, summary) masks the secret');
    assert.deepEqual(extensionDocuments(emu()), [], 'nothing is written to extension data');

    // Every call the task made used the job's token and succeeded.
    const calls = run.requests;
    assert.deepEqual(calls.filter((r) => r.method !== 'OPTIONS' && r.identity !== 'build').map((r) => r.url), [], 'every call but route discovery carries the job token');
    assert.deepEqual(calls.filter((r) => r.status >= 400 && r.status !== 404).map((r) => `${r.method} ${r.route} ${r.status}`), []);
    assert.deepEqual(calls.filter((r) => r.method !== 'GET' && r.method !== 'OPTIONS').map((r) => r.route), [], 'a branch build only reads');
    assert.deepEqual(calls.filter((r) => r.route?.startsWith('extensionData.')), [], 'and never touches extension data');
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

    // Each branch has its record, scanned-and-clean distinct from findings.
    const main = storedScan(emu(), 'main').record;
    assert.equal(main.scan.outcome, 'succeeded');
    assert.deepEqual(main.findings, []);
    assert.equal(storedScan(emu(), 'feature/payments').record.scan.outcome, 'succeededWithIssues');
  });

  it('scans nothing when an administrator switched the repository off (a PR build gets a notApplicable status)', async () => {
    await setRepoEnabled(emu(), false);
    const builds = [branchBuild(emu()), prBuild(emu())];
    for (const build of builds) {
      const sources = build.reason === 'pullRequest' ? gitCheckout(suite.tempDir()).dir : materialise(emu(), suite.tempDir(), build.sourceVersion);
      const run = await runTask(emu(), { buildId: build.id, sourcesDirectory: sources, workDirectory: suite.tempDir(), inputs: { failOn: 'high' } });
      assertRun(run, run.result === 'Succeeded', `${build.reason}: a switched-off repository succeeds`);
      assert.equal(run.resultMessage, 'Scanning is switched off for this repository.');
      assert.match(run.logText, /Palisade is switched off for repository secure-app by the project's settings; nothing was scanned/);
      assert.match(run.logText, /Settings: repository settings changed by Avery Admin on \d{4}-\d\d-\d\d\./);
      assert.equal(run.outputs.result, 'skipped');
      assert.deepEqual(run.secretsRegistered, [], 'nothing was scanned');
      assert.deepEqual(run.artifacts, []);
      assert.ok(run.requests.every((r) => r.method === 'GET' || r.method === 'OPTIONS' || r.route === 'git.pullRequestStatuses.create'), 'the task only read (and set the status)');
    }
    for (const b of builds) assert.deepEqual([b.tags, b.artifacts], [[], []], `build ${b.id}: nothing is published`);
    assert.deepEqual(prThreads(emu()), []);
    assert.deepEqual(prStatuses(emu()).map((s) => [s.state, s.description, s.context.genre, s.context.name]), [['notApplicable', 'Palisade is switched off for this repository', 'palisade', 'security-scan']]);
  });

  it('takes scanners, failOn and excludes from the project\'s settings when the inputs say "settings"', async () => {
    await setSettings(emu(), { scanners: ['secrets'], failOn: 'medium' }, { failOn: 'critical', excludes: ['docs/**'] });
    const build = branchBuild(emu());
    const sources = suite.tempDir();
    writeFiles(sources, { 'src/report.js': `const auth = "Bearer ${JWT}";\n`, 'docs/notes.md': `old token: ${OLD_SECRET}\n` });
    // No inputs: the agent passes task.json's defaults (scanners: settings, failOn: settings).
    const run = await runTask(emu(), { buildId: build.id, sourcesDirectory: sources, workDirectory: suite.tempDir() });
    assertRun(run, run.result === 'SucceededWithIssues', 'the medium JWT is below the repository\'s failOn: critical; the excluded PAT is not scanned');
    assert.match(run.logText, /Settings: repository settings changed by Avery Admin on \d{4}-\d\d-\d\d; project defaults changed by Avery Admin on \d{4}-\d\d-\d\d\./);
    assert.match(run.summaries[0], /Settings: repository settings changed by Avery Admin/);
    assert.match(run.logText, /Scanners: secrets; fail on: critical\./);
    assert.equal(run.resultMessage, '1 finding below critical: 1 medium');
    assert.deepEqual(run.secretsRegistered, [JWT]);
  });

  it('needs nothing of extension data: a token it refuses (401) gets the same verdict and a full record', async () => {
    const refused = await call(emu(), 'GET', `_apis/ExtensionManagement/InstalledExtensions/${PUBLISHER_ID}/${EXTENSION_ID}/Data/Scopes/Default/Current/Collections/anything/Documents?api-version=7.1-preview.1`, { identity: 'build-nodata' });
    assert.equal(refused.status, 401, 'extension data refuses this job token');
    const build = branchBuild(emu());
    const sources = materialise(emu(), suite.tempDir(), build.sourceVersion);
    const run = await runTask(emu(), { buildId: build.id, identity: 'build-nodata', sourcesDirectory: sources, workDirectory: suite.tempDir(), inputs: { failOn: 'high', scanners: 'secrets' } });
    assertRun(run, run.result === 'Failed', 'the verdict is the scan\'s');
    assert.equal(run.resultMessage, '1 finding at or above high: 1 critical');
    assert.deepEqual(run.issues.filter((i) => i.type === 'warning').map((i) => i.message), [], 'no warning: nothing the task needs was refused');
    assert.deepEqual(run.artifacts, ['CodeAnalysisLogs']);
    assert.deepEqual(run.tags, ['palisade']);
    assert.equal(storedScan(emu(), 'main').record.scan.outcome, 'failed');
    assert.deepEqual(run.requests.filter((r) => r.route?.startsWith('extensionData.')), [], 'no extension data call at all');
    assert.deepEqual(run.requests.filter((r) => r.status === 401 || r.status === 403), []);
  });
});
