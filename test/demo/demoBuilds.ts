/**
 * Runs the demo's two builds of "storefront" against an emulator in this process: a CI build
 * of main, then the build of pull request "Add card payments" on its merge commit. Each runs
 * a task entry (the packaged dist/PalisadeScanV1, or an unpacked vsix) the way an agent does:
 * a child process with the agent's environment, the task.json defaults for inputs the
 * pipeline does not set, and the build marked completed with the task's result afterwards.
 * `npm start` and the vsix test both use it.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Emulator } from '../emulator';
import type { BuildRecord, PullRequestRecord, StatusRecord } from '../emulator/state';
import { runTaskAsAgent, type AgentRun } from '../support/agentShim';
import { REPO_ROOT } from '../support/paths';
import { createDemoWorkTree, DEMO, DEMO_OSV_DIR, type DemoWorkTree } from './demoRepo';

export interface DemoBuildResult {
  label: string;
  build: BuildRecord;
  run: AgentRun;
  /** PR builds: the PR's latest Palisade status and its open threads. */
  prStatus?: StatusRecord;
  prThreads?: number;
}

export interface DemoBuildOptions {
  emulator: Emulator;
  /** The task's index.js; its task.json (beside it) supplies the input defaults. */
  taskEntry: string;
  /** Scratch folder for the work tree and the agents' staging folders (emptied first). */
  workDir: string;
  /** Pull request id of the demo PR in the emulator. */
  pullRequestId: number;
  /** Inputs on top of the task.json defaults (the YAML `inputs:`). */
  inputs?: Record<string, string>;
  /** Identity whose token the job gets (default `build`; `build-nodata` may not use extension data). */
  identity?: string;
  /** Called before each build starts. */
  onBuild?: (label: string, build: BuildRecord) => void;
}

interface TaskJsonInput {
  name: string;
  defaultValue?: string;
}

/** What the agent passes for inputs: task.json defaults with `$(Var)` macros expanded, then the YAML's. */
export function agentInputs(taskJsonPath: string, given: Record<string, string>, variables: Record<string, string>): Record<string, string> {
  const taskJson = JSON.parse(readFileSync(taskJsonPath, 'utf8')) as { inputs?: TaskJsonInput[] };
  const expand = (v: string) => v.replace(/\$\(([\w.]+)\)/g, (m, name: string) => variables[name] ?? m);
  const inputs: Record<string, string> = {};
  for (const i of taskJson.inputs ?? []) if (i.defaultValue !== undefined && i.defaultValue !== '') inputs[i.name] = expand(i.defaultValue);
  for (const [k, v] of Object.entries(given)) inputs[k] = expand(v);
  return inputs;
}

const RESULTS: Record<string, BuildRecord['result']> = {
  Succeeded: 'succeeded', SucceededWithIssues: 'partiallySucceeded', Failed: 'failed', Cancelled: 'canceled', Skipped: 'succeeded',
};

async function runBuild(opts: DemoBuildOptions, tree: DemoWorkTree, label: string, build: BuildRecord): Promise<AgentRun> {
  opts.onBuild?.(label, build);
  // The variables the agent expands in task.json defaults ($(Build.SourcesDirectory)).
  const macros: Record<string, string> = { 'Build.SourcesDirectory': tree.dir, 'System.DefaultWorkingDirectory': tree.dir };
  // task.json beside the entry (a packaged task); the source one for the tsc build in out/.
  const beside = join(dirname(opts.taskEntry), 'task.json');
  const taskJson = existsSync(beside) ? beside : join(REPO_ROOT, 'tasks', 'PalisadeScanV1', 'task.json');
  const inputs = agentInputs(taskJson, { osvOfflineDir: DEMO_OSV_DIR, ...opts.inputs }, macros);
  const run = await runTaskAsAgent({
    emulator: opts.emulator,
    buildId: build.id,
    identity: opts.identity,
    taskEntry: opts.taskEntry,
    sourcesDirectory: tree.dir,
    workDirectory: join(opts.workDir, `agent-${build.id}`),
    inputs,
  });
  build.status = 'completed';
  build.result = RESULTS[run.result ?? ''] ?? 'failed';
  build.finishTime = new Date().toISOString();
  opts.emulator.store.changed();
  return run;
}

/** Runs the main build, then the PR build; returns both. */
export async function runDemoBuilds(opts: DemoBuildOptions): Promise<DemoBuildResult[]> {
  rmSync(opts.workDir, { recursive: true, force: true });
  const tree = createDemoWorkTree(join(opts.workDir, 's'), undefined, opts.pullRequestId);
  const store = opts.emulator.store;
  const results: DemoBuildResult[] = [];

  tree.checkoutMain();
  const main = store.createBuild({
    project: DEMO.project, repository: DEMO.repository, sourceBranch: DEMO.mainBranch, reason: 'individualCI',
    definition: DEMO.definition, requestedFor: 'contributor',
  });
  results.push({ label: 'main', build: main, run: await runBuild(opts, tree, 'main', main) });

  tree.checkoutMerge();
  const repo = store.repository(DEMO.repository);
  const pr: PullRequestRecord = store.pullRequest(repo, opts.pullRequestId);
  const prBuild = store.createBuild({
    project: DEMO.project, repository: DEMO.repository, sourceBranch: `refs/pull/${pr.pullRequestId}/merge`, reason: 'pullRequest',
    definition: DEMO.definition, requestedFor: 'contributor',
    triggerInfo: {
      'pr.number': String(pr.pullRequestId), 'pr.isFork': 'False', 'pr.sourceBranch': pr.sourceRefName, 'pr.targetBranch': pr.targetRefName,
      'pr.sourceSha': pr.iterations[pr.iterations.length - 1].sourceCommit,
    },
  });
  const prRun = await runBuild(opts, tree, `pull request ${pr.pullRequestId}`, prBuild);
  const statuses = pr.statuses.filter((s) => s.context.genre === 'palisade');
  results.push({
    label: `pull request ${pr.pullRequestId}`,
    build: prBuild,
    run: prRun,
    prStatus: statuses[statuses.length - 1],
    prThreads: pr.threads.filter((t) => !t.isDeleted && t.status === 'active').length,
  });
  return results;
}
