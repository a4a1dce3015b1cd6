import semver from 'semver';
import { matchRecord } from './affected';
import type { AdvisoryFacts, AdvisoryGroup } from './advisoryGroups';
import type { Provenance } from './graph';
import type { Ecosystem, PackageRef } from './types';
import { ecosystemOrdering } from './versions';

/** What to do about one vulnerable package version, all its advisories at once. */
export interface FixPlan {
  /** The smallest published version above the installed one that no advisory affects. */
  version?: string;
  /** Advisories with no fixed version at all (then `version` is undefined). */
  unfixed: string[];
  /** Moving to `version` crosses a major version (or a 0.x minor, where SemVer says that breaks). */
  major?: boolean;
  /** For a transitive package: whether its parent's declared range already admits `version`. */
  withinParentRange?: boolean;
}

/**
 * The smallest version that fixes every advisory: each fixed version the advisories name is
 * a candidate, tried in ascending order (per the ecosystem's ordering) against every record
 * of every advisory; the first one none of them affects wins. A candidate inside another
 * advisory's later range is passed over, which a plain "highest fix" would miss.
 */
export function planFix(pkg: PackageRef, groups: readonly AdvisoryGroup[], facts: readonly AdvisoryFacts[], prov?: Provenance): FixPlan {
  const ordering = ecosystemOrdering(pkg.ecosystem);
  const unfixed = facts.filter((f) => f.fixedVersions.length === 0).map((f) => f.primaryId);
  if (unfixed.length) return { unfixed };
  const installedValid = ordering.valid(pkg.version);
  const candidates = [...new Set(facts.flatMap((f) => f.fixedVersions))]
    .filter((v) => ordering.valid(v) && (!installedValid || ordering.compare(v, pkg.version) > 0))
    .sort((a, b) => ordering.compare(a, b));
  const version = candidates.find((c) =>
    groups.every((g, i) => {
      // Without the records (not fetched) only the advisory's own fixed versions can be trusted.
      if (!g.records.length) return facts[i].fixedVersions.some((f) => ordering.valid(f) && ordering.compare(c, f) >= 0);
      return g.records.every((r) => matchRecord(r, { ecosystem: pkg.ecosystem, name: pkg.name, version: c }).affected !== true);
    }),
  );
  if (!version) return { unfixed: [] };
  const plan: FixPlan = { version, unfixed: [], major: isMajorUpgrade(pkg.ecosystem, pkg.version, version) };
  if (prov && !prov.direct && prov.parentRange && (pkg.ecosystem === 'npm' || pkg.ecosystem === 'crates.io')) {
    const range = prov.parentRange.replace(/^npm:/, '');
    if (semver.validRange(range)) plan.withinParentRange = semver.satisfies(version, range, { includePrerelease: true });
  }
  return plan;
}

/**
 * Whether `to` is a breaking upgrade from `from`: a different first number, or for SemVer
 * ecosystems (npm, crates.io, Go) a different minor while the major is 0.
 */
export function isMajorUpgrade(ecosystem: Ecosystem, from: string, to: string): boolean | undefined {
  const parts = (v: string) => /^v?(\d+)(?:\.(\d+))?/.exec(v.trim())?.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const a = parts(from);
  const b = parts(to);
  if (!a || !b) return undefined;
  if (a[0] !== b[0]) return true;
  const zeroMinorBreaks = ecosystem === 'npm' || ecosystem === 'crates.io' || ecosystem === 'Go';
  return zeroMinorBreaks && a[0] === 0 && a[1] !== b[1];
}
