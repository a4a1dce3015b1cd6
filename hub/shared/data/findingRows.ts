/**
 * One table row per finding: the recorded finding, its repository and build, and the state the
 * user sees, which folds in the triage that counts (branch triage in the project's properties,
 * a PR finding's dismissal from its thread as the build recorded it) and the pipeline's own
 * suppressions.
 */
import { PATH_CONTEXTS, pathContextOf, severityRank, type FindingKind, type PathContext, type Severity } from '../../../tasks/contract/findings';
import type { TriageEntry } from '../../../tasks/contract/projectSettings';
import type { RecordedFinding } from '../../../tasks/contract/scanRecord';
import type { Dismissal, DismissalChannel, DismissReason, IgnoredDismissal } from '../../../tasks/contract/triage';
import type { RepoRef } from './model';
import { displayOf, normaliseFinding, type FindingDisplay } from './safeFinding';

export type FindingState = 'open' | 'dismissed' | 'fixed';

export interface FindingSource {
  repo: RepoRef;
  /** `main` or `pr/42`. */
  ref: string;
  buildId?: number;
  buildNumber?: string;
  scanId?: string;
  commit?: string;
  /** `unavailable`: the scan could not read earlier builds, so first-seen dates are unknown. */
  history?: 'derived' | 'unavailable';
  /** Findings of a pull request are triaged on the pull request, not here. */
  pullRequestId?: number;
  /** Findings read from a SARIF file only (no Palisade record): nothing to triage. */
  readOnly?: boolean;
}

export type RowDismissal =
  | { by: 'triage'; channel: DismissalChannel; reason?: DismissReason; comment?: string; who: string; at: string; threadId?: number }
  | { by: 'suppression'; kind: string; justification?: string };

/** Where a finding sits: in test or fixture paths, in examples and samples, or anywhere else (`code`). */
export type FindingContext = PathContext | 'code';
export const FINDING_CONTEXTS: readonly FindingContext[] = ['code', ...PATH_CONTEXTS];

export interface FindingRow {
  /** Unique across repositories. */
  key: string;
  source: FindingSource;
  finding: RecordedFinding;
  state: FindingState;
  /** Why it is not open: a triage decision or the pipeline's suppression. */
  dismissal?: RowDismissal;
  /** The branch triage entry in the project's properties, if any. */
  triage?: TriageEntry;
  /** Dismissals of this finding the build did not honour, and why. */
  ignored?: IgnoredDismissal[];
  severity: Severity;
  severityRank: number;
  kind: FindingKind;
  /** `test`, `example`: a secret in a test, fixture or example path (the scan marks it and, by default, lowers its severity). */
  context: FindingContext;
  ruleId: string;
  /** Texts to show, bidi controls made visible (safeFinding.ts). */
  display: FindingDisplay;
  /** Lower-cased text the keyword filter searches. */
  searchText: string;
}

/** What the record says about dismissals, by fingerprint. */
export interface RecordDismissals {
  /** PR-thread dismissals the build honoured. */
  pullRequest: ReadonlyMap<string, Dismissal>;
  ignored: ReadonlyMap<string, IgnoredDismissal[]>;
}

export const NO_RECORD_DISMISSALS: RecordDismissals = { pullRequest: new Map(), ignored: new Map() };

export function recordDismissals(dismissals: { honoured: readonly Dismissal[]; ignored: readonly IgnoredDismissal[] } | undefined): RecordDismissals {
  const pullRequest = new Map<string, Dismissal>();
  const ignored = new Map<string, IgnoredDismissal[]>();
  for (const d of dismissals?.honoured ?? []) if (d.channel !== 'projectTriage') pullRequest.set(d.fingerprint, d);
  for (const d of dismissals?.ignored ?? []) {
    if (!d.fingerprint) continue;
    ignored.set(d.fingerprint, [...(ignored.get(d.fingerprint) ?? []), d]);
  }
  return { pullRequest, ignored };
}

export function findingState(f: RecordedFinding, triage: TriageEntry | undefined, pr: Dismissal | undefined): Pick<FindingRow, 'state' | 'dismissal'> {
  if (f.state === 'fixed') return { state: 'fixed' };
  if (pr) return { state: 'dismissed', dismissal: { by: 'triage', channel: pr.channel, reason: pr.reason, comment: pr.comment, who: pr.by.displayName, at: pr.at, threadId: pr.threadId } };
  if (triage) return { state: 'dismissed', dismissal: { by: 'triage', channel: 'projectTriage', reason: triage.reason, comment: triage.comment, who: triage.by.displayName, at: triage.at } };
  // A triage suppression the scan applied and nobody holds any more (reopened since): open.
  if (f.suppression && f.suppression.kind !== 'triage') {
    return { state: 'dismissed', dismissal: { by: 'suppression', kind: f.suppression.kind, justification: f.suppression.justification } };
  }
  return { state: 'open' };
}

/** Rows for recorded findings; a finding that is not even an object is left out, others are coerced to their types. */
export function buildRows(
  source: FindingSource,
  findings: readonly unknown[],
  triage: ReadonlyMap<string, TriageEntry>,
  dismissals: RecordDismissals = NO_RECORD_DISMISSALS,
): FindingRow[] {
  const rows: FindingRow[] = [];
  for (let i = 0; i < findings.length; i++) {
    const f = normaliseFinding(findings[i], i);
    if (!f) continue;
    const t = triage.get(f.fingerprint);
    const ignored = dismissals.ignored.get(f.fingerprint);
    rows.push({
      key: `${source.repo.id}:${source.ref}:${f.fingerprint}`,
      source,
      finding: f,
      ...findingState(f, t, dismissals.pullRequest.get(f.fingerprint)),
      triage: t,
      ...(ignored ? { ignored } : {}),
      severity: f.severity,
      severityRank: severityRank(f.severity),
      kind: f.kind,
      context: pathContextOf(f) ?? 'code',
      ruleId: f.ruleId,
      display: displayOf(f),
      searchText: `${f.message}\n${f.path}\n${f.ruleId}\n${f.preview}\n${source.repo.name}`.toLowerCase(),
    });
  }
  return rows;
}

/** The row after a branch triage change (undefined: reopened), without reloading the scan. */
export function withTriage(row: FindingRow, entry: TriageEntry | undefined): FindingRow {
  const next: FindingRow = { ...row, triage: entry };
  if (!entry) delete next.triage;
  // A dismissal from the pull request stands whatever the branch triage says.
  if (row.dismissal?.by === 'triage' && row.dismissal.channel !== 'projectTriage') return next;
  const s = findingState(row.finding, entry, undefined);
  return { ...next, state: s.state, dismissal: s.dismissal };
}

/** Open findings by severity under the triage that holds now. */
export function openCounts(rows: readonly FindingRow[]): Record<Severity, number> {
  const c: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, note: 0 };
  for (const r of rows) if (r.state === 'open') c[r.severity]++;
  return c;
}
