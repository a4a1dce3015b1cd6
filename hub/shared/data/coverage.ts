/**
 * The overview's row per repository: whether scanning is on, what the last scan said and a
 * coverage state that keeps "scanned, nothing found" apart from "never scanned" and "disabled".
 */
import { SEVERITIES } from '../../../tasks/contract/findings';
import { effectiveSettings, type ScanSettings, type SettingsProperty } from '../../../tasks/contract/projectSettings';
import { emptyCounts, type ScanOutcome, type SeverityCounts } from '../../../tasks/contract/scanRecord';
import type { ScanBuild } from '../services/hubServices';
import type { RepoRef } from './model';
import type { ScanSummary } from './scanRecords';

export type CoverageState =
  /** Scanning switched off in the settings. */
  | 'disabled'
  /** Still looking for the repository's latest scan build, or reading its record. */
  | 'looking'
  /** Enabled, but no build of the repository carries a Palisade scan. */
  | 'neverScanned'
  /** Last scan of the shown ref found nothing open. */
  | 'clean'
  /** Last scan of the shown ref has open findings. */
  | 'findings'
  /** The last scan could not complete. */
  | 'scanFailed'
  /** The scan record could not be read (permission, newer data version...). */
  | 'unreadable';

export interface RepoOverviewRow {
  repo: RepoRef;
  settings: ScanSettings;
  /** The repository has its own settings property. */
  hasOverrides: boolean;
  /** The build whose scan is shown. */
  build?: ScanBuild;
  /** Its record's summary, once read. */
  scan?: ScanSummary;
  counts: SeverityCounts;
  openTotal: number;
  coverage: CoverageState;
  /** Why the row is unreadable, or what is being done. */
  note?: string;
}

const FAILED: readonly ScanOutcome[] = ['error'];

export function coverageOf(enabled: boolean, scan: Pick<ScanSummary, 'outcome'> | undefined, openTotal: number): CoverageState {
  if (!enabled) return 'disabled';
  if (!scan) return 'neverScanned';
  if (FAILED.includes(scan.outcome)) return 'scanFailed';
  return openTotal > 0 ? 'findings' : 'clean';
}

export function totalOf(counts: SeverityCounts): number {
  return SEVERITIES.reduce((n, s) => n + (counts[s] ?? 0), 0);
}

export interface RowInput {
  defaults?: SettingsProperty | null;
  repoSettings?: SettingsProperty;
  /** undefined while the index has not resolved the repository. */
  build?: ScanBuild | null;
  scan?: ScanSummary;
  /** Open counts under today's triage, when they differ from the record's. */
  counts?: SeverityCounts;
  error?: string;
}

export function overviewRow(repo: RepoRef, input: RowInput): RepoOverviewRow {
  const settings = effectiveSettings(input.defaults?.settings, input.repoSettings?.settings);
  const counts = { ...emptyCounts(), ...(input.counts ?? input.scan?.counts ?? {}) };
  const openTotal = totalOf(counts);
  let coverage: CoverageState;
  if (input.error) coverage = 'unreadable';
  else if (!settings.enabled) coverage = 'disabled';
  else if (input.build === undefined || (input.build && !input.scan)) coverage = 'looking';
  else coverage = coverageOf(true, input.scan, openTotal);
  return {
    repo,
    settings,
    hasOverrides: !!input.repoSettings,
    ...(input.build ? { build: input.build } : {}),
    ...(input.scan ? { scan: input.scan } : {}),
    counts,
    openTotal,
    coverage,
    note: input.error ?? (coverage === 'looking' ? (input.build ? 'Reading the scan...' : 'Looking for scans...') : undefined),
  };
}

export const COVERAGE_LABELS: Record<CoverageState, string> = {
  disabled: 'Disabled',
  looking: 'Loading',
  neverScanned: 'Never scanned',
  clean: 'Scanned, 0 findings',
  findings: 'Open findings',
  scanFailed: 'Last scan failed',
  unreadable: 'Cannot read results',
};

/** Orders rows for the overview: the ones needing attention first, then by name. */
export function compareOverviewRows(a: RepoOverviewRow, b: RepoOverviewRow): number {
  const rank: Record<CoverageState, number> = { scanFailed: 0, unreadable: 1, findings: 2, looking: 3, neverScanned: 4, clean: 5, disabled: 6 };
  return rank[a.coverage] - rank[b.coverage] || a.repo.name.localeCompare(b.repo.name);
}
