/**
 * Which pull-request iteration this build scanned. A push to the PR while the build waits or
 * runs adds a newer iteration; a status posted on the newest one would vouch for code this
 * build never saw. The build's source commit (`System.PullRequest.SourceCommitId`) is matched
 * against the iterations' `sourceRefCommit`; without it, `Build.SourceVersion` (the merge commit
 * `refs/pull/N/merge` pointed at when the build was queued) is matched directly or through its
 * parents (target first, then the PR's source).
 */
import type { GitPullRequestIteration } from 'azure-devops-node-api/interfaces/GitInterfaces';

export interface BuildCommits {
  /** System.PullRequest.SourceCommitId: the PR's source branch commit this build merged. */
  sourceCommitId?: string;
  /** Build.SourceVersion: the merge commit, or the source commit when the PR branch itself was built. */
  sourceVersion?: string;
  /** Parents of Build.SourceVersion, read only when needed. */
  parents?: () => Promise<string[] | undefined>;
}

export interface IterationChoice {
  /** The iteration this build scanned; undefined when none matches (then no status is posted). */
  iterationId?: number;
  latestIterationId: number;
  /** How it was found, for the log. */
  how: 'sourceCommit' | 'sourceVersion' | 'mergeParent' | 'none';
}

const same = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

export async function chooseIteration(iterations: readonly GitPullRequestIteration[], build: BuildCommits): Promise<IterationChoice> {
  const sorted = [...iterations].filter((i) => typeof i.id === 'number').sort((a, b) => (b.id ?? 0) - (a.id ?? 0));
  const latestIterationId = sorted[0]?.id ?? 0;
  // Newest first: a commit pushed twice (force-push back) belongs to its latest iteration.
  const bySource = (commit: string | undefined) => sorted.find((i) => same(i.sourceRefCommit?.commitId, commit))?.id;
  if (build.sourceCommitId) {
    const id = bySource(build.sourceCommitId);
    return id ? { iterationId: id, latestIterationId, how: 'sourceCommit' } : { latestIterationId, how: 'none' };
  }
  const direct = bySource(build.sourceVersion);
  if (direct) return { iterationId: direct, latestIterationId, how: 'sourceVersion' };
  if (build.sourceVersion && build.parents) {
    const parents = (await build.parents()) ?? [];
    // A merge commit's second parent is the PR's source commit.
    for (const parent of parents.slice(1)) {
      const id = bySource(parent);
      if (id) return { iterationId: id, latestIterationId, how: 'mergeParent' };
    }
  }
  return { latestIterationId, how: 'none' };
}
