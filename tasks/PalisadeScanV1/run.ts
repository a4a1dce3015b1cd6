/**
 * The task's flow: inputs -> Azure DevOps session and the project's settings and triage
 * (project properties) -> configuration -> scan (a PR's changed files, or everything) -> which
 * findings a PR introduced and which are dismissed -> verdict -> earlier builds' records ->
 * log, SARIF and scan record in the artifact, build tag, summary and outputs (always) -> PR
 * threads and status. Each step lives in its own module; this file only orders them.
 */
import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { hubUrl } from '../contract/extension';
import { applyPipelineOverrides, settingsSourceLine } from '../contract/projectSettings';
import { PALISADE_BUILD_TAG, type ScanOutcome } from '../contract/scanRecord';
import { DEFAULT_CONFIG_FILE, FileProblemError, loadBuiltinRules, loadConfig, type PalisadeConfig } from '../engine';
import { readEarlierRecords, type EarlierResult } from './azure/buildRecords';
import type { AzureClients, ConnectionOptions } from './azure/connection';
import { callsLine, connectAzure, describe } from './azure/session';
import type { PrChanges } from './azure/prChanges';
import { applyDismissals, logDismissals } from './steps/dismissals';
import { InputError, readInputs, type InputReader, type TaskInputs } from './context/inputs';
import { chooseArtifactName, logReport, publishArtifact, setOutput, setOutputs, uploadSummary, writeSarif } from './steps/outputs';
import { readPipelineContext, type PipelineContext } from './context/pipelineContext';
import { PolicyError, readProjectPolicy, type ProjectPolicy } from './context/projectPolicy';
import { managedGate, observeOnly } from './steps/managedRun';
import { PullRequestRun } from './pr/pullRequestRun';
import { composeRecord, repositoryDefaultBranch, writeRecord } from './steps/recordStep';
import { writeSbom } from './steps/sbomOutput';
import { runScan } from './steps/scanStep';
import { TargetConfig } from './pr/targetConfig';
import type { TaskLog } from './log/taskLog';
import { judge, type TaskResultKind } from './steps/verdict';

export { describe } from './azure/session';
export type { TaskResultKind } from './steps/verdict';

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
  /** How long reading earlier builds' records may take before history counts as unavailable. */
  historyTimeoutMs?: number;
}

export const DEFAULT_HISTORY_TIMEOUT_MS = 120_000;

export interface TaskOutcome {
  result: TaskResultKind;
  message: string;
  outcome: ScanOutcome;
}

/** What must happen if the run dies half-way (sockets to close, a pending PR status to replace). */
interface RunState {
  cleanups: (() => void)[];
  pr?: PullRequestRun;
}

export async function runTask(host: TaskHost): Promise<TaskOutcome> {
  const state: RunState = { cleanups: [] };
  try {
    return await scanAndReport(host, state);
  } catch (e) {
    // A bug or an agent problem, not a finding: the PR must not be left "pending" forever.
    await state.pr?.abandon(describe(e));
    throw e;
  } finally {
    // Open sockets (advisory source keep-alive) would keep the agent waiting for the process.
    for (const c of state.cleanups) c();
  }
}

