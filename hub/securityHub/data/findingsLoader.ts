/**
 * Loads the findings the Findings tab shows: for one repository or all, the record of the
 * newest scan build of the chosen branch or pull request (default: the build the overview
 * shows), joined with the triage that counts: branch triage from the project's properties and,
 * for a pull request, the dismissals its build honoured from the PR's threads.
 */
import type { BuildQuery, ScanBuild } from '../../shared/services/hubServices';
import { mapLimit } from '../../shared/data/concurrency';
import { buildRows, recordDismissals, type FindingRow, type FindingSource } from '../../shared/data/findingRows';
import type { HubData } from './hubData';
import type { RepoRef } from '../../shared/data/model';
import { triageOf, type ProjectState } from './projectProperties';
import { prOfBranch, refKeyOfBuild, shownBuild } from './scanIndex';

export interface RefWanted {
  branch?: string;
  pr?: number;
}

export interface RepoFindings {
  repo: RepoRef;
  rows: FindingRow[];
  /** What was shown for this repository, or why nothing was. */
  source?: FindingSource;
  /** Branches and PRs with recent scans, for the filters. */
  branches: string[];
  prs: number[];
  note?: { kind: 'noScan' | 'noRef' | 'history' | 'error'; text: string };
}

export interface FindingsData {
  repos: RepoFindings[];
  rows: FindingRow[];
  branches: string[];
  prs: number[];
  project: ProjectState | null;
  /** Why branch triage could not be read (findings then show as the scan left them). */
  triageError?: string;
}

/** Recent scan builds a repository's filters offer. */
export const RECENT_BUILDS_FOR_FILTERS = 50;

function queryFor(repo: RepoRef, wanted: RefWanted): BuildQuery | undefined {
  if (wanted.pr) return { repoId: repo.id, branch: `refs/pull/${wanted.pr}/merge`, top: 1 };
  if (wanted.branch) return { repoId: repo.id, branch: `refs/heads/${wanted.branch}`, top: 1 };
  return undefined;
}

async function buildFor(data: HubData, repo: RepoRef, wanted: RefWanted, useIndex: boolean): Promise<ScanBuild | undefined> {
  const list = (q: BuildQuery) => data.limiter.run(() => data.services.listScanBuilds(q));
  const direct = queryFor(repo, wanted);
  if (direct) return (await list(direct)).builds[0];
  if (useIndex) return shownBuild((await data.scanIndex()).repos.get(repo.id.toLowerCase()));
  if (repo.defaultBranch) {
    const onDefault = (await list({ repoId: repo.id, branch: repo.defaultBranch, top: 1 })).builds[0];
    if (onDefault) return onDefault;
  }
  const recent = (await list({ repoId: repo.id, top: 10 })).builds;
  return recent.find((b) => prOfBranch(b.sourceBranch) === undefined) ?? recent[0];
}

async function refsOf(data: HubData, repo: RepoRef): Promise<{ branches: string[]; prs: number[] }> {
  const { builds } = await data.limiter.run(() => data.services.listScanBuilds({ repoId: repo.id, top: RECENT_BUILDS_FOR_FILTERS }));
  const branches = new Set<string>();
  const prs = new Set<number>();
  for (const b of builds) {
    const pr = prOfBranch(b.sourceBranch);
    if (pr !== undefined) prs.add(pr);
    else branches.add(refKeyOfBuild(b));
  }
  return { branches: [...branches].sort(), prs: [...prs].sort((a, b) => b - a) };
}

export async function loadRepoFindings(
  data: HubData,
  repo: RepoRef,
  wanted: RefWanted,
  project: Promise<ProjectState | null>,
  describe: (e: unknown) => string,
  options: { useIndex: boolean; listRefs: boolean },
): Promise<RepoFindings> {
  let refs = { branches: [] as string[], prs: [] as number[] };
  try {
    const [build, listed] = await Promise.all([buildFor(data, repo, wanted, options.useIndex), options.listRefs ? refsOf(data, repo) : Promise.resolve(refs)]);
    refs = listed;
    if (!build) {
      if (wanted.pr || wanted.branch) {
        const what = wanted.pr ? `pull request ${wanted.pr}` : `branch ${wanted.branch}`;
        return { repo, rows: [], ...refs, note: { kind: 'noRef', text: `${repo.name} has no scan of ${what}.` } };
      }
      return { repo, rows: [], ...refs, note: { kind: 'noScan', text: `${repo.name} has not been scanned yet: no build of it carries a Palisade scan.` } };
    }
    const loaded = await data.reader.record(build.id);
    if (!loaded) return { repo, rows: [], ...refs, note: { kind: 'error', text: `${repo.name}: build ${build.buildNumber ?? build.id} carries no readable scan record.` } };
    const scan = loaded.file.scan;
    const source: FindingSource = {
      repo, ref: scan.branch, buildId: loaded.summary.buildId, buildNumber: scan.buildNumber ?? build.buildNumber, scanId: scan.scanId, commit: scan.commit,
      history: scan.history, ...(scan.pullRequestId !== undefined ? { pullRequestId: scan.pullRequestId } : {}),
    };
    const rows = buildRows(source, loaded.file.findings, triageOf((await project) ?? undefined, repo.id), recordDismissals(loaded.file.dismissals));
    const note = scan.history === 'unavailable'
      ? { kind: 'history' as const, text: `${repo.name}: this scan could not read earlier builds, so first-seen dates and "new" are unknown for it.` }
      : undefined;
    return { repo, rows, source, ...refs, ...(note ? { note } : {}) };
  } catch (e) {
    return { repo, rows: [], ...refs, note: { kind: 'error', text: `${repo.name}: ${describe(e)}` } };
  }
}

export async function loadFindings(data: HubData, repos: readonly RepoRef[], wanted: RefWanted, describe: (e: unknown) => string): Promise<FindingsData> {
  const single = repos.length === 1;
  // Settings and triage load beside the records; a failed read shows findings without branch triage.
  let triageError: string | undefined;
  const project = data.projectState().catch((e: unknown) => {
    triageError = `Branch triage could not be read (${describe(e)}); findings show as their scan left them.`;
    return null;
  });
  // One repository: ask about it directly (and list its refs for the filters); all: reuse the overview's index.
  const perRepo = await mapLimit(repos, 8, (repo) => loadRepoFindings(data, repo, wanted, project, describe, { useIndex: !single, listRefs: single }));
  const rows: FindingRow[] = [];
  const branches = new Set<string>();
  const prs = new Set<number>();
  for (const r of perRepo) {
    for (const row of r.rows) rows.push(row);
    r.branches.forEach((b) => branches.add(b));
    r.prs.forEach((p) => prs.add(p));
  }
  return { repos: perRepo, rows, branches: [...branches].sort(), prs: [...prs].sort((a, b) => b - a), project: await project, ...(triageError ? { triageError } : {}) };
}
