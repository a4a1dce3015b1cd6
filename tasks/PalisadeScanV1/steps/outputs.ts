/**
 * What every run leaves in the pipeline, whatever happened to Azure DevOps calls: the log
 * report and annotations, the SARIF file and its artifact, the build summary and the output
 * variables.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FailOn } from '../../contract/findings';
import { ENGINE_VERSION, toSarif } from '../../engine';
import { buildArtifactNames } from '../azure/buildRecords';
import type { AzureClients } from '../azure/connection';
import { describe } from '../azure/session';
import type { PipelineContext } from '../context/pipelineContext';
import { logIssueAnnotations, summaryMarkdown } from './reporting';
import type { ScanData } from './scanStep';
import type { TaskLog } from '../log/taskLog';
import { countLine, type Verdict } from './verdict';

/** The readable part of the log: files, skips, diagnostics, counts, the judged findings and their annotations. */
export function logReport(log: TaskLog, data: ScanData, verdict: Verdict, opts: { diffPaths?: string[]; failOn: FailOn; rootPrefix: string; dismissed: number }): void {
  const result = data.result;
  if (result) {
    const skippedBy: Record<string, number> = {};
    for (const s of result.skipped) skippedBy[s.reason] = (skippedBy[s.reason] ?? 0) + 1;
    log.info(`Scanned ${result.stats.filesScanned} files (${(result.stats.bytesScanned / 1048576).toFixed(1)} MB) in ${(result.stats.durationMs / 1000).toFixed(2)} s${opts.diffPaths ? ` (the ${opts.diffPaths.length} files this pull request changed)` : ''}.`);
    if (result.skipped.length) log.info(`Skipped ${result.skipped.length}: ${Object.entries(skippedBy).map(([r, n]) => `${n} ${r}`).join(', ')}.`);
    for (const s of result.skipped.filter((x) => x.reason !== 'gitignored').slice(0, 20)) log.info(`  skipped ${s.path} (${s.reason}${s.detail ? `: ${s.detail}` : ''})`);
  }
  for (const d of data.diagnostics) (d.level === 'error' ? log.warning.bind(log) : log.info.bind(log))(`${d.path ? `${d.path}${d.line ? `:${d.line}` : ''}: ` : ''}${d.message}`);
  log.info(
    `Findings: ${countLine(verdict.counts)}${verdict.newOpen ? `; ${verdict.newOpen.length} new in this pull request` : ''}` +
      `${opts.dismissed ? `; ${opts.dismissed} dismissed` : ''}.`,
  );
  for (const f of verdict.judged.filter((x) => !x.suppression).slice(0, 50)) log.info(`  ${f.severity.padEnd(8)} ${f.ruleId}  ${f.path}:${f.region.startLine}:${f.region.startColumn}  ${f.preview}`);
  for (const a of logIssueAnnotations(verdict.judged, opts.failOn, opts.rootPrefix)) {
    if (a.at) log.annotate(a.type, a.message, a.at);
    else if (a.type === 'error') log.error(a.message);
    else log.warning(a.message);
  }
}

/** Writes `<staging>/<artifactName>/palisade.sarif` (masked); returns its path and folder. */
export function writeSarif(log: TaskLog, ctx: PipelineContext, artifactName: string, root: string, data: ScanData, newFingerprints?: ReadonlySet<string>): { sarifPath: string; artifactDir: string } {
  const artifactDir = join(ctx.artifactStagingDirectory, artifactName);
  mkdirSync(artifactDir, { recursive: true });
  const sarifPath = join(artifactDir, 'palisade.sarif');
  const source = data.result ?? { root, findings: [], skipped: [], diagnostics: [], stats: { filesScanned: 0, bytesScanned: 0, filesSkipped: 0, durationMs: 0, workers: 0 }, rules: [], toolVersion: ENGINE_VERSION };
  const sarif = toSarif(
    { ...source, findings: data.findings, rules: data.rules, diagnostics: data.scannerError ? [...data.diagnostics, { level: 'error', message: data.scannerError }] : data.diagnostics },
    { baselineApplied: !!newFingerprints, rootUri: null },
  );
  if (newFingerprints) for (const r of sarif.runs[0].results) r.baselineState = newFingerprints.has(r.partialFingerprints['palisade/v1']) ? 'new' : 'unchanged';
  writeFileSync(sarifPath, log.mask(JSON.stringify(sarif, null, 2)));
  log.info(`SARIF: ${sarifPath}`);
  return { sarifPath, artifactDir };
}

/** Asks the agent to upload the artifact folder (SARIF and scan record) as a build artifact. */
export function publishArtifact(log: TaskLog, name: string, artifactDir: string): void {
  log.uploadArtifact(name, artifactDir);
}

/**
 * The configured name when free; otherwise (a retried job, or several jobs scanning) the
 * name with the job and attempt appended, so the upload never fails on a duplicate name.
 */
export async function chooseArtifactName(log: TaskLog, ctx: PipelineContext, azure: AzureClients | undefined, base: string): Promise<string> {
  const suffixed = `${base}_${(ctx.jobName ?? 'job').replace(/[^A-Za-z0-9._-]+/g, '_')}_${ctx.jobAttempt}`;
  if (!azure || !ctx.buildId) return ctx.jobAttempt > 1 ? suffixed : base;
  try {
    const existing = await buildArtifactNames(azure, ctx.projectId, ctx.buildId);
    if (!existing.has(base)) return base;
    log.info(`Artifact "${base}" already exists in this build; publishing as "${suffixed}".`);
    return suffixed;
  } catch (e) {
    log.info(`Could not list this build's artifacts (${describe(e)}).`);
    return ctx.jobAttempt > 1 ? suffixed : base;
  }
}

/** The Markdown build summary (`task.uploadsummary`); returns it (masked) for the scan record. */
export function uploadSummary(log: TaskLog, ctx: PipelineContext, data: ScanData, verdict: Verdict, extra: { newFingerprints?: ReadonlySet<string>; durationMs: number; hubLink?: string; artifactName?: string; settingsLine?: string }): string {
  mkdirSync(ctx.tempDirectory, { recursive: true });
  const file = join(ctx.tempDirectory, `palisade-summary-${ctx.jobId ?? process.pid}.md`);
  const markdown = summaryMarkdown({
    verdict: verdict.message,
    counts: verdict.counts,
    findings: verdict.judged,
    rules: data.rules,
    newFingerprints: extra.newFingerprints,
    filesScanned: data.result?.stats.filesScanned ?? 0,
    skipped: data.result?.skipped ?? [],
    durationMs: extra.durationMs,
    hubLink: extra.hubLink,
    artifactName: extra.artifactName,
    notes: [...(data.scannerError ? [data.scannerError] : []), ...data.notes],
    settingsLine: extra.settingsLine,
  });
  const masked = log.mask(markdown);
  writeFileSync(file, masked);
  log.uploadSummary(file);
  return masked;
}

export function setOutput(log: TaskLog, name: string, value: string): void {
  log.setOutput(name, value);
}

export function setOutputs(log: TaskLog, sarifPath: string, verdict: Verdict): void {
  setOutput(log, 'sarifPath', sarifPath);
  for (const [sev, n] of Object.entries(verdict.counts)) setOutput(log, `${sev}Count`, String(n));
  setOutput(log, 'newFindingCount', String(verdict.newOpen?.length ?? 0));
  setOutput(log, 'result', verdict.outcome);
}
