import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { countBySeverity, gateFindings, type FailOn, type Finding, type RuleSummary } from '../contract/findings';
import { StoragePermissionError, type DocumentStore } from '../contract/documentStore';
import { hubUrl } from '../contract/extension';
import { BUILTIN_DEFAULTS, refKey, scanIdFor, type RepoSummaryDoc, type ScanOutcome, type ScanSettings } from '../contract/storage';
import { DEFAULT_CONFIG_FILE, loadConfig, type PalisadeConfig } from '../engine/config';
import { scan, type EngineScanResult } from '../engine/index';
import { loadBuiltinRules } from '../engine/ruleLoader';
import { activeRules } from '../engine/ruleSet';
import { importSarif } from '../engine/sarifImport';
import { toSarif } from '../engine/sarif';
import { ENGINE_VERSION } from '../engine/version';
import { FileProblemError } from '../engine/yamlValidation';
import { AdvisorySourceError } from '../engine/deps';
import { createAdvisorySource, DEFAULT_OSV_URL, type ClosableAdvisorySource } from '../osv';
import type { AzureClients, ConnectionOptions } from './azure/connection';
import { postStatus, syncThreads, type PrTarget, type StatusState } from './azure/prFeedback';
import { RestDocumentStore, statusOf } from './azure/restDocumentStore';
import { changesFromGit, changesFromRest, prIterationInfo, type PrChanges } from './diffScope';
import { openCounts, publishScan, readDismissed, readRefFindings, readSettings, readSummary } from './hubStorage';
import { InputError, readInputs, type InputReader, type TaskInputs } from './inputs';
import { buildUrl, readPipelineContext, type PipelineContext } from './pipelineContext';
import { findNewFindings } from './prNovelty';
import { logIssueCommands, summaryMarkdown } from './reporting';
import { escapeProperty, type TaskLog } from './taskLog';

export type TaskResultKind = 'Succeeded' | 'SucceededWithIssues' | 'Failed';

/** What the task needs from the agent; index.ts wires it to azure-pipelines-task-lib. */
export interface TaskHost {
  inputs: InputReader;
  variable(name: string): string | undefined;
  log: TaskLog;
  accessToken(): string | undefined;
  proxy(url: string): ConnectionOptions['proxy'];
  caFile(): string | undefined;
  /** Glob matching for additionalSarif (task-lib's findMatch on the agent). */
  findFiles(root: string, patterns: string[]): string[];
  connect(opts: ConnectionOptions): Promise<AzureClients>;
  /** Retry timings, overridable by tests. */
  retry?: ConnectionOptions['retry'];
}

export interface TaskOutcome {
  result: TaskResultKind;
  message: string;
  outcome: ScanOutcome;
}

/** Lines about the Security hub storage permission, printed when the token may not use it. */
const STORAGE_PERMISSION_HELP =
  'The pipeline token may not use Palisade\'s extension data (results for the Security hub). Grant "Project Collection Build Service" (or the project\'s build service identity) access, or set publishToHub: false. The SARIF artifact is still published and the hub falls back to it.';

export async function runTask(host: TaskHost): Promise<TaskOutcome> {
  const cleanups: (() => void)[] = [];
  try {
    return await scanAndReport(host, cleanups);
  } finally {
    // Open sockets (advisory source keep-alive) would keep the agent waiting for the process.
    for (const c of cleanups) c();
  }
}

