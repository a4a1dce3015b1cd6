/**
 * Runs a job the way Azure Pipelines would once the extension's decorators are installed: the
 * job is resolved and decorated (expand.ts), then every PalisadeScan step in it (the author's
 * own or the one a decorator injected) runs as the built task against an emulator build, with
 * its inputs and its `env` (`$(System.AccessToken)` is the job's token, as the agent's macro
 * expansion gives it). Checkout itself is the caller's: `sourcesDirectory` holds the files.
 */
import type { Emulator } from '../index';
import type { BuildRecord } from '../state';
import { runTaskAsAgent, type AgentOptions, type AgentRun } from '../../support/agentShim';
import { decorateJob, type AuthoredStep, type JobDescription, type RepositoryResource, type ResolvedStep } from './expand';

export interface DecoratedRun {
  steps: ResolvedStep[];
  /** One per PalisadeScan step, in job order. */
  runs: { step: ResolvedStep; run: AgentRun }[];
}

export const PALISADE_TASK_ID = '9fe5bdb6-a5ef-4f7d-9edb-edb70ada67d0';

/** `resources.repositories.self` for an emulator build of an Azure Repos repository. */
export function selfRepository(emulator: Emulator, build: BuildRecord, alias = 'self'): RepositoryResource {
  const repo = emulator.store.data.repositories.find((r) => r.id === build.repositoryId);
  if (!repo) throw new Error(`build ${build.id} has no repository the emulator knows`);
  return {
    alias, id: repo.id, type: 'Git', name: repo.name, project: repo.projectId, defaultBranch: repo.defaultBranch ?? undefined,
    ref: build.sourceBranch, version: build.sourceVersion, checkoutOptions: {},
  };
}

export async function runDecoratedJob(
  emulator: Emulator,
  job: JobDescription,
  agent: Omit<AgentOptions, 'emulator' | 'inputs'>,
): Promise<DecoratedRun> {
  const steps = decorateJob(job);
  const runs: DecoratedRun['runs'] = [];
  const token = emulator.tokens[agent.identity ?? 'build'];
  for (const step of steps) {
    if (step.task.id.toLowerCase() !== PALISADE_TASK_ID) continue;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(step.env)) env[k] = v.replace(/\$\(System\.AccessToken\)/gi, token);
    const run = await runTaskAsAgent({ emulator, ...agent, inputs: step.inputs, env: { ...agent.env, ...env } });
    runs.push({ step, run });
  }
  return { steps, runs };
}

export type { AuthoredStep, JobDescription };
