/**
 * Loads what the overview shows, progressively: every repository at once (from the Git API),
 * then which build holds its latest scan (the scan index), then that scan's summary (browser
 * cache, else the build's record), with at most MAX_CALLS_IN_FLIGHT calls at a time. Settings
 * and triage come from one read of the project's properties.
 *
 * Open counts are the record's unless branch triage changed since the scan (an entry newer than
 * the scan, or one the scan honoured is gone): then the record's findings are recounted, so a
 * dismissal shows at once, not after the next build.
 */
import type { TriageEntry } from '../../../tasks/contract/projectSettings';
import type { SeverityCounts } from '../../../tasks/contract/scanRecord';
import { overviewRow, type RepoOverviewRow } from '../../shared/data/coverage';
import { buildRows, openCounts, recordDismissals } from '../../shared/data/findingRows';
import type { HubData } from './hubData';
import type { RepoRef } from '../../shared/data/model';
import { triageOf, type ProjectState } from './projectProperties';
import { refKeyOfBuild, shownBuild, type ScanIndex } from './scanIndex';
import type { ScanSummary } from '../../shared/data/scanRecords';

export interface OverviewSnapshot {
  rows: RepoOverviewRow[];
  project: ProjectState | null;
  /** Repositories whose row is still loading. */
  pending: number;
  /** Why the settings could not be read (the rows then show built-in defaults). */
  settingsError?: string;
}

/** Branch triage changed since the scan, so its counts may be stale. */
export function triageChangedSince(scan: Pick<ScanSummary, 'finishedAt' | 'honouredTriage'>, triage: readonly TriageEntry[]): boolean {
  const now = new Set(triage.map((t) => t.fingerprint));
  if (scan.honouredTriage.some((fp) => !now.has(fp))) return true;
  const at = Date.parse(scan.finishedAt);
  return triage.some((t) => Date.parse(t.at) > at);
}

async function countsNow(data: HubData, repo: RepoRef, scan: ScanSummary, project: ProjectState): Promise<{ counts: SeverityCounts; dismissed: number } | undefined> {
  const triage = project.triage.get(repo.id.toLowerCase()) ?? [];
  if (!triageChangedSince(scan, triage)) return undefined;
  const loaded = await data.reader.record(scan.buildId);
  if (!loaded) return undefined;
  const rows = buildRows({ repo, ref: scan.branch }, loaded.file.findings, triageOf(project, repo.id), recordDismissals(loaded.file.dismissals));
  return { counts: openCounts(rows), dismissed: rows.filter((r) => r.state === 'dismissed').length };
}

interface RepoProgress {
  build?: ReturnType<typeof shownBuild> | null;
  scan?: ScanSummary;
  now?: { counts: SeverityCounts; dismissed: number };
  error?: string;
  started?: boolean;
}

/**
 * Loads the overview, calling `onUpdate` with what is known so far (at most every `everyMs`:
 * re-rendering hundreds of rows costs); resolves with the final snapshot. `isCancelled` stops
 * further work when the view goes away.
 */
export async function loadOverview(
  data: HubData,
  describe: (e: unknown) => string,
  onUpdate: (snapshot: OverviewSnapshot) => void = () => undefined,
  isCancelled: () => boolean = () => false,
  everyMs = 250,
): Promise<OverviewSnapshot> {
  const repos = data.repos;
  const progress = new Map<string, RepoProgress>(repos.map((r) => [r.id.toLowerCase(), {}]));
  let project: ProjectState | null = null;
  let projectError: unknown;

  const snapshot = (): OverviewSnapshot => {
    let pending = 0;
    const rows = repos.map((repo) => {
      const p = progress.get(repo.id.toLowerCase()) as RepoProgress;
      const row = overviewRow(repo, {
        defaults: project?.defaults,
        repoSettings: project?.repoSettings.get(repo.id.toLowerCase()),
        build: p.build,
        scan: p.scan,
        counts: p.now?.counts,
        dismissed: p.now?.dismissed,
        error: p.error,
      });
      if (row.coverage === 'looking' || (p.build && !p.scan && !p.error)) pending++;
      return row;
    });
    return { rows, project, pending, ...(projectError !== undefined ? { settingsError: describe(projectError) } : {}) };
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    if (timer !== undefined || isCancelled()) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (!isCancelled()) onUpdate(snapshot());
    }, everyMs);
  };

  const projectRead = data.projectState().then(
    (p) => {
      project = p;
      changed();
      return p;
    },
    (e: unknown) => {
      projectError = e;
      return null;
    },
  );

  const reads: Promise<void>[] = [];
  const readRepo = (repo: RepoRef, p: RepoProgress) => {
    p.started = true;
    const build = p.build;
    if (!build) return;
    reads.push(
      (async () => {
        try {
          const scan = await data.reader.summary(build.id);
          if (isCancelled()) return;
          if (!scan) {
            p.error = `Build ${build.buildNumber ?? build.id} is tagged as a Palisade scan but has no scan record (${refKeyOfBuild(build)}).`;
          } else {
            p.scan = scan;
            const proj = await projectRead;
            if (proj && !isCancelled()) p.now = await countsNow(data, repo, scan, proj).catch(() => undefined);
          }
        } catch (e) {
          p.error = describe(e);
        }
        changed();
      })(),
    );
  };

  const onIndex = (index: ScanIndex) => {
    for (const repo of repos) {
      const p = progress.get(repo.id.toLowerCase()) as RepoProgress;
      const scans = index.repos.get(repo.id.toLowerCase());
      if (p.started || !scans?.resolved) continue;
      p.build = shownBuild(scans) ?? null;
      readRepo(repo, p);
    }
    changed();
  };
  try {
    await data.scanIndex(onIndex);
  } finally {
    data.stopListening(onIndex);
  }
  await Promise.all(reads);
  await projectRead;
  if (timer !== undefined) clearTimeout(timer);
  // Saved now rather than a moment later: the user may close the page as soon as it shows.
  data.reader.cache.flush();
  return snapshot();
}