async function scanAndReport(host: TaskHost, cleanups: (() => void)[]): Promise<TaskOutcome> {
  const log = host.log;
  const started = Date.now();
  let inputs: TaskInputs;
  const ctx: PipelineContext = readPipelineContext((n) => host.variable(n), process.cwd());
  try {
    inputs = readInputs(host.inputs, host.variable('Build.SourcesDirectory') ?? process.cwd());
  } catch (e) {
    if (e instanceof InputError) return fail(log, e.message);
    throw e;
  }
  const root = resolve(inputs.path);
  if (!existsSync(root) || !statSync(root).isDirectory()) return fail(log, `Input "path" is "${inputs.path}", which is not a folder on this agent. Point it at the checked-out sources, e.g. $(Build.SourcesDirectory).`);

  // ---------------------------------------------------------------- Azure DevOps
  const azure = await connectAzure(host, ctx);
  const store: DocumentStore | undefined = azure && inputs.publishToHub ? new RestDocumentStore(azure.extensionData) : undefined;
  let storageUsable = !!store && !!ctx.repositoryId && !!ctx.projectId;
  const isPr = !!ctx.pullRequest && !!azure && !!ctx.repositoryId && (ctx.repositoryProvider ?? 'TfsGit') === 'TfsGit';
  const repoPrefix = repoRootPrefix(host, root);
  const link = (params: { fingerprint?: string }) =>
    hubUrl(ctx.collectionUri, ctx.projectName || ctx.projectId, { repo: ctx.repositoryId, pr: ctx.pullRequest?.id, finding: params.fingerprint, tab: params.fingerprint ? 'findings' : undefined });

  let pr: PrTarget | undefined;
  let prBase: { iterationId: number; baseCommit?: string } | undefined;
  if (isPr) {
    pr = { git: azure!.git, project: ctx.projectId, repositoryId: ctx.repositoryId!, pullRequestId: ctx.pullRequest!.id, statusName: inputs.statusName };
    try {
      prBase = await prIterationInfo({ ...pr, rootPrefix: repoPrefix });
      pr.iterationId = prBase.iterationId || undefined;
    } catch (e) {
      log.warning(`Could not read pull request ${ctx.pullRequest!.id}: ${describe(e)}. Its status and comments may be missing.`);
    }
  }

  // ---------------------------------------------------------------- settings
  let settings: ScanSettings = BUILTIN_DEFAULTS;
  if (storageUsable) {
    try {
      const s = await readSettings(store!, ctx.projectId, ctx.repositoryId!);
      settings = s.settings;
      if (s.fromHub) log.info('Settings: from the Security hub.');
    } catch (e) {
      storageUsable = handleStorageError(log, e, 'read the Security hub settings; using the built-in defaults');
    }
  }
  const prStatusOn = inputs.prStatus && settings.prStatus && !!pr;
  const prCommentsOn = inputs.prComments && settings.prComments && !!pr;
  if (!settings.enabled) {
    log.info(`Palisade is switched off for repository ${ctx.repositoryName ?? ctx.repositoryId} in the Security hub; nothing was scanned. An administrator can switch it on under Repos > Security > Settings.`);
    if (prStatusOn) await safe(log, 'post the pull request status', () => postStatus(pr!, 'notApplicable', 'Palisade is switched off for this repository', link({})));
    setOutput(log, 'result', 'skipped');
    return { result: 'Succeeded', message: 'Scanning is switched off for this repository.', outcome: 'skipped' };
  }
  const failOn: FailOn = inputs.failOn ?? settings.failOn;
  if (prStatusOn) await safe(log, 'post the pending status', () => postStatus(pr!, 'pending', 'Palisade is scanning…', link({})));

  // ---------------------------------------------------------------- configuration
  const builtins = loadBuiltinRules();
  let config: PalisadeConfig;
  try {
    const file = resolve(root, inputs.config);
    config = loadConfig(file, new Set(builtins.map((r) => r.spec.id)), inputs.configExplicit, relative(root, file).split(sep).join('/') || DEFAULT_CONFIG_FILE);
    if (config.source) log.info(`Configuration: ${config.source}`);
  } catch (e) {
    if (!(e instanceof FileProblemError)) throw e;
    const msg = `The Palisade configuration is invalid; nothing was scanned or published. Fix it and re-run:\n${e.message}`;
    if (prStatusOn) await safe(log, 'post the pull request status', () => postStatus(pr!, 'error', `Configuration error in ${e.file}`, link({})));
    return fail(log, msg);
  }
  const dismissed = new Map<string, string>();
  if (storageUsable) {
    try {
      for (const fp of await readDismissed(store!, ctx.repositoryId!)) dismissed.set(fp, 'dismissed in the Security hub');
    } catch (e) {
      storageUsable = handleStorageError(log, e, 'read triage decisions');
    }
  }

  // ---------------------------------------------------------------- scope
  let changes: PrChanges | undefined;
  const wantDiff = inputs.scanScope === 'diff' || (inputs.scanScope === 'auto' && !!pr);
  if (inputs.scanScope === 'diff' && !pr) log.warning('scanScope is "diff" but this is not a pull-request build of an Azure Repos repository; scanning every file.');
  if (pr) {
    const fromGit = changesFromGit(root, ctx.pullRequest?.targetBranch);
    if (typeof fromGit !== 'string') changes = fromGit;
    else if (prBase?.baseCommit) {
      try {
        changes = await changesFromRest({ ...pr, rootPrefix: repoPrefix }, prBase.iterationId, prBase.baseCommit, fromGit);
        log.info(`Changed files: from the pull request's iteration ${prBase.iterationId} (${fromGit}).`);
      } catch (e) {
        log.warning(`Could not list the pull request's changes (${describe(e)}); scanning every file and comparing with the target branch's last scan.`);
      }
    } else log.warning(`Could not find the pull request's merge base (${fromGit}); scanning every file and comparing with the target branch's last scan.`);
    if (changes?.source === 'git') log.info(`Changed files: ${changes.files.length} (git diff against ${changes.baseCommit.slice(0, 12)}).`);
  }
  const diffPaths = wantDiff && changes ? changes.files.filter((f) => f.change !== 'delete').map((f) => f.path) : undefined;

  // ---------------------------------------------------------------- scan
  log.section('Scanning');
  const scanners = inputs.scanners ?? settings.scanners;
  log.info(`Scanners: ${scanners.join(', ')}; fail on: ${failOn}.`);
  let advisorySource: ClosableAdvisorySource | undefined;
  let scannerError: string | undefined;
  if (scanners.includes('dependencies')) {
    const osvUrl = inputs.osvUrl ?? DEFAULT_OSV_URL;
    const proxy = inputs.osvOfflineDir ? null : host.proxy(osvUrl);
    try {
      advisorySource = createAdvisorySource({
        baseUrl: osvUrl,
        offlineDir: inputs.osvOfflineDir ? resolve(inputs.osvOfflineDir) : undefined,
        env: process.env,
        proxy: proxy ? { url: proxy.proxyUrl, username: proxy.proxyUsername, password: proxy.proxyPassword, bypass: proxy.proxyBypassHosts } : undefined,
        offlineHint: 'Without network access, set the osvOfflineDir input to an OSV database export.',
      });
      cleanups.push(() => advisorySource?.close());
    } catch (e) {
      if (!(e instanceof AdvisorySourceError)) throw e;
      scannerError = `The dependency scanner cannot start: ${e.message}`;
    }
  }
  const scanOptions = { config, excludes: [...settings.excludes, ...inputs.excludes], scanners: advisorySource ? scanners : scanners.filter((s) => s !== 'dependencies'), advisorySource };
  let result: EngineScanResult | undefined;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error(`the scan did not finish within ${inputs.timeoutMinutes} minutes (timeoutMinutes)`)), inputs.timeoutMinutes * 60_000);
  try {
    result = await scan({ ...scanOptions, root, paths: diffPaths, collectSecrets: true, signal: timeout.signal });
  } catch (e) {
    scannerError = `The scan failed: ${log.mask(describe(e))}`;
  } finally {
    clearTimeout(timer);
  }
  const incomplete = result?.diagnostics.filter((d) => d.scannerFailure) ?? [];
  if (!scannerError && incomplete.length) scannerError = `The scan is incomplete: ${incomplete.map((d) => d.message).join('; ')}`;
  if (result?.secretValues?.length) {
    // Registered before anything else is printed, so the agent masks them in every later line.
    for (const v of result.secretValues) log.command(`##vso[task.setsecret]${v}`);
    log.addSecrets(result.secretValues);
    result.secretValues = undefined;
  }
  const findings: Finding[] = result ? [...result.findings] : [];
  const rules: RuleSummary[] = result ? [...result.rules] : activeRules(builtins, config).summaries;
  const diagnostics = result ? [...result.diagnostics] : [];

  // Other tools' SARIF, merged and gated like our own findings.
  if (inputs.additionalSarif.length) {
    const detector = activeRules(builtins, config).detector;
    const files = host.findFiles(host.variable('System.DefaultWorkingDirectory') ?? root, inputs.additionalSarif);
    if (files.length === 0) log.warning(`additionalSarif matched no files (${inputs.additionalSarif.join(', ')}).`);
    for (const file of files) {
      const imported = importSarif(readFileSync(file, 'utf8'), relative(root, file) || file, root, detector);
      findings.push(...imported.findings);
      rules.push(...imported.rules.filter((r) => !rules.some((x) => x.id === r.id)));
      diagnostics.push(...imported.diagnostics);
      log.info(`Merged ${imported.findings.length} findings from ${file}.`);
    }
  }
  for (const f of findings) {
    const why = dismissed.get(f.fingerprint);
    if (why && !f.suppression) f.suppression = { kind: 'triage', justification: why };
  }

  // ---------------------------------------------------------------- new findings (PR)
  let newFingerprints: Set<string> | undefined;
  let summary: RepoSummaryDoc | null = null;
  if (storageUsable) {
    try {
      summary = await readSummary(store!, ctx.repositoryId!);
    } catch (e) {
      storageUsable = handleStorageError(log, e, 'read earlier results');
    }
  }
  if (pr && result) {
    const targetRef = refKey({ branch: ctx.pullRequest?.targetBranch });
    let known = new Set<string>();
    if (storageUsable) {
      try {
        known = new Set((await readRefFindings(store!, ctx.repositoryId!, summary, targetRef)).filter((f) => f.state === 'open').map((f) => f.fingerprint));
      } catch (e) {
        storageUsable = handleStorageError(log, e, "read the target branch's findings");
      }
    }
    if (changes) {
      try {
        const novelty = await findNewFindings(findings, changes, scanOptions, log, ctx.tempDirectory, known);
        newFingerprints = novelty.newFingerprints;
        log.info(`Compared ${novelty.baseFilesScanned} changed files with the merge base (${changes.source}).`);
      } catch (e) {
        log.warning(`Could not read the merge-base versions of the changed files (${describe(e)}); findings absent from the target branch's last scan count as new.`);
        newFingerprints = new Set(findings.filter((f) => !known.has(f.fingerprint)).map((f) => f.fingerprint));
      }
    } else {
      newFingerprints = new Set(findings.filter((f) => !known.has(f.fingerprint)).map((f) => f.fingerprint));
    }
  }

  // ---------------------------------------------------------------- verdict
  const judged = newFingerprints ? findings.filter((f) => newFingerprints!.has(f.fingerprint)) : findings;
  const gate = gateFindings(judged, failOn);
  const counts = openCounts(findings, new Set());
  const newOpen = newFingerprints ? judged.filter((f) => !f.suppression).length : undefined;
  let outcome: ScanOutcome;
  let taskResult: TaskResultKind;
  let verdict: string;
  const scope = newFingerprints ? 'new ' : '';
  if (gate.failing.length) {
    outcome = 'failed';
    taskResult = 'Failed';
    verdict = `${gate.failing.length} ${scope}finding${gate.failing.length === 1 ? '' : 's'} at or above ${failOn}: ${sevList(gate.failing)}`;
  } else if (scannerError) {
    outcome = 'error';
    taskResult = inputs.continueOnScannerError ? 'SucceededWithIssues' : 'Failed';
    verdict = scannerError;
  } else if (gate.below.length) {
    outcome = 'succeededWithIssues';
    taskResult = 'SucceededWithIssues';
    verdict = `${gate.below.length} ${scope}finding${gate.below.length === 1 ? '' : 's'} below ${failOn}: ${sevList(gate.below)}`;
  } else {
    outcome = 'succeeded';
    taskResult = 'Succeeded';
    verdict = newFingerprints ? 'No new findings.' : 'No findings.';
  }
  if (scannerError && outcome !== 'error') log.error(scannerError);

  // ---------------------------------------------------------------- log
  if (result) {
    const skippedBy: Record<string, number> = {};
    for (const s of result.skipped) skippedBy[s.reason] = (skippedBy[s.reason] ?? 0) + 1;
    log.info(`Scanned ${result.stats.filesScanned} files (${(result.stats.bytesScanned / 1048576).toFixed(1)} MB) in ${(result.stats.durationMs / 1000).toFixed(2)} s${diffPaths ? ` (the ${diffPaths.length} files this pull request changed)` : ''}.`);
    if (result.skipped.length) log.info(`Skipped ${result.skipped.length}: ${Object.entries(skippedBy).map(([r, n]) => `${n} ${r}`).join(', ')}.`);
    for (const s of result.skipped.filter((x) => x.reason !== 'gitignored').slice(0, 20)) log.info(`  skipped ${s.path} (${s.reason}${s.detail ? `: ${s.detail}` : ''})`);
  }
  for (const d of diagnostics) (d.level === 'error' ? log.warning.bind(log) : log.info.bind(log))(`${d.path ? `${d.path}${d.line ? `:${d.line}` : ''}: ` : ''}${d.message}`);
  log.info(`Findings: ${countLine(counts)}${newOpen !== undefined ? `; ${newOpen} new in this pull request` : ''}${dismissed.size ? `; ${findings.filter((f) => f.suppression?.kind === 'triage').length} dismissed in the hub` : ''}.`);
  for (const f of judged.filter((x) => !x.suppression).slice(0, 50)) log.info(`  ${f.severity.padEnd(8)} ${f.ruleId}  ${f.path}:${f.region.startLine}:${f.region.startColumn}  ${f.preview}`);
  for (const c of logIssueCommands(judged, failOn, repoPrefix)) log.command(c);

  // ---------------------------------------------------------------- SARIF artifact (always)
  const artifactDir = join(ctx.artifactStagingDirectory, inputs.artifactName);
  mkdirSync(artifactDir, { recursive: true });
  const sarifPath = join(artifactDir, 'palisade.sarif');
  const sarifSource = result ?? { root, findings: [], skipped: [], diagnostics: [], stats: { filesScanned: 0, bytesScanned: 0, filesSkipped: 0, durationMs: 0, workers: 0 }, rules: [], toolVersion: ENGINE_VERSION };
  const sarif = toSarif(
    { ...sarifSource, findings, rules, diagnostics: scannerError ? [...diagnostics, { level: 'error', message: scannerError }] : diagnostics },
    { baselineApplied: !!newFingerprints, rootUri: null },
  );
  if (newFingerprints) for (const r of sarif.runs[0].results) r.baselineState = newFingerprints.has(r.partialFingerprints['palisade/v1']) ? 'new' : 'unchanged';
  writeFileSync(sarifPath, log.mask(JSON.stringify(sarif, null, 2)));
  log.info(`SARIF: ${sarifPath}`);
  let artifactName: string | undefined;
  if (inputs.publishArtifact) {
    artifactName = await chooseArtifactName(inputs.artifactName, ctx, azure, log);
    log.command(`##vso[artifact.upload containerfolder=${escapeProperty(artifactName)};artifactname=${escapeProperty(artifactName)}]${artifactDir}`);
  }

  // ---------------------------------------------------------------- summary + outputs
  const hubLink = ctx.collectionUri && ctx.repositoryId ? link({}) : undefined;
  const summaryFile = join(ctx.tempDirectory, `palisade-summary-${ctx.jobId ?? process.pid}.md`);
  writeFileSync(
    summaryFile,
    log.mask(summaryMarkdown({ verdict, counts, findings: judged, rules, newFingerprints, filesScanned: result?.stats.filesScanned ?? 0, skipped: result?.skipped ?? [], durationMs: Date.now() - started, hubLink, artifactName, notes: scannerError ? [scannerError] : [] })),
  );
  log.command(`##vso[task.uploadsummary]${summaryFile}`);
  setOutput(log, 'sarifPath', sarifPath);
  for (const [sev, n] of Object.entries(counts)) setOutput(log, `${sev}Count`, String(n));
  setOutput(log, 'newFindingCount', String(newOpen ?? 0));
  setOutput(log, 'result', outcome);

  // ---------------------------------------------------------------- pull request
  if (pr && result) {
    const newOnes = judged.filter((f) => !f.suppression);
    if (prCommentsOn) {
      const plan = await safe(log, 'update pull request comments', () =>
        syncThreads(pr!, { newFindings: newOnes, dismissed: new Set(dismissed.keys()), rules, maxThreads: inputs.maxPrComments, rootPrefix: repoPrefix, hubLink: (fp) => link({ fingerprint: fp }) }),
      );
      if (plan) log.info(`Pull request threads: ${plan.created} new, ${plan.reopened} reopened, ${plan.resolved} fixed, ${plan.dismissed} dismissed, ${plan.unchanged} unchanged${plan.summarised ? `, ${plan.summarised} in the summary thread` : ''}.`);
    }
  }
  if (prStatusOn) {
    const state: StatusState = outcome === 'failed' ? 'failed' : outcome === 'error' ? 'error' : 'succeeded';
    const desc = outcome === 'error' ? 'Palisade could not complete the scan' : newOpen ? `${newOpen} new finding${newOpen === 1 ? '' : 's'}: ${sevList(judged.filter((f) => !f.suppression))}` : 'No new findings';
    await safe(log, 'post the pull request status', () => postStatus(pr!, state, desc, link({})));
  }

  // ---------------------------------------------------------------- Security hub
  if (storageUsable && ctx.repositoryId) {
    const finishedAt = new Date().toISOString();
    const ref = refKey({ branch: ctx.sourceBranch, pullRequestId: pr ? ctx.pullRequest?.id : undefined });
    const trigger = pr ? 'pullRequest' : ctx.buildReason === 'Manual' ? 'manual' : 'branch';
    log.info(`Publishing to the Security hub (${ref}).`);
    // The log is published as it stands; these last lines are in the pipeline log only.
    const published = await safe(log, 'publish results to the Security hub', () =>
      publishScan(store!, summary, {
        record: {
          scanId: scanIdFor({ buildId: ctx.buildId?.toString(), jobAttempt: String(ctx.jobAttempt), jobId: ctx.jobId }),
          repoId: ctx.repositoryId!,
          projectId: ctx.projectId,
          trigger,
          ref,
          branch: ctx.sourceBranch,
          commit: ctx.sourceVersion,
          pullRequest: pr ? { id: pr.pullRequestId, iterationId: pr.iterationId, targetBranch: ctx.pullRequest?.targetBranch } : undefined,
          build: ctx.buildId ? { id: ctx.buildId, number: ctx.buildNumber, url: buildUrl(ctx), definition: ctx.definitionName } : undefined,
          requestedBy: ctx.requestedFor,
          startedAt: new Date(started).toISOString(),
          finishedAt,
          durationMs: Date.now() - started,
          filesScanned: result?.stats.filesScanned ?? 0,
          filesSkipped: result?.skipped.length ?? 0,
          counts: openCounts(findings, new Set()),
          outcome,
          outcomeReason: outcome === 'error' ? scannerError : undefined,
          toolVersion: ENGINE_VERSION,
          newFindings: newOpen,
        },
        findings,
        newFingerprints,
        log: log.text(),
        isDefaultBranch: !pr && !!ctx.sourceBranch && ctx.sourceBranch === ctx.defaultBranch,
      }),
    );
    if (published) log.info(`Security hub: ${published.pages} findings page(s), ${published.chunks} log chunk(s).`);
  }
  if (azure) log.info(`Azure DevOps REST calls: ${azure.counter.calls} (${azure.counter.retries} retried${azure.counter.throttledMs ? `, ${Math.round(azure.counter.throttledMs / 1000)} s throttled` : ''}).`);

  return { result: taskResult, message: verdict, outcome };
}

