import { compareAdvisoryIds, type OsvRecord } from './osvRecord';
import type { AdvisorySeverity } from './severity';

/**
 * Advisories about one package that are the same vulnerability under different ids (a GHSA,
 * a PYSEC and a GO- record sharing a CVE), merged so that the vulnerability is reported once.
 */
export interface AdvisoryGroup {
  /** The id the finding is named after: a GHSA id when there is one. */
  primaryId: string;
  /** Every record of the group that could be fetched, primary first. */
  records: OsvRecord[];
  /** Ids of the records in the group, plus their aliases: GHSA, then CVE, then others. */
  allIds: string[];
}

/**
 * Groups ids whose records share an id or alias (connected components). `records` lacks
 * the ids whose record could not be fetched; those stay groups of their own.
 */
export function groupAdvisories(ids: readonly string[], records: ReadonlyMap<string, OsvRecord>): AdvisoryGroup[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string) => {
    for (const x of [a, b]) if (!parent.has(x)) parent.set(x, x);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const id of ids) {
    union(id, id);
    for (const alias of records.get(id)?.aliases ?? []) union(id, alias);
  }
  const byRoot = new Map<string, string[]>();
  for (const id of ids) {
    const root = find(id);
    const list = byRoot.get(root) ?? [];
    if (!list.includes(id)) list.push(id);
    byRoot.set(root, list);
  }
  const groups: AdvisoryGroup[] = [];
  for (const members of byRoot.values()) {
    const ordered = [...members].sort(compareAdvisoryIds);
    const groupRecords = ordered.map((id) => records.get(id)).filter((r): r is OsvRecord => !!r);
    const all = new Set<string>(ordered);
    for (const r of groupRecords) for (const a of r.aliases ?? []) all.add(a);
    const allIds = [...all].sort(compareAdvisoryIds);
    groups.push({ primaryId: ordered[0], records: groupRecords, allIds });
  }
  return groups.sort((a, b) => compareAdvisoryIds(a.primaryId, b.primaryId));
}

/** What one finding says about its advisory, computed once per package and group. */
export interface AdvisoryFacts {
  ruleId: string;
  primaryId: string;
  allIds: string[];
  aliases: string[];
  summary: string;
  details?: string;
  url: string;
  severity: AdvisorySeverity;
  fixedVersions: string[];
  cwes: string[];
  /** False when the record could not be fetched: the finding then rests on the id alone. */
  detailsKnown: boolean;
}
