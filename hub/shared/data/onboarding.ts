/**
 * Onboarding repositories that no pipeline builds, so that they are scanned on every push to
 * the default branch, on every pull request and weekly.
 *
 * Chosen: per repository, (1) a pull request adding `.azure-pipelines/palisade.yml` (a CI
 * trigger on the default branch and a weekly schedule, which runs even without new commits so
 * new advisories are caught), (2) a YAML pipeline definition `\Palisade\<repo> security scan`
 * pointing at that file, (3) an optional (non-blocking) *Build validation* branch policy that
 * queues that pipeline for every pull request into the default branch (Azure Repos ignores a
 * YAML `pr:` trigger; PR builds come from build validation).
 * Why not one central pipeline checking out every repository: it could not run on another
 * repository's pull requests or pushes (triggers belong to the repository holding the YAML),
 * its runs and statuses would not appear in each repository's own pipelines, and its job token
 * would need read access to every repository. The per-repository pipeline keeps the code owners
 * in the loop: nothing lands on their default branch until they complete the pull request.
 *
 * Nothing is created without the plan being shown first (`planOnboarding` is pure and holds
 * the exact YAML, names and policy); `applyOnboarding` creates exactly what the plan lists;
 * `removeOnboarding` finds what Palisade created by its markers (the branch name, the
 * definition folder and name, the policy's definition id) and deletes it (an unmerged pull
 * request is abandoned; a merged file stays, and the result says so).
 *
 * Calls: 5 per repository to create (ref, push, pull request, definition, policy), 3 to 5 to
 * remove. Permissions: *Contribute* and *Create branch* (push), *Contribute to pull requests*,
 * *Edit build pipeline* (definition), *Edit policies* (build validation).
 */
import type { ThrottledClient } from '../sdk/throttledClient';

export const ONBOARDING_BRANCH = 'refs/heads/palisade/onboarding';
export const PIPELINE_FILE = '/.azure-pipelines/palisade.yml';
export const DEFINITION_FOLDER = '\\Palisade';
export const BUILD_POLICY_TYPE_ID = '0609b952-1397-4640-95ec-e00a01b2c241';
const ZERO = '0000000000000000000000000000000000000000';
const V = '7.0';

export interface OnboardingRepo {
  projectId: string;
  id: string;
  name: string;
  defaultBranch?: string;
}

export interface OnboardingAction {
  kind: 'pullRequest' | 'definition' | 'buildValidation';
  summary: string;
}

export interface RepoPlan {
  repo: OnboardingRepo;
  /** Why it is left out (empty repository...); no actions then. */
  skip?: string;
  actions: OnboardingAction[];
  yaml: string;
  definitionName: string;
  pullRequestTitle: string;
}