function fail(log: TaskLog, message: string): TaskOutcome {
  log.error(message);
  setOutput(log, 'result', 'error');
  return { result: 'Failed', message: message.split('\n')[0], outcome: 'error' };
}

function setOutput(log: TaskLog, name: string, value: string): void {
  log.command(`##vso[task.setvariable variable=${name};isOutput=true]${value}`);
}

function sevList(findings: readonly Finding[]): string {
  return countLine(countBySeverity(findings));
}

function countLine(c: Record<string, number>): string {
  const parts = Object.entries(c).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
  return parts.length ? parts.join(', ') : 'none';
}

export function describe(e: unknown): string {
  if (e instanceof Error) {
    const status = statusOf(e);
    return status ? `HTTP ${status}: ${e.message}` : e.message;
  }
  return String(e);
}

/** Runs a REST step whose failure must not cost the scan result; logs a warning instead. */
async function safe<T>(log: TaskLog, what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof StoragePermissionError) log.warning(STORAGE_PERMISSION_HELP);
    else log.warning(`Could not ${what}: ${describe(e)}`);
    return undefined;
  }
}

/** Returns whether storage is still usable after `e`. */
function handleStorageError(log: TaskLog, e: unknown, what: string): boolean {
  if (e instanceof StoragePermissionError) {
    log.warning(STORAGE_PERMISSION_HELP);
    return false;
  }
  log.warning(`Could not ${what}: ${describe(e)}`);
  return false;
}

