import semver from 'semver';
import type { VersionOrdering } from './ordering';

/**
 * SemVer 2.0 precedence as npm implements it; used for npm, crates.io (Cargo follows SemVer
 * 2.0 precedence) and OSV ranges of type SEMVER. Loose parsing accepts a leading `v` and `=`.
 */
export const semverOrdering: VersionOrdering = {
  name: 'semver',
  valid: (v) => semver.parse(v, { loose: true }) !== null,
  compare: (a, b) => semver.compare(a, b, { loose: true }),
};

/**
 * OSV SEMVER ranges sometimes carry versions with fewer than three parts (Go's `1.19`);
 * SemVer has no such thing, so missing parts are read as zero before comparing.
 */
export const lenientSemverOrdering: VersionOrdering = {
  name: 'semver (lenient)',
  valid: (v) => padSemver(v) !== undefined,
  compare: (a, b) => semver.compare(padSemver(a) as string, padSemver(b) as string),
};

const SHORT = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?((?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/;

export function padSemver(v: string): string | undefined {
  const m = SHORT.exec(v.trim());
  if (!m) return undefined;
  const full = `${m[1]}.${m[2] ?? '0'}.${m[3] ?? '0'}${m[4]}`;
  return semver.valid(full) ?? undefined;
}