const branchName = (ref: string) => ref.replace(/^refs\/heads\//, '');

/** The pipeline the pull request adds: CI on the default branch, weekly, with the job token for PR feedback. */
export function pipelineYaml(defaultBranch: string): string {
  const branch = branchName(defaultBranch);
  return [
    '# Added by Palisade onboarding: scans this repository on every push to the default branch,',
    '# weekly (new advisories), and on pull requests through the branch policy "Build validation".',
    'trigger:',
    '  branches:',
    `    include: [${branch}]`,
    'pr: none   # Azure Repos runs PR builds from the build validation policy',
    'schedules:',
    "  - cron: '0 3 * * 1'",
    '    displayName: Weekly Palisade scan',
    `    branches: { include: [${branch}] }`,
    '    always: true',
    'pool:',
    '  vmImage: ubuntu-latest',
    'steps:',
    '  - checkout: self',
    '    fetchDepth: 0',
    '  - task: PalisadeScan@1',
    '    inputs:',
    '      failOn: settings',
    '    env:',
    '      SYSTEM_ACCESSTOKEN: $(System.AccessToken)',
    '',
  ].join('\n');
}

export function definitionNameFor(repoName: string): string {
  return `${repoName} security scan`;
}

/** What onboarding would create, to show before anything is created. */
export function planOnboarding(repos: readonly OnboardingRepo[]): RepoPlan[] {
  return repos.map((repo) => {
    const definitionName = definitionNameFor(repo.name);
    const pullRequestTitle = 'Add the Palisade security scan pipeline';
    if (!repo.defaultBranch) return { repo, skip: 'empty repository (no default branch): push a first commit, then onboard it', actions: [], yaml: '', definitionName, pullRequestTitle };
    const branch = branchName(repo.defaultBranch);
    return {
      repo, definitionName, pullRequestTitle, yaml: pipelineYaml(repo.defaultBranch),
      actions: [
        { kind: 'pullRequest', summary: `Branch ${branchName(ONBOARDING_BRANCH)} with ${PIPELINE_FILE}, and a pull request "${pullRequestTitle}" into ${branch}` },
        { kind: 'definition', summary: `Pipeline ${DEFINITION_FOLDER}\\${definitionName} running ${PIPELINE_FILE} (CI on ${branch}, weekly on Mondays 03:00 UTC)` },
        { kind: 'buildValidation', summary: `Branch policy on ${branch}: Build validation with that pipeline, optional (scans every pull request; the status check gate is separate)` },
      ],
    };
  });
}

export interface OnboardingResult {
  repo: OnboardingRepo;
  ok: boolean;
  created: { pullRequestId?: number; definitionId?: number; policyId?: number };
  message: string;
}

/** Creates exactly what the plans list, repository after repository; a failure stops only its repository. */
export async function applyOnboarding(client: ThrottledClient, plans: readonly RepoPlan[], onProgress?: (done: number, total: number) => void): Promise<OnboardingResult[]> {
  const out: OnboardingResult[] = [];
  const todo = plans.filter((p) => !p.skip && p.actions.length);
  for (const plan of todo) {
    const { repo } = plan;
    const created: OnboardingResult['created'] = {};
    const base = `${repo.projectId}/_apis/git/repositories/${repo.id}`;
    try {
      const kinds = new Set(plan.actions.map((a) => a.kind));
      if (kinds.has('pullRequest')) {
        const { body: refs } = await client.getJson<{ value: { name: string; objectId: string }[] }>(`${base}/refs`, { filter: `heads/${branchName(repo.defaultBranch!)}`, 'api-version': V });
        const tip = refs.value.find((r) => r.name === repo.defaultBranch)?.objectId;
        if (!tip) throw new Error(`${repo.defaultBranch} was not found`);
        await client.send('POST', `${base}/pushes`, { 'api-version': V }, {
          refUpdates: [{ name: ONBOARDING_BRANCH, oldObjectId: ZERO }],
          commits: [{ comment: plan.pullRequestTitle, parents: [tip], changes: [{ changeType: 'add', item: { path: PIPELINE_FILE }, newContent: { content: plan.yaml, contentType: 'rawtext' } }] }],
        });
        const pr = await (await client.send('POST', `${base}/pullRequests`, { 'api-version': V }, {
          sourceRefName: ONBOARDING_BRANCH, targetRefName: repo.defaultBranch, title: plan.pullRequestTitle,
          description: 'Adds the Palisade security scan pipeline (created from the Security hub). Complete this pull request to start scanning on every push and weekly; pull requests are scanned by the build validation policy.',
        })).json() as { pullRequestId: number };
        created.pullRequestId = pr.pullRequestId;
      }
      if (kinds.has('definition')) {
        const def = await (await client.send('POST', `${repo.projectId}/_apis/build/definitions`, { 'api-version': V }, {
          name: plan.definitionName, path: DEFINITION_FOLDER, description: 'Created by Palisade onboarding.',
          repository: { id: repo.id, type: 'TfsGit', name: repo.name, defaultBranch: repo.defaultBranch },
          process: { type: 2, yamlFilename: PIPELINE_FILE }, queue: { name: 'Azure Pipelines' },
        })).json() as { id: number };
        created.definitionId = def.id;
      }
      if (kinds.has('buildValidation') && created.definitionId) {
        const policy = await (await client.send('POST', `${repo.projectId}/_apis/policy/configurations`, { 'api-version': V }, {
          isEnabled: true, isBlocking: false, type: { id: BUILD_POLICY_TYPE_ID },
          settings: { buildDefinitionId: created.definitionId, displayName: 'Palisade security scan', manualQueueOnly: false, queueOnSourceUpdateOnly: true, validDuration: 0, scope: [{ repositoryId: repo.id, refName: repo.defaultBranch, matchKind: 'Exact' }] },
        })).json() as { id: number };
        created.policyId = policy.id;
      }
      out.push({ repo, ok: true, created, message: `Pull request ${created.pullRequestId} opened; pipeline ${created.definitionId} and build validation ${created.policyId} created.` });
    } catch (e) {
      out.push({ repo, ok: false, created, message: `${e instanceof Error ? e.message : String(e)} (created so far: ${JSON.stringify(created)}; remove them from the hub)` });
    }
    onProgress?.(out.length, todo.length);
  }
  return out;
}

export interface OnboardingFound {
  pullRequests: { id: number; status: string }[];
  definitionIds: number[];
  policyIds: number[];
}

/** What Palisade onboarding created for a repository, found by its markers. */
export async function findOnboarding(client: ThrottledClient, repo: OnboardingRepo): Promise<OnboardingFound> {
  const base = `${repo.projectId}/_apis/git/repositories/${repo.id}`;
  const [prs, defs, policies] = await Promise.all([
    client.getJson<{ value: { pullRequestId: number; status: string; sourceRefName: string }[] }>(`${base}/pullRequests`, { 'searchCriteria.sourceRefName': ONBOARDING_BRANCH, 'searchCriteria.status': 'all', 'api-version': V }).then((r) => r.body.value.filter((p) => p.sourceRefName === ONBOARDING_BRANCH)),
    client.getJson<{ value: { id: number; name: string; path: string }[] }>(`${repo.projectId}/_apis/build/definitions`, { repositoryId: repo.id, repositoryType: 'TfsGit', name: definitionNameFor(repo.name), 'api-version': V }).then((r) => r.body.value.filter((d) => d.path === DEFINITION_FOLDER)),
    // A project's build policies can run to many pages; the one onboarding made may be on any.
    client.allPages<{ id: number; settings?: { buildDefinitionId?: number; scope?: { repositoryId?: string }[] } }>(`${repo.projectId}/_apis/policy/configurations`, { policyType: BUILD_POLICY_TYPE_ID, 'api-version': V }).then((r) => r.items),
  ]);
  const defIds = defs.map((d) => d.id);
  return {
    pullRequests: prs.map((p) => ({ id: p.pullRequestId, status: String(p.status) })),
    definitionIds: defIds,
    policyIds: policies.filter((p) => defIds.includes(p.settings?.buildDefinitionId ?? -1) && p.settings?.scope?.some((s) => s.repositoryId === repo.id)).map((p) => p.id),
  };
}

/** Removes what onboarding created; an open pull request is abandoned, a merged file is left (said in the result). */
export async function removeOnboarding(client: ThrottledClient, repo: OnboardingRepo): Promise<string[]> {
  const found = await findOnboarding(client, repo);
  const notes: string[] = [];
  for (const id of found.policyIds) {
    await client.send('DELETE', `${repo.projectId}/_apis/policy/configurations/${id}`, { 'api-version': V }, undefined);
    notes.push(`build validation policy ${id} deleted`);
  }
  for (const id of found.definitionIds) {
    await client.send('DELETE', `${repo.projectId}/_apis/build/definitions/${id}`, { 'api-version': V }, undefined);
    notes.push(`pipeline ${id} deleted`);
  }
  for (const pr of found.pullRequests) {
    if (pr.status === 'active') {
      await client.send('PATCH', `${repo.projectId}/_apis/git/repositories/${repo.id}/pullRequests/${pr.id}`, { 'api-version': V }, { status: 'abandoned' });
      notes.push(`pull request ${pr.id} abandoned`);
    } else if (pr.status === 'completed') {
      notes.push(`pull request ${pr.id} was completed: ${PIPELINE_FILE} stays in the repository; delete it in a pull request`);
    }
  }
  return notes;
}