async function scanAndReport(host: TaskHost, state: RunState): Promise<TaskOutcome> {
  const log = host.log;
  const started = Date.now();
  const ctx: PipelineContext = readPipelineContext((n) => host.variable(n), process.cwd());
  let inputs: TaskInputs;
  try {
    inputs = readInputs(host.inputs, host.variable('Build.SourcesDirectory') ?? process.cwd());
  } catch (e) {
    if (e instanceof InputError) return fail(log, e.message);
    throw e;
  }
  const root = resolve(inputs.path);
  if (!existsSync(root) || !statSync(root).isDirectory()) return fail(log, `Input "path" is "${inputs.path}", which is not a folder on this agent. Point it at the checked-out sources, e.g. $(Build.SourcesDirectory).`);

  // ---------------------------------------------------------------- Azure DevOps, the project's settings and triage
  const azure = await connectAzure(host, ctx);
  const rootPrefix = repoRootPrefix(host, root);
  const link = (fingerprint?: string) =>
    hubUrl(ctx.collectionUri, ctx.projectName || ctx.projectId, { repo: ctx.repositoryId, pr: ctx.pullRequest?.id, finding: fingerprint, tab: fingerprint ? 'findings' : undefined });
  // The policy first: a decorated run that skips costs this one call and nothing else.
  let policyRead: ProjectPolicy | PolicyError;
  try {
    policyRead = await readProjectPolicy(azure, ctx);
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    policyRead = e;
  }
  const managed = inputs.managed ? managedGate(log, ctx, !!azure, policyRead) : undefined;
  if (managed && 'skip' in managed) return managed.skip;
  const pr = (state.pr = await PullRequestRun.open(azure, ctx, inputs.statusName, rootPrefix, log, link));

  if (policyRead instanceof PolicyError) {
    pr?.configure({ statusName: inputs.statusName, status: inputs.prStatus, comments: false, maxComments: inputs.maxPrComments });
    await pr?.status('error', 'The project\'s Palisade settings cannot be read');
    return fail(log, policyRead.message);
  }
  const policy: ProjectPolicy = policyRead;
  const settingsLine = policy.sourceNote ?? settingsSourceLine(policy.admin.source);
  log.info(settingsLine);
  const admin = policy.admin.settings;
  pr?.configure({ statusName: inputs.statusName, status: inputs.prStatus && admin.prStatus, comments: inputs.prComments && admin.prComments, maxComments: inputs.maxPrComments });
  if (!admin.enabled) {
    log.info(`Palisade is switched off for repository ${ctx.repositoryName ?? ctx.repositoryId} by the project's settings; nothing was scanned. A project administrator can switch it on under Repos > Security > Settings.`);
    await pr?.status('notApplicable', 'Palisade is switched off for this repository');
    setOutput(log, 'result', 'skipped');
    return { result: 'Succeeded', message: 'Scanning is switched off for this repository.', outcome: 'skipped' };
  }

  // ---------------------------------------------------------------- configuration
  const builtins = loadBuiltinRules();
  let config: PalisadeConfig;
  let changes: PrChanges | undefined;
  let targetConfig: TargetConfig | undefined;
  try {
    const file = resolve(root, inputs.config);
    const configPath = relative(root, file).split(sep).join('/') || DEFAULT_CONFIG_FILE;
    config = loadConfig(file, new Set(builtins.map((r) => r.spec.id)), inputs.configExplicit, configPath);
    if (config.source) log.info(`Configuration: ${config.source}`);
    if (pr) {
      // A PR is judged by its target branch's configuration (targetConfig.ts).
      changes = await pr.changes(root);
      targetConfig = await TargetConfig.resolve({ head: config, configPath, changes, builtins, root, log });
      config = targetConfig.config;
    }
  } catch (e) {
    if (!(e instanceof FileProblemError)) throw e;
    await pr?.status('error', `Configuration error in ${e.file}`);
    // One error per problem: each printed line holds one problem, never a line break from the file.
    return fail(log, 'The Palisade configuration is invalid; nothing was scanned or published. Fix it and re-run:', e.problems.map((p) => `${e.file}${p.line ? `:${p.line}` : ''}: ${p.key ? `${p.key}: ` : ''}${p.message}`));
  }
  // The pipeline and .palisade.yml may only tighten what an administrator chose.
  const effective = applyPipelineOverrides(policy.admin, { failOn: inputs.failOn ?? config.failOn, scanners: inputs.scanners ?? undefined, excludes: inputs.excludes });
  for (const note of effective.notes) log.warning(note);
  const settings = effective.settings;
  const failOn = settings.failOn;
  // Only once the configuration is known to be good: a broken one fails before anything is posted.
  await pr?.status('pending', 'Palisade is scanning…');

  // ---------------------------------------------------------------- scope and scan
  if (!pr && inputs.scanScope === 'diff') log.warning('scanScope is "diff" but this is not a pull-request build of an Azure Repos repository; scanning every file.');
  const wantDiff = inputs.scanScope === 'diff' || (inputs.scanScope === 'auto' && !!pr);
  const diffPaths = wantDiff && changes ? changes.files.filter((f) => f.change !== 'delete').map((f) => f.path) : undefined;

  log.section('Scanning');
  log.info(`Scanners: ${settings.scanners.join(', ')}; fail on: ${failOn}.`);
  const data = await runScan(host, { root, inputs, scanners: settings.scanners, excludes: settings.excludes, config, builtins, paths: diffPaths, cleanups: state.cleanups });

  // ---------------------------------------------------------------- what the PR introduced, the target branch's rules, dismissals
  let newFingerprints: Set<string> | undefined;
  if (pr && data.result) newFingerprints = await pr.newFindings(data.findings, changes, data.options);
  const configNotes = await targetConfig?.apply(data.findings, data.rules, newFingerprints);
  data.notes.push(...(configNotes?.notes ?? []));
  // Last, so a reviewer's /palisade dismiss can also accept what the target branch's rules flag.
  const prTriage = pr ? await pr.dismissals(settings.allowAuthorDismiss) : undefined;
  const dismissals = applyDismissals(data.findings, policy.triage, prTriage);
  logDismissals(log, dismissals, data.findings);

  // ---------------------------------------------------------------- earlier results of this branch (read only)
  let earlier: EarlierResult | undefined;
  const branch = ctx.sourceBranch;
  if (azure && ctx.repositoryId && branch && inputs.publishToHub) {
    earlier = await readEarlierRecords(azure, { projectId: ctx.projectId, repositoryId: ctx.repositoryId, branch, buildId: ctx.buildId, artifactBase: inputs.artifactName }, host.historyTimeoutMs ?? DEFAULT_HISTORY_TIMEOUT_MS);
    log.info(earlier.note);
  }

  // ---------------------------------------------------------------- verdict, log, artifact (SARIF + scan record), tag, summary, outputs
  const judged = judge(data.findings, { failOn, newFingerprints, scannerError: data.scannerError, continueOnScannerError: inputs.continueOnScannerError });
  const observe = managed !== undefined && 'mode' in managed && managed.mode === 'observe';
  const verdict = observe ? observeOnly(judged) : judged;
  if (data.scannerError && verdict.outcome !== 'error') log.error(data.scannerError);
  logReport(log, data, verdict, { diffPaths, failOn, rootPrefix, dismissed: dismissals.honoured.length });
  const { sarifPath, artifactDir } = writeSarif(log, ctx, inputs.artifactName, root, data, newFingerprints);
  writeSbom(log, inputs, data, artifactDir, { root, subject: ctx.repositoryName, diffScan: !!diffPaths });
  const artifactName = inputs.publishArtifact ? await chooseArtifactName(log, ctx, azure, inputs.artifactName) : undefined;
  const summary = uploadSummary(log, ctx, data, verdict, { newFingerprints, durationMs: Date.now() - started, hubLink: ctx.collectionUri && ctx.repositoryId ? link() : undefined, artifactName, settingsLine });
  setOutputs(log, sarifPath, verdict);
  if (artifactName) {
    if (inputs.publishToHub && ctx.repositoryId) {
      const isDefaultBranch = !pr && !!branch && branch === (await repositoryDefaultBranch(azure, ctx, log));
      const record = composeRecord({ ctx, pr, data, verdict, newFingerprints, rootPrefix, startedAt: started, settings, failOn, settingsLine, earlier, dismissals, artifactName, summary, isDefaultBranch, log });
      writeRecord(log, artifactDir, record);
      log.info(`Scan record: ${artifactName}/palisade-scan.json (${record.findings.length} findings, history ${record.scan.history}); the Security hub reads it from this build.`);
    }
    publishArtifact(log, artifactName, artifactDir);
    // The tag after the upload request: a tagged build is one whose artifact holds a record.
    if (inputs.publishToHub && ctx.repositoryId) log.addBuildTag(PALISADE_BUILD_TAG);
  } else if (inputs.publishToHub) {
    log.info('publishArtifact is false: no scan record is published, so the Security hub does not show this run.');
  }

  // ---------------------------------------------------------------- pull request
  await pr?.report({
    newFindings: verdict.newOpen ?? [],
    dismissed: new Set(dismissals.honoured.map((d) => d.fingerprint)),
    rules: data.rules,
    // Observe mode reports what it found but must not block a pull request that requires the status.
    state: observe ? 'succeeded' : verdict.outcome === 'failed' ? 'failed' : verdict.outcome === 'error' ? 'error' : 'succeeded',
    scanned: !!data.result,
    reason: verdict.outcome === 'error' ? data.scannerError : undefined,
    statusNote: [configNotes?.statusNote, observe ? 'observe only' : undefined].filter(Boolean).join('; ') || undefined,
  });
  if (azure) log.info(callsLine(azure));
  return { result: verdict.result, message: verdict.message, outcome: verdict.outcome };
}

function fail(log: TaskLog, message: string, details: readonly string[] = []): TaskOutcome {
  log.error(message);
  for (const d of details) log.error(d);
  setOutput(log, 'result', 'error');
  return { result: 'Failed', message, outcome: 'error' };
}

/** The scan root relative to the repository root, for PR thread paths, annotations and the hub. */
function repoRootPrefix(host: TaskHost, root: string): string {
  const repoRoot = host.variable('Build.Repository.LocalPath') ?? host.variable('Build.SourcesDirectory');
  if (!repoRoot) return '';
  const rel = relative(resolve(repoRoot), root);
  return rel.startsWith('..') ? '' : rel.split(sep).join('/');
}
