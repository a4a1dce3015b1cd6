import { normalizePackageName } from './names';
import type { OsvAffected, OsvRange, OsvRecord } from './osvRecord';
import type { Ecosystem } from './types';
import { ecosystemOrdering, rangeOrdering, type VersionOrdering } from './versions';

export interface PackageVersion {
  ecosystem: Ecosystem;
  name: string;
  version: string;
}

export interface AffectedMatch {
  /** True or false when the record decides it; undefined when it cannot be told (version unreadable, GIT-only ranges). */
  affected: boolean | undefined;
  /** The fixed versions that end the ranges containing the version (empty: no fix published). */
  fixed: string[];
  /** Every fixed version the record names for this package, for when the containing range is unknown. */
  allFixed: string[];
  /** The record's entries for this package. */
  entries: OsvAffected[];
}

/** The record's `affected` entries that name this package (ecosystem suffixes like `:v3.18` ignored). */
export function entriesFor(record: OsvRecord, ecosystem: Ecosystem, name: string): OsvAffected[] {
  const wanted = normalizePackageName(ecosystem, name);
  return (record.affected ?? []).filter(
    (a) => a.package && a.package.ecosystem.split(':')[0] === ecosystem && normalizePackageName(ecosystem, a.package.name) === wanted,
  );
}

/** Whether an OSV record affects a package version, per the OSV schema's evaluation rules. */
export function matchRecord(record: OsvRecord, pkg: PackageVersion): AffectedMatch {
  const entries = entriesFor(record, pkg.ecosystem, pkg.name);
  const fixed = new Set<string>();
  const allFixed = new Set<string>();
  let affected: boolean | undefined = entries.length ? false : undefined;
  let undecided = false;
  const eco = ecosystemOrdering(pkg.ecosystem);
  for (const entry of entries) {
    for (const v of entry.versions ?? []) {
      if (v === pkg.version || (eco.valid(v) && eco.valid(pkg.version) && eco.compare(v, pkg.version) === 0)) affected = true;
    }
    for (const range of entry.ranges ?? []) {
      for (const e of range.events) if (e.fixed !== undefined) allFixed.add(e.fixed);
      const ordering = rangeOrdering(range.type, pkg.ecosystem);
      if (!ordering || !ordering.valid(pkg.version)) {
        // A GIT range or an unreadable version: the `versions` list, if any, is all we can use.
        if (!entry.versions?.length) undecided = true;
        continue;
      }
      const r = evaluateRange(range, pkg.version, ordering);
      if (r.affected) {
        affected = true;
        if (r.fixed !== undefined) fixed.add(r.fixed);
      }
    }
  }
  if (affected === false && undecided) affected = undefined;
  return { affected, fixed: [...fixed], allFixed: [...allFixed], entries };
}

interface RangeResult {
  affected: boolean;
  /** The fixed event that closes the interval holding the version. */
  fixed?: string;
}

type Event = { kind: 'introduced' | 'fixed' | 'last_affected' | 'limit'; version: string };

/**
 * Walks the range's events in version order, the way the OSV schema specifies: `introduced`
 * opens an affected interval, `fixed` closes it before that version, `last_affected` after
 * it; `limit` caps the whole range. `introduced: "0"` means "from the first version".
 */
export function evaluateRange(range: OsvRange, version: string, ordering: VersionOrdering): RangeResult {
  const events: Event[] = [];
  const limits: string[] = [];
  for (const e of range.events) {
    if (e.introduced !== undefined) events.push({ kind: 'introduced', version: e.introduced });
    else if (e.fixed !== undefined) events.push({ kind: 'fixed', version: e.fixed });
    else if (e.last_affected !== undefined) events.push({ kind: 'last_affected', version: e.last_affected });
    else if (e.limit !== undefined) limits.push(e.limit);
  }
  const usable = events.filter((e) => isZero(e) || ordering.valid(e.version));
  usable.sort((a, b) => (isZero(a) ? (isZero(b) ? 0 : -1) : isZero(b) ? 1 : ordering.compare(a.version, b.version)));
  let affected = false;
  let openedAt = -1;
  for (let i = 0; i < usable.length; i++) {
    const e = usable[i];
    if (e.kind === 'introduced') {
      if (isZero(e) || ordering.compare(version, e.version) >= 0) {
        affected = true;
        openedAt = i;
      }
    } else if (e.kind === 'fixed') {
      if (ordering.compare(version, e.version) >= 0) affected = false;
    } else if (ordering.compare(version, e.version) > 0) {
      affected = false;
    }
  }
  for (const l of limits) {
    if (l !== '*' && ordering.valid(l) && ordering.compare(version, l) >= 0) affected = false;
  }
  if (!affected) return { affected };
  const closing = usable.slice(openedAt + 1).find((e) => e.kind === 'fixed' || e.kind === 'last_affected');
  return { affected, fixed: closing?.kind === 'fixed' ? closing.version : undefined };
}

function isZero(e: Event): boolean {
  return e.kind === 'introduced' && e.version === '0';
}
