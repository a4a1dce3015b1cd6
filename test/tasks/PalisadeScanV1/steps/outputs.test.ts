import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../../../tasks/contract/findings';
import type { EngineScanResult } from '../../../../tasks/engine';
import type { AzureClients } from '../../../../tasks/PalisadeScanV1/azure/connection';
import { chooseArtifactName, logReport, publishArtifact, setOutputs, uploadSummary, writeSarif } from '../../../../tasks/PalisadeScanV1/steps/outputs';
import type { ScanData } from '../../../../tasks/PalisadeScanV1/steps/scanStep';
import { judge } from '../../../../tasks/PalisadeScanV1/steps/verdict';
import { capturedLog, finding, pipelineContext } from '../../../support/taskFakes';
import { makeTree, removeTree } from '../../../support/tmpTree';

function data(findings: Finding[], over: Partial<ScanData> = {}): ScanData {
  const result: EngineScanResult = {
    root: '/r', findings, diagnostics: [], rules: [], toolVersion: '1',
    skipped: [{ path: 'img.png', reason: 'binary' }, { path: 'node_modules', reason: 'gitignored' }, { path: 'big.log', reason: 'too-large', detail: '12 MB' }],
    stats: { filesScanned: 4, bytesScanned: 1048576 * 1.5, filesSkipped: 3, durationMs: 2500, workers: 0 },
  };
  return { result, findings, rules: [], diagnostics: [], notes: [], options: {}, ...over };
}

