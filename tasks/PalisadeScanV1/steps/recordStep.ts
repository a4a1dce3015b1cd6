/**
 * The scan record (`palisade-scan.json`): what the Security hub and the build tab show of this
 * run, and what the next run derives history from. Written into the artifact folder beside the
 * SARIF file before the artifact is uploaded; immutable afterwards.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FailOn, Finding } from '../../contract/findings';
import type { ScanSettings } from '../../contract/projectSettings';
import { branchKey, deriveHistory, SCAN_RECORD_FILE, scanIdFor, serializeScanRecord, type ScanRecordFile } from '../../contract/scanRecord';
import { ENGINE_VERSION } from '../../engine';
import type { AzureClients } from '../azure/connection';
import type { EarlierResult } from '../azure/buildRecords';
import { readDefaultBranch } from '../azure/projectReads';
import { safe } from '../azure/session';
import type { AppliedDismissals } from './dismissals';
import type { PipelineContext } from '../context/pipelineContext';
import type { PullRequestRun } from '../pr/pullRequestRun';
import type { ScanData } from './scanStep';
import type { TaskLog } from '../log/taskLog';
import type { Verdict } from './verdict';

export interface RecordInput {
  ctx: PipelineContext;
  pr?: PullRequestRun;
  data: ScanData;
  verdict: Verdict;
  newFingerprints?: ReadonlySet<string>;
  /** Scan root relative to the repository root: recorded paths are repository-relative, as the hub links them. */
  rootPrefix: string;
  startedAt: number;
  settings: ScanSettings;
  failOn: FailOn;
  settingsLine: string;
  /** Undefined when earlier builds could not be asked (no connection). */
  earlier?: EarlierResult;
  dismissals: AppliedDismissals;
  artifactName?: string;
  summary: string;
  isDefaultBranch?: boolean;
  log: TaskLog;
}

export function composeRecord(r: RecordInput): Omit<ScanRecordFile, 'schemaVersion'> {
  const { ctx, pr, data, verdict } = r;
  const finishedAt = new Date().toISOString();
  const findings: Finding[] = r.rootPrefix ? data.findings.map((f) => ({ ...f, path: `${r.rootPrefix}/${f.path}` })) : data.findings;
  const history = deriveHistory(findings, r.earlier?.earlier ?? { available: false }, { at: finishedAt, buildId: ctx.buildId }, r.newFingerprints);
  const mask = <T>(v: T): T => JSON.parse(r.log.mask(JSON.stringify(v))) as T;
  return {
    scan: {
      scanId: scanIdFor({ buildId: ctx.buildId, jobAttempt: ctx.jobAttempt, jobId: ctx.jobId }),
      buildId: ctx.buildId,
      buildNumber: ctx.buildNumber,
      jobAttempt: ctx.jobAttempt,
      jobName: ctx.jobName,
      artifactName: r.artifactName,
      repoId: ctx.repositoryId ?? '',
      repoName: ctx.repositoryName,
      projectId: ctx.projectId,
      trigger: pr ? 'pullRequest' : ctx.buildReason === 'Manual' ? 'manual' : 'branch',
      ref: pr ? ctx.pullRequest?.sourceBranch : ctx.sourceBranch,
      branch: branchKey({ branch: ctx.sourceBranch, pullRequestId: pr?.id }),
      isDefaultBranch: r.isDefaultBranch,
      ...(pr ? { pullRequestId: pr.id, pullRequest: { iterationId: pr.iterationId, targetBranch: ctx.pullRequest?.targetBranch, authorId: pr.authorId } } : {}),
      commit: ctx.sourceVersion,
      requestedBy: ctx.requestedFor,
      outcome: verdict.outcome,
      outcomeReason: verdict.outcome === 'error' ? data.scannerError : undefined,
      counts: verdict.counts,
      newFindings: verdict.newOpen?.length ?? history.newCount,
      fixedFindings: history.fixedCount,
      startedAt: new Date(r.startedAt).toISOString(),
      finishedAt,
      durationMs: Date.now() - r.startedAt,
      filesScanned: data.result?.stats.filesScanned ?? 0,
      filesSkipped: data.result?.skipped.length ?? 0,
      scanners: r.settings.scanners,
      failOn: r.failOn,
      toolVersion: ENGINE_VERSION,
      history: history.history,
      ...(r.earlier?.buildIds.length ? { historyFrom: r.earlier.buildIds } : {}),
      settingsSource: r.settingsLine,
    },
    findings: history.findings,
    dismissals: mask({ honoured: r.dismissals.honoured, ignored: r.dismissals.ignored }),
    summary: r.summary,
    // The log as it stands; later lines are in the pipeline log only.
    log: r.log.text(),
  };
}

/** Writes the record beside the SARIF file (masked once more: it holds the log and previews). */
export function writeRecord(log: TaskLog, artifactDir: string, record: Omit<ScanRecordFile, 'schemaVersion'>): string {
  const file = join(artifactDir, SCAN_RECORD_FILE);
  writeFileSync(file, log.mask(serializeScanRecord(record)));
  return file;
}

/**
 * Agents set no variable for the repository's default branch, so a branch build asks once:
 * the hub then shows the default branch's scan first.
 */
export async function repositoryDefaultBranch(azure: AzureClients | undefined, ctx: PipelineContext, log: TaskLog): Promise<string | undefined> {
  if (ctx.defaultBranch) return ctx.defaultBranch;
  if (!azure || !ctx.repositoryId || !ctx.sourceBranch?.startsWith('refs/heads/')) return undefined;
  return safe(log, "read the repository's default branch", () => readDefaultBranch(azure, ctx.projectId, ctx.repositoryId!));
}
