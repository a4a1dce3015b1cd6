/**
 * Which build holds each repository's latest scan: the project's completed builds tagged
 * `palisade`, newest finish first, read page by page with the user's token. A repository's
 * shown scan is its newest build of the default branch, else of any branch, else of a pull
 * request. Paging stops when the list ends (every repository is then known, scanned or not) or
 * at MAX_INDEX_PAGES; repositories still unresolved then get one or two build queries of their
 * own, so a project of any size costs a bounded number of calls.
 */
import type { BuildPage, BuildQuery, ScanBuild } from '../../shared/services/hubServices';
import { mapLimit } from '../../shared/data/concurrency';
import { shortBranch, type RepoRef } from '../../shared/data/model';

export const INDEX_PAGE_SIZE = 200;
export const MAX_INDEX_PAGES = 10;

export interface RepoScans {
  /** Newest scan build of the repository's default branch. */
  defaultBranch?: ScanBuild;
  /** Newest scan build of any branch (not a pull request). */
  branch?: ScanBuild;
  /** Newest scan build of anything. */
  any?: ScanBuild;
  /** All builds of the project were looked through, or this repository was asked about directly. */
  resolved: boolean;
}

export interface ScanIndex {
  /** By lower-cased repository id. */
  repos: Map<string, RepoScans>;
  pagesRead: number;
  /** Every repository is resolved. */
  complete: boolean;
}

export type ListBuilds = (query: BuildQuery) => Promise<BuildPage>;

const PR_REF = /^refs\/pull\/(\d+)\//;

export function prOfBranch(sourceBranch: string | undefined): number | undefined {
  const m = PR_REF.exec(sourceBranch ?? '');
  return m ? Number(m[1]) : undefined;
}

/** `main`, or `pr/42` for a pull request build. */
export function refKeyOfBuild(build: Pick<ScanBuild, 'sourceBranch'>): string {
  const pr = prOfBranch(build.sourceBranch);
  return pr !== undefined ? `pr/${pr}` : shortBranch(build.sourceBranch) ?? 'unknown';
}

/** The build the overview shows for a repository. */
export function shownBuild(scans: RepoScans | undefined): ScanBuild | undefined {
  return scans?.defaultBranch ?? scans?.branch ?? scans?.any;
}

function note(scans: RepoScans, repo: RepoRef | undefined, b: ScanBuild): void {
  // Builds arrive newest first: the first of each kind wins.
  scans.any ??= b;
  if (prOfBranch(b.sourceBranch) !== undefined) return;
  scans.branch ??= b;
  if (repo?.defaultBranch && b.sourceBranch === repo.defaultBranch) scans.defaultBranch ??= b;
}

/**
 * Builds the index, calling `onProgress` after every page and direct query so the overview can
 * render what it knows. The caller bounds the calls in flight (`list` is limited).
 */
export async function loadScanIndex(
  list: ListBuilds,
  repos: readonly RepoRef[],
  onProgress?: (index: ScanIndex) => void,
): Promise<ScanIndex> {
  const byId = new Map(repos.map((r) => [r.id.toLowerCase(), r]));
  const index: ScanIndex = { repos: new Map(repos.map((r) => [r.id.toLowerCase(), { resolved: false }])), pagesRead: 0, complete: false };
  const settled = () => [...index.repos.entries()].every(([id, s]) => s.resolved || (!!s.defaultBranch && !!byId.get(id)?.defaultBranch));

  let token: string | undefined;
  do {
    const page = await list({ top: INDEX_PAGE_SIZE, continuationToken: token });
    index.pagesRead++;
    for (const b of page.builds) {
      const id = b.repoId?.toLowerCase();
      const scans = id ? index.repos.get(id) : undefined;
      if (scans) note(scans, byId.get(id as string), b);
    }
    token = page.continuationToken;
    if (!token) for (const s of index.repos.values()) s.resolved = true;
    // A repository whose default branch was found needs nothing older.
    for (const [id, s] of index.repos) if (s.defaultBranch && byId.get(id)?.defaultBranch) s.resolved = true;
    onProgress?.(index);
  } while (token && !settled() && index.pagesRead < MAX_INDEX_PAGES);

  const unresolved = [...index.repos.entries()].filter(([, s]) => !s.resolved);
  await mapLimit(unresolved, 16, async ([id, scans]) => {
    const repo = byId.get(id) as RepoRef;
    if (repo.defaultBranch) {
      const found = (await list({ repoId: repo.id, branch: repo.defaultBranch, top: 1 })).builds[0];
      if (found) note(scans, repo, found);
    }
    if (!scans.defaultBranch) {
      for (const b of (await list({ repoId: repo.id, top: 1 })).builds) note(scans, repo, b);
    }
    scans.resolved = true;
    onProgress?.(index);
  });
  index.complete = true;
  return index;
}