describe('steps/outputs', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTree({});
  });
  afterEach(() => removeTree(dir));

  it('logs files, skips, diagnostics, counts, the judged findings and their annotations', () => {
    const { log, lines } = capturedLog();
    const findings = [finding('a', { severity: 'critical' }), finding('b', { severity: 'low', suppression: { kind: 'inSource' } })];
    const d = data(findings, { diagnostics: [{ level: 'error', message: 'OSV down', path: 'package-lock.json', line: 2 }, { level: 'warning', message: 'slow rule' }] });
    logReport(log, d, judge(findings, { failOn: 'high', continueOnScannerError: false }), { failOn: 'high', rootPrefix: 'repo', dismissed: 1, diffPaths: ['src/a.js'] });
    const text = lines.join('\n');
    assert.match(text, /^Scanned 4 files \(1\.5 MB\) in 2\.50 s \(the 1 files this pull request changed\)\.$/m);
    assert.match(text, /^Skipped 3: 1 binary, 1 gitignored, 1 too-large\.$/m);
    assert.match(text, /^ {2}skipped big\.log \(too-large: 12 MB\)$/m);
    assert.ok(!text.includes('skipped node_modules'), 'gitignored paths are only counted');
    assert.match(text, /task\.logissue type=warning;\]package-lock\.json:2: OSV down/);
    assert.match(text, /^slow rule$/m);
    assert.match(text, /^Findings: 1 critical; 1 dismissed\.$/m);
    assert.match(text, /^ {2}critical rule-a {2}src\/a\.js:3:5 {2}ghp_\*\*\*\*$/m);
    assert.ok(!/low\s+rule-a/.test(text), 'suppressed findings are not listed');
    assert.match(text, /task\.logissue type=error;code=rule-a;sourcepath=repo\/src\/a\.js;linenumber=3;columnnumber=5;\]critical: m/);
  });

  it('writes a masked SARIF file into the artifact folder, marking new and unchanged results', () => {
    const { log, lines } = capturedLog();
    log.registerSecrets(['SECRETVALUE123']);
    const findings = [finding('new1', { message: 'has SECRETVALUE123' }), finding('old1', { path: 'b.js' })];
    const { sarifPath, artifactDir } = writeSarif(log, pipelineContext({ artifactStagingDirectory: dir }), 'Palisade', '/r', data(findings), new Set(['new1']));
    assert.equal(artifactDir, join(dir, 'Palisade'));
    assert.equal(sarifPath, join(dir, 'Palisade', 'palisade.sarif'));
    const text = readFileSync(sarifPath, 'utf8');
    assert.ok(!text.includes('SECRETVALUE123'));
    const sarif = JSON.parse(text);
    assert.deepEqual(sarif.runs[0].results.map((r: { baselineState: string }) => r.baselineState), ['new', 'unchanged']);
    assert.ok(lines.includes(`SARIF: ${sarifPath}`));
  });

  it('writes a SARIF file even when the scan failed, carrying the error', () => {
    const { log } = capturedLog();
    const { sarifPath } = writeSarif(log, pipelineContext({ artifactStagingDirectory: dir }), 'P', '/r', { findings: [], rules: [], diagnostics: [], notes: [], options: {}, scannerError: 'the scan timed out' });
    const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
    assert.equal(sarif.runs[0].results.length, 0);
    assert.ok(JSON.stringify(sarif.runs[0].invocations).includes('the scan timed out'));
  });

  it('keeps the artifact name when free, else appends job and attempt', async () => {
    const azure = (names: string[] | Error) => ({ build: { getArtifacts: async () => { if (names instanceof Error) throw names; return names.map((name) => ({ name })); } } }) as unknown as AzureClients;
    const ctx = pipelineContext({ jobName: 'Build job', jobAttempt: 2 });
    const { log, lines } = capturedLog();
    assert.equal(await chooseArtifactName(log, ctx, azure(['Other']), 'Palisade'), 'Palisade');
    assert.equal(await chooseArtifactName(log, ctx, azure(['Palisade']), 'Palisade'), 'Palisade_Build_job_2');
    assert.match(lines.join('\n'), /Artifact "Palisade" already exists in this build; publishing as "Palisade_Build_job_2"\./);
    assert.equal(await chooseArtifactName(log, ctx, azure(new Error('403')), 'Palisade'), 'Palisade_Build_job_2', 'unknown: a retried job takes the suffix');
    assert.equal(await chooseArtifactName(log, pipelineContext({ jobAttempt: 1 }), azure(new Error('403')), 'Palisade'), 'Palisade');
    assert.equal(await chooseArtifactName(log, pipelineContext({ jobAttempt: 3, jobName: undefined }), undefined, 'P'), 'P_job_3');
    assert.equal(await chooseArtifactName(log, pipelineContext({ buildId: undefined }), azure(['P']), 'P'), 'P');
  });

  it('uploads the artifact folder and a masked Markdown summary', () => {
    const { log, lines } = capturedLog();
    log.registerSecrets(['SECRETVALUE123']);
    publishArtifact(log, 'Palisade', '/s/Palisade');
    const findings = [finding('a', { message: 'SECRETVALUE123' })];
    const md = uploadSummary(log, pipelineContext({ tempDirectory: dir, jobId: 'j9' }), data(findings, { notes: ['a note'] }), judge(findings, { failOn: 'high', continueOnScannerError: false }), { durationMs: 1000 });
    const file = join(dir, 'palisade-summary-j9.md');
    assert.equal(readFileSync(file, 'utf8'), md);
    assert.ok(!md.includes('SECRETVALUE123'));
    assert.ok(md.includes('a note'));
    assert.deepEqual(lines.filter((l) => l.startsWith('##vso[') && !l.includes('setsecret')), ['##vso[artifact.upload containerfolder=Palisade;artifactname=Palisade;]/s/Palisade', `##vso[task.uploadsummary]${file}`]);
  });

  it('sets the output variables: SARIF path, counts, new findings and result', () => {
    const { log, lines } = capturedLog();
    const findings = [finding('a', { severity: 'medium' })];
    setOutputs(log, '/s/p.sarif', judge(findings, { failOn: 'high', continueOnScannerError: false, newFingerprints: new Set(['a']) }));
    const vars = Object.fromEntries(lines.map((l) => /variable=(\w+);.*\](.*)$/.exec(l)!.slice(1)));
    assert.deepEqual(vars, { sarifPath: '/s/p.sarif', criticalCount: '0', highCount: '0', mediumCount: '1', lowCount: '0', noteCount: '0', newFindingCount: '1', result: 'succeededWithIssues' });
  });
});
