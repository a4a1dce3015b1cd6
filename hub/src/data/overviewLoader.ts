/**
 * Loads what the overview shows: project settings once, every repository's summary in parallel.
 * Open counts come from the last scan; when someone triaged since, they are recounted from the
 * scan's findings so a dismissal shows at once, not after the next build.
 */
import type { DocumentStore } from '../../../tasks/contract/documentStore';
import { emptyCounts, type RefSummary, type RepoSummaryDoc, type SeverityCounts } from '../../../tasks/contract/storage';
import { mapLimit } from './concurrency';
import { overviewRow, primaryRef, totalOf, type RepoOverviewRow } from './coverage';
import { buildRows } from './findingRows';
import type { RepoRef } from './model';
import { readFindings, readProjectSettings, readSummary, readTriage, type ProjectSettingsDocs } from './storageReads';

export interface OverviewData {
  settings: ProjectSettingsDocs;
  rows: RepoOverviewRow[];
}

/** Open findings of the ref's scan with today's triage, or undefined when nothing changed since the scan. */
export async function countsAfterTriage(store: DocumentStore, repo: RepoRef, ref: RefSummary): Promise<SeverityCounts | undefined> {
  const triage = await readTriage(store, repo.id);
  if (![...triage.values()].some((t) => t.at > ref.finishedAt)) return undefined;
  const findings = await readFindings(store, repo.id, ref.scanId, ref.findingsPages);
  const counts = emptyCounts();
  for (const row of buildRows({ repo, ref: ref.ref, scanId: ref.scanId }, findings, triage)) if (row.state === 'open') counts[row.severity]++;
  return counts;
}

interface RepoState {
  summary: RepoSummaryDoc | null;
  counts?: SeverityCounts;
  error?: string;
}

export async function loadOverview(store: DocumentStore, projectId: string, repos: readonly RepoRef[], describe: (e: unknown) => string): Promise<OverviewData> {
  const [settings, states] = await Promise.all([
    readProjectSettings(store, projectId),
    // A repository whose summary cannot be read gets a row that says why; the others still load.
    mapLimit(repos, 8, async (repo): Promise<RepoState> => {
      try {
        const summary = await readSummary(store, repo.id);
        const ref = primaryRef(summary, repo);
        const counts = ref ? await countsAfterTriage(store, repo, ref).catch(() => undefined) : undefined;
        return { summary, counts };
      } catch (e) {
        return { summary: null, error: describe(e) };
      }
    }),
  ]);
  const rows = repos.map((repo, i) => {
    const row = overviewRow(repo, settings.defaults, settings.repos.get(repo.id.toLowerCase()), states[i].summary, states[i].error);
    const counts = states[i].counts;
    if (!counts) return row;
    const openTotal = totalOf(counts);
    return { ...row, counts, openTotal, coverage: row.coverage === 'findings' || row.coverage === 'clean' ? (openTotal ? 'findings' : 'clean') : row.coverage } as RepoOverviewRow;
  });
  return { settings, rows };
}
