/**
 * Filtering and sorting of finding rows. Pure and allocation-light: the table re-runs these on
 * every keystroke over up to tens of thousands of rows, within the hub's 150 ms budget.
 */
import type { FindingKind, Severity } from '../../../tasks/contract/findings';
import type { FindingContext, FindingRow, FindingState } from './findingRows';

export interface FindingsFilter {
  text?: string;
  severities?: readonly Severity[];
  kinds?: readonly FindingKind[];
  rules?: readonly string[];
  states?: readonly FindingState[];
  contexts?: readonly FindingContext[];
}

export const DEFAULT_STATES: readonly FindingState[] = ['open'];

export function filterRows(rows: readonly FindingRow[], filter: FindingsFilter): FindingRow[] {
  const words = (filter.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const sev = filter.severities?.length ? new Set(filter.severities) : null;
  const kinds = filter.kinds?.length ? new Set(filter.kinds) : null;
  const rules = filter.rules?.length ? new Set(filter.rules) : null;
  const states = filter.states?.length ? new Set(filter.states) : null;
  const contexts = filter.contexts?.length ? new Set(filter.contexts) : null;
  const out: FindingRow[] = [];
  outer: for (const r of rows) {
    if (sev && !sev.has(r.severity)) continue;
    if (kinds && !kinds.has(r.kind)) continue;
    if (rules && !rules.has(r.ruleId)) continue;
    if (states && !states.has(r.state)) continue;
    if (contexts && !contexts.has(r.context)) continue;
    for (const w of words) if (!r.searchText.includes(w)) continue outer;
    out.push(r);
  }
  return out;
}

export const SORT_KEYS = ['severity', 'rule', 'location', 'state', 'firstSeen', 'lastSeen', 'repository'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

const STATE_ORDER: Record<FindingState, number> = { open: 0, dismissed: 1, fixed: 2 };

function text(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const COMPARERS: Record<SortKey, (a: FindingRow, b: FindingRow) => number> = {
  severity: (a, b) => a.severityRank - b.severityRank,
  rule: (a, b) => text(a.ruleId, b.ruleId),
  location: (a, b) => text(a.finding.path, b.finding.path) || a.finding.region.startLine - b.finding.region.startLine,
  state: (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state],
  // Unknown first-seen dates (history unavailable) sort last.
  firstSeen: (a, b) => text(a.finding.firstSeenAt ?? '\uffff', b.finding.firstSeenAt ?? '\uffff'),
  lastSeen: (a, b) => text(a.finding.lastSeenAt, b.finding.lastSeenAt),
  repository: (a, b) => text(a.source.repo.name.toLowerCase(), b.source.repo.name.toLowerCase()),
};

/** Sorted copy; ties fall back to severity, then location, so the order is stable and useful. */
export function sortRows(rows: readonly FindingRow[], key: SortKey, descending: boolean): FindingRow[] {
  const primary = COMPARERS[key];
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => sign * primary(a, b) || COMPARERS.severity(a, b) || COMPARERS.location(a, b) || text(a.key, b.key));
}

/** Distinct rule ids of the rows, for the rule filter. */
export function ruleIdsOf(rows: readonly FindingRow[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) seen.add(r.ruleId);
  return [...seen].sort();
}
