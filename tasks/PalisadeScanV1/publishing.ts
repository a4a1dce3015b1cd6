/** The scan as the Security hub reads it: record, findings pages, log chunks, summary pointer. */
import type { Finding } from '../contract/findings';
import { refKey, scanIdFor, type RepoSummaryDoc } from '../contract/storage';
import { ENGINE_VERSION } from '../engine/version';
import type { AzureClients } from './azure/connection';
import { safe, type HubAccess } from './azureSession';
import { publishScan } from './hubStorage';
import { buildUrl, type PipelineContext } from './pipelineContext';
import type { PullRequestRun } from './pullRequestRun';
import type { ScanData } from './scanStep';
import type { TaskLog } from './taskLog';
import type { Verdict } from './verdict';

export interface PublishInput {
  hub: HubAccess;
  azure?: AzureClients;
  /** The summary read before the scan (its entry for this ref gives the previous findings). */
  summary: RepoSummaryDoc | null;
  ctx: PipelineContext;
  pr?: PullRequestRun;
  data: ScanData;
  verdict: Verdict;
  newFingerprints?: ReadonlySet<string>;
  /** Scan root relative to the repository root: stored paths are repository-relative, as the hub links them. */
  rootPrefix: string;
  startedAt: number;
  log: TaskLog;
}

export async function publishToHub(p: PublishInput): Promise<void> {
  const { ctx, pr, data, verdict, log } = p;
  if (!p.hub.usable) return;
  const finishedAt = new Date().toISOString();
  const ref = refKey({ branch: ctx.sourceBranch, pullRequestId: pr?.id });
  log.info(`Publishing to the Security hub (${ref}).`);
  const findings: Finding[] = p.rootPrefix ? data.findings.map((f) => ({ ...f, path: `${p.rootPrefix}/${f.path}` })) : data.findings;
  const defaultBranch = pr ? undefined : ctx.defaultBranch ?? (await repositoryDefaultBranch(p.azure, ctx, log));
  // The log is published as it stands; the lines after this one are in the pipeline log only.
  const published = await p.hub.write('publish results to the Security hub', (store, repoId) =>
    publishScan(store, p.summary, {
      record: {
        scanId: scanIdFor({ buildId: ctx.buildId?.toString(), jobAttempt: String(ctx.jobAttempt), jobId: ctx.jobId }),
        repoId,
        projectId: ctx.projectId,
        trigger: pr ? 'pullRequest' : ctx.buildReason === 'Manual' ? 'manual' : 'branch',
        ref,
        branch: ctx.sourceBranch,
        commit: ctx.sourceVersion,
        pullRequest: pr ? { id: pr.id, iterationId: pr.iterationId, targetBranch: ctx.pullRequest?.targetBranch } : undefined,
        build: ctx.buildId ? { id: ctx.buildId, number: ctx.buildNumber, url: buildUrl(ctx), definition: ctx.definitionName } : undefined,
        requestedBy: ctx.requestedFor,
        startedAt: new Date(p.startedAt).toISOString(),
        finishedAt,
        durationMs: Date.now() - p.startedAt,
        filesScanned: data.result?.stats.filesScanned ?? 0,
        filesSkipped: data.result?.skipped.length ?? 0,
        counts: verdict.counts,
        outcome: verdict.outcome,
        outcomeReason: verdict.outcome === 'error' ? data.scannerError : undefined,
        toolVersion: ENGINE_VERSION,
        newFindings: verdict.newOpen?.length,
      },
      findings,
      newFingerprints: p.newFingerprints,
      log: log.text(),
      isDefaultBranch: !pr && !!ctx.sourceBranch && ctx.sourceBranch === defaultBranch,
    }),
  );
  if (published) log.info(`Security hub: ${published.pages} findings page(s), ${published.chunks} log chunk(s).`);
}

/**
 * Agents set no variable for the repository's default branch, so a branch build asks once:
 * the hub then shows the default branch's scan first.
 */
async function repositoryDefaultBranch(azure: AzureClients | undefined, ctx: PipelineContext, log: TaskLog): Promise<string | undefined> {
  if (!azure || !ctx.repositoryId || !ctx.sourceBranch?.startsWith('refs/heads/')) return undefined;
  const repo = await safe(log, "read the repository's default branch", () => azure.git.getRepository(ctx.repositoryId!, ctx.projectId));
  return repo?.defaultBranch;
}
