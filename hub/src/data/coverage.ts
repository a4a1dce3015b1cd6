/**
 * The overview's row per repository: whether scanning is on, what the last scan said and a
 * coverage state that keeps "scanned, nothing found" apart from "never scanned" and "disabled".
 */
import { SEVERITIES } from '../../../tasks/contract/findings';
import { effectiveSettings, emptyCounts, type ProjectDefaultsDoc, type RefSummary, type RepoSettingsDoc, type RepoSummaryDoc, type ScanOutcome, type ScanSettings, type SeverityCounts } from '../../../tasks/contract/storage';
import { shortBranch, type RepoRef } from './model';

export type CoverageState =
  /** Scanning switched off in the settings. */
  | 'disabled'
  /** Enabled, but no scan was ever published (and no SARIF artifact found). */
  | 'neverScanned'
  /** Last scan of the default ref found nothing open. */
  | 'clean'
  /** Last scan of the default ref has open findings. */
  | 'findings'
  /** The last scan could not complete. */
  | 'scanFailed'
  /** Nothing in storage, but the latest build published a SARIF artifact (read-only). */
  | 'sarifOnly'
  /** The summary could not be read (permission, newer data version...). */
  | 'unreadable';

export interface RepoOverviewRow {
  repo: RepoRef;
  settings: ScanSettings;
  /** The repository has its own settings document. */
  hasOverrides: boolean;
  summary: RepoSummaryDoc | null;
  /** The ref shown: the summary's default ref, else the repository's default branch if scanned, else the newest. */
  lastScan?: RefSummary;
  counts: SeverityCounts;
  openTotal: number;
  coverage: CoverageState;
  /** Why the row is unreadable, or a note on a SARIF-only row. */
  note?: string;
}

/** The scan the overview shows for a repository. */
export function primaryRef(summary: RepoSummaryDoc | null, repo: RepoRef): RefSummary | undefined {
  if (!summary) return undefined;
  const refs = summary.refs ?? {};
  if (summary.defaultRef && refs[summary.defaultRef]) return refs[summary.defaultRef];
  const branch = shortBranch(repo.defaultBranch);
  if (branch && refs[branch]) return refs[branch];
  const branches = Object.values(refs).filter((r) => !r.ref.startsWith('pr/'));
  const pool = branches.length ? branches : Object.values(refs);
  return pool.sort((a, b) => Date.parse(b.finishedAt) - Date.parse(a.finishedAt))[0];
}

const FAILED: readonly ScanOutcome[] = ['error'];

export function coverageOf(enabled: boolean, ref: RefSummary | undefined, openTotal: number): CoverageState {
  if (!enabled) return 'disabled';
  if (!ref) return 'neverScanned';
  if (FAILED.includes(ref.outcome)) return 'scanFailed';
  return openTotal > 0 ? 'findings' : 'clean';
}

export function totalOf(counts: SeverityCounts): number {
  return SEVERITIES.reduce((n, s) => n + (counts[s] ?? 0), 0);
}

export function overviewRow(
  repo: RepoRef,
  defaults: ProjectDefaultsDoc | null,
  repoSettings: RepoSettingsDoc | undefined,
  summary: RepoSummaryDoc | null,
  unreadable?: string,
): RepoOverviewRow {
  const settings = effectiveSettings(defaults, repoSettings);
  const lastScan = primaryRef(summary, repo);
  const counts = { ...emptyCounts(), ...(lastScan?.counts ?? {}) };
  const openTotal = totalOf(counts);
  return {
    repo,
    settings,
    hasOverrides: !!repoSettings,
    summary,
    lastScan,
    counts,
    openTotal,
    coverage: unreadable ? 'unreadable' : coverageOf(settings.enabled, lastScan, openTotal),
    note: unreadable,
  };
}

export const COVERAGE_LABELS: Record<CoverageState, string> = {
  disabled: 'Disabled',
  neverScanned: 'Never scanned',
  clean: 'Scanned, 0 findings',
  findings: 'Open findings',
  scanFailed: 'Last scan failed',
  sarifOnly: 'From build artifact',
  unreadable: 'Cannot read results',
};

/** Orders rows for the overview: the ones needing attention first, then by name. */
export function compareOverviewRows(a: RepoOverviewRow, b: RepoOverviewRow): number {
  const rank: Record<CoverageState, number> = { scanFailed: 0, unreadable: 1, findings: 2, sarifOnly: 3, neverScanned: 4, clean: 5, disabled: 6 };
  return rank[a.coverage] - rank[b.coverage] || a.repo.name.localeCompare(b.repo.name);
}