async function connectAzure(host: TaskHost, ctx: PipelineContext): Promise<AzureClients | undefined> {
  const token = host.accessToken();
  if (!ctx.collectionUri) return undefined;
  if (!token) {
    host.log.warning('No access token: pull request feedback and Security hub publishing are off. Allow scripts to access the OAuth token (or map System.AccessToken) in the job.');
    return undefined;
  }
  try {
    return await host.connect({ orgUrl: ctx.collectionUri, token, proxy: host.proxy(ctx.collectionUri), caFile: host.caFile(), retry: host.retry });
  } catch (e) {
    host.log.warning(`Could not connect to ${ctx.collectionUri}: ${describe(e)}. Pull request feedback and Security hub publishing are off.`);
    return undefined;
  }
}

/** The scan root relative to the repository root, for PR thread paths and log issues. */
function repoRootPrefix(host: TaskHost, root: string): string {
  const repoRoot = host.variable('Build.Repository.LocalPath') ?? host.variable('Build.SourcesDirectory');
  if (!repoRoot) return '';
  const rel = relative(resolve(repoRoot), root);
  return rel.startsWith('..') ? '' : rel.split(sep).join('/');
}

/**
 * The configured name when free; otherwise (a retried job, or several jobs scanning) the
 * name with the job and attempt appended, so the upload never fails on a duplicate name.
 */
async function chooseArtifactName(base: string, ctx: PipelineContext, azure: AzureClients | undefined, log: TaskLog): Promise<string> {
  const suffixed = `${base}_${(ctx.jobName ?? 'job').replace(/[^A-Za-z0-9._-]+/g, '_')}_${ctx.jobAttempt}`;
  if (!azure || !ctx.buildId) return ctx.jobAttempt > 1 ? suffixed : base;
  try {
    const existing = new Set(((await azure.build.getArtifacts(ctx.projectId, ctx.buildId)) ?? []).map((a) => a.name));
    if (!existing.has(base)) return base;
    log.info(`Artifact "${base}" already exists in this build; publishing as "${suffixed}".`);
    return suffixed;
  } catch (e) {
    log.info(`Could not list this build's artifacts (${describe(e)}).`);
    return ctx.jobAttempt > 1 ? suffixed : base;
  }
}
