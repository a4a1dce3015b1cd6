/**
 * One table row per finding: the stored finding, its repository and scan, and the state the
 * admin sees, which folds in triage (dismissed) and the pipeline's own suppressions.
 */
import { severityRank, type FindingKind, type Severity } from '../../../tasks/contract/findings';
import type { DismissReason, FindingState, StoredFinding, TriageDoc } from '../../../tasks/contract/storage';
import type { RepoRef } from './model';
import { displayOf, normaliseFinding, type FindingDisplay } from './safeFinding';

export interface FindingSource {
  repo: RepoRef;
  /** `main` or `pr/42`. */
  ref: string;
  scanId?: string;
  commit?: string;
  /** Findings that came from a build's SARIF artifact: they cannot be triaged here. */
  readOnly?: boolean;
}

export interface FindingRow {
  /** Unique across repositories. */
  key: string;
  source: FindingSource;
  finding: StoredFinding;
  state: FindingState;
  /** Why it is not open: a triage reason or the pipeline's suppression. */
  dismissal?: { by: 'triage'; reason?: DismissReason; comment?: string; who: string; at: string } | { by: 'suppression'; kind: string; justification?: string };
  triage?: TriageDoc;
  severity: Severity;
  severityRank: number;
  kind: FindingKind;
  ruleId: string;
  /** Texts to show, bidi controls made visible (safeFinding.ts). */
  display: FindingDisplay;
  /** Lower-cased text the keyword filter searches. */
  searchText: string;
}

export function findingState(f: StoredFinding, triage: TriageDoc | undefined): Pick<FindingRow, 'state' | 'dismissal'> {
  if (f.state === 'fixed') return { state: 'fixed' };
  if (triage?.state === 'dismissed') {
    return { state: 'dismissed', dismissal: { by: 'triage', reason: triage.reason, comment: triage.comment, who: triage.by.displayName, at: triage.at } };
  }
  // A decision made in the hub outranks the one the pipeline applied at scan time.
  if (f.suppression && !(f.suppression.kind === 'triage' && triage?.state === 'open')) {
    return { state: 'dismissed', dismissal: { by: 'suppression', kind: f.suppression.kind, justification: f.suppression.justification } };
  }
  return { state: 'open' };
}

/** Rows for stored findings; a finding that is not even an object is left out, others are coerced to their types. */
export function buildRows(source: FindingSource, findings: readonly unknown[], triage: ReadonlyMap<string, TriageDoc>): FindingRow[] {
  const rows: FindingRow[] = [];
  for (let i = 0; i < findings.length; i++) {
    const f = normaliseFinding(findings[i], i);
    if (!f) continue;
    const t = triage.get(f.fingerprint);
    rows.push({
      key: `${source.repo.id}:${source.ref}:${f.fingerprint}`,
      source,
      finding: f,
      ...findingState(f, t),
      triage: t,
      severity: f.severity,
      severityRank: severityRank(f.severity),
      kind: f.kind,
      ruleId: f.ruleId,
      display: displayOf(f),
      searchText: `${f.message}\n${f.path}\n${f.ruleId}\n${f.preview}\n${source.repo.name}`.toLowerCase(),
    });
  }
  return rows;
}

/** The row after a triage decision, without reloading the scan. */
export function withTriage(row: FindingRow, triage: TriageDoc): FindingRow {
  return { ...row, triage, ...findingState(row.finding, triage) };
}
