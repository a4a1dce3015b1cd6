/**
 * The task's flow: inputs -> Azure DevOps session and hub settings -> configuration -> scan
 * (a PR's changed files, or everything) -> which findings a PR introduced -> verdict -> log,
 * SARIF artifact, summary and outputs (always) -> PR threads and status -> Security hub.
 * Each step lives in its own module; this file only orders them.
 */
import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { FailOn } from '../contract/findings';
import { hubUrl } from '../contract/extension';
import { BUILTIN_DEFAULTS, refKey, type ScanOutcome } from '../contract/storage';
import { DEFAULT_CONFIG_FILE, loadConfig, type PalisadeConfig } from '../engine/config';
import { loadBuiltinRules } from '../engine/ruleLoader';
import { FileProblemError } from '../engine/yamlValidation';
import type { AzureClients, ConnectionOptions } from './azure/connection';
import { callsLine, connectAzure, describe, HubAccess } from './azureSession';
import type { PrChanges } from './diffScope';
import { readDismissed, readRefFindings, readSettings, readSummary } from './hubStorage';
import { InputError, readInputs, type InputReader, type TaskInputs } from './inputs';
import { logReport, publishArtifact, setOutput, setOutputs, uploadSummary, writeSarif } from './outputs';
import { readPipelineContext, type PipelineContext } from './pipelineContext';
import { publishToHub } from './publishing';
import { PullRequestRun } from './pullRequestRun';
import { writeSbom } from './sbomOutput';
import { runScan } from './scanStep';
import { TargetConfig } from './targetConfig';
import type { TaskLog } from './taskLog';
import { judge, type TaskResultKind } from './verdict';

export { describe } from './azureSession';
export type { TaskResultKind } from './verdict';

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

  // ---------------------------------------------------------------- Azure DevOps and hub settings
  const azure = await connectAzure(host, ctx);
  const hub = HubAccess.for(azure, inputs.publishToHub, ctx, log);
  const rootPrefix = repoRootPrefix(host, root);
  const link = (fingerprint?: string) =>
    hubUrl(ctx.collectionUri, ctx.projectName || ctx.projectId, { repo: ctx.repositoryId, pr: ctx.pullRequest?.id, finding: fingerprint, tab: fingerprint ? 'findings' : undefined });
  const pr = (state.pr = await PullRequestRun.open(azure, ctx, inputs.statusName, rootPrefix, log, link));

  const { settings, fromHub } = await hub.read('read the Security hub settings; using the built-in defaults', { settings: BUILTIN_DEFAULTS, fromHub: false }, (store, repoId) =>
    readSettings(store, ctx.projectId, repoId),
  );
  if (fromHub) log.info('Settings: from the Security hub.');
  pr?.configure({ statusName: inputs.statusName, status: inputs.prStatus && settings.prStatus, comments: inputs.prComments && settings.prComments, maxComments: inputs.maxPrComments });
  if (!settings.enabled) {
    log.info(`Palisade is switched off for repository ${ctx.repositoryName ?? ctx.repositoryId} in the Security hub; nothing was scanned. An administrator can switch it on under Repos > Security > Settings.`);
    await pr?.status('notApplicable', 'Palisade is switched off for this repository');
    setOutput(log, 'result', 'skipped');
    return { result: 'Succeeded', message: 'Scanning is switched off for this repository.', outcome: 'skipped' };
  }
  const failOn: FailOn = inputs.failOn ?? settings.failOn;

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
  // Only once the configuration is known to be good: a broken one fails before anything is posted.
  await pr?.status('pending', 'Palisade is scanning…');
  const dismissed = await hub.read('read triage decisions', new Set<string>(), (store, repoId) => readDismissed(store, repoId));

  // ---------------------------------------------------------------- scope and scan
  if (!pr && inputs.scanScope === 'diff') log.warning('scanScope is "diff" but this is not a pull-request build of an Azure Repos repository; scanning every file.');
  const wantDiff = inputs.scanScope === 'diff' || (inputs.scanScope === 'auto' && !!pr);
  const diffPaths = wantDiff && changes ? changes.files.filter((f) => f.change !== 'delete').map((f) => f.path) : undefined;

  log.section('Scanning');
  const scanners = inputs.scanners ?? settings.scanners;
  log.info(`Scanners: ${scanners.join(', ')}; fail on: ${failOn}.`);
  const data = await runScan(host, { root, inputs, scanners, excludes: [...settings.excludes, ...inputs.excludes], config, builtins, paths: diffPaths, cleanups: state.cleanups });
  for (const f of data.findings) {
    if (dismissed.has(f.fingerprint) && !f.suppression) f.suppression = { kind: 'triage', justification: 'dismissed in the Security hub' };
  }

  // ---------------------------------------------------------------- what the PR introduced
  const summary = await hub.read('read earlier results', null, (store, repoId) => readSummary(store, repoId));
  let newFingerprints: Set<string> | undefined;
  if (pr && data.result) {
    const targetRef = refKey({ branch: ctx.pullRequest?.targetBranch });
    const known = await hub.read("read the target branch's findings", new Set<string>(), async (store, repoId) =>
      new Set((await readRefFindings(store, repoId, summary, targetRef)).filter((f) => f.state === 'open').map((f) => f.fingerprint)),
    );
    newFingerprints = await pr.newFindings(data.findings, changes, data.options, known);
  }
  const configNotes = await targetConfig?.apply(data.findings, data.rules, newFingerprints);
  data.notes.push(...(configNotes?.notes ?? []));

  // ---------------------------------------------------------------- verdict, log, artifact, summary, outputs
  const verdict = judge(data.findings, { failOn, newFingerprints, scannerError: data.scannerError, continueOnScannerError: inputs.continueOnScannerError });
  if (data.scannerError && verdict.outcome !== 'error') log.error(data.scannerError);
  logReport(log, data, verdict, { diffPaths, failOn, rootPrefix, dismissedInHub: data.findings.filter((f) => f.suppression?.kind === 'triage').length });
  const { sarifPath, artifactDir } = writeSarif(log, ctx, inputs.artifactName, root, data, newFingerprints);
  writeSbom(log, inputs, data, artifactDir, { root, subject: ctx.repositoryName, diffScan: !!diffPaths });
  const artifactName = inputs.publishArtifact ? await publishArtifact(log, ctx, azure, inputs.artifactName, artifactDir) : undefined;
  uploadSummary(log, ctx, data, verdict, { newFingerprints, durationMs: Date.now() - started, hubLink: ctx.collectionUri && ctx.repositoryId ? link() : undefined, artifactName });
  setOutputs(log, sarifPath, verdict);

  // ---------------------------------------------------------------- pull request and Security hub
  await pr?.report({
    newFindings: verdict.newOpen ?? [],
    dismissed,
    rules: data.rules,
    state: verdict.outcome === 'failed' ? 'failed' : verdict.outcome === 'error' ? 'error' : 'succeeded',
    scanned: !!data.result,
    reason: verdict.outcome === 'error' ? data.scannerError : undefined,
    statusNote: configNotes?.statusNote,
  });
  await publishToHub({ hub, azure, summary, ctx, pr, data, verdict, newFingerprints, rootPrefix, startedAt: started, log });
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
