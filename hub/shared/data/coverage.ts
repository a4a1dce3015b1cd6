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
  /** Findings of the shown scan dismissed (triage) or suppressed (in the code, a baseline), when known. */
  dismissed?: number;
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
  /** How many are dismissed or suppressed under today's triage, with `counts`. */
  dismissed?: number;
  error?: string;
}

export function overviewRow(repo: RepoRef, input: RowInput): RepoOverviewRow {
  const settings = effectiveSettings(input.defaults?.settings, input.repoSettings?.settings);
  const counts = { ...emptyCounts(), ...(input.counts ?? input.scan?.counts ?? {}) };
  const openTotal = totalOf(counts);
  const dismissed = input.dismissed ?? input.scan?.dismissedFindings;
  let coverage: CoverageState;
  if (input.error) coverage = 'unreadable';
  // A repository disabled in Repos cannot be built, so nothing scans it whatever the setting says.
  else if (!settings.enabled || repo.isDisabled) coverage = 'disabled';
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
    ...(dismissed !== undefined ? { dismissed } : {}),
    coverage,
    note: input.error ?? (repo.isDisabled ? 'disabled in Repos' : coverage === 'looking' ? (input.build ? 'Reading the scan...' : 'Looking for scans...') : undefined),
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

/**
 * What a row's coverage says in words. A scan whose findings were all dismissed reads "No open
 * findings (12 dismissed)", and one whose build failed never reads "Scanned, 0 findings": both
 * would contradict the scan's result beside it.
 */
export function coverageLabel(row: Pick<RepoOverviewRow, 'coverage' | 'dismissed' | 'scan' | 'repo'>): string {
  if (row.coverage === 'disabled' && row.repo.isDisabled) return 'Disabled in Repos';
  if (row.coverage !== 'clean') return COVERAGE_LABELS[row.coverage];
  if (row.dismissed) return `No open findings (${row.dismissed.toLocaleString()} dismissed)`;
  if (row.scan && row.scan.outcome !== 'succeeded') return 'No open findings';
  return COVERAGE_LABELS.clean;
}

/** How the summary line words each state: what it counts, not a bare label and a number. */
const SUMMARY_WORDS: Record<Exclude<CoverageState, 'looking'>, (n: number) => string> = {
  findings: (n) => `${n.toLocaleString()} ${n === 1 ? 'repository' : 'repositories'} with open findings`,
  scanFailed: (n) => `${n.toLocaleString()} whose last scan failed`,
  unreadable: (n) => `${n.toLocaleString()} whose results cannot be read`,
  neverScanned: (n) => `${n.toLocaleString()} never scanned`,
  clean: (n) => `${n.toLocaleString()} with no open findings`,
  disabled: (n) => `${n.toLocaleString()} not scanned (scanning off)`,
};

/**
 * The overview's summary line, each part saying what it counts: "4 repositories", "1 repository
 * with open findings", "12 open findings", "1 never scanned"...
 */
export function coverageSummary(rows: readonly RepoOverviewRow[]): string[] {
  const byState = new Map<CoverageState, number>();
  for (const r of rows) byState.set(r.coverage, (byState.get(r.coverage) ?? 0) + 1);
  const open = rows.reduce((n, r) => n + (r.coverage === 'findings' || r.coverage === 'scanFailed' ? r.openTotal : 0), 0);
  const order: Array<Exclude<CoverageState, 'looking'>> = ['findings', 'scanFailed', 'unreadable', 'neverScanned', 'clean', 'disabled'];
  const parts = [`${rows.length.toLocaleString()} ${rows.length === 1 ? 'repository' : 'repositories'}`];
  for (const s of order) {
    const n = byState.get(s);
    if (!n) continue;
    parts.push(SUMMARY_WORDS[s](n));
    if (s === 'findings') parts.push(`${open.toLocaleString()} open ${open === 1 ? 'finding' : 'findings'}`);
  }
  return parts;
}

/** Orders rows for the overview: the ones needing attention first, then by name. */
export function compareOverviewRows(a: RepoOverviewRow, b: RepoOverviewRow): number {
  const rank: Record<CoverageState, number> = { scanFailed: 0, unreadable: 1, findings: 2, looking: 3, neverScanned: 4, clean: 5, disabled: 6 };
  return rank[a.coverage] - rank[b.coverage] || a.repo.name.localeCompare(b.repo.name);
}
