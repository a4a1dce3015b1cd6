import type { Ecosystem } from '../types';
import { goOrdering } from './goOrdering';
import { mavenOrdering } from './mavenOrdering';
import { nugetOrdering } from './nugetOrdering';
import type { VersionOrdering } from './ordering';
import { packagistOrdering } from './packagistOrdering';
import { pep440Ordering } from './pep440Ordering';
import { rubyGemsOrdering } from './rubyGemsOrdering';
import { lenientSemverOrdering, semverOrdering } from './semverOrdering';

export type { VersionOrdering } from './ordering';

const BY_ECOSYSTEM: Record<Ecosystem, VersionOrdering> = {
  npm: semverOrdering,
  'crates.io': semverOrdering,
  Go: goOrdering,
  NuGet: nugetOrdering,
  PyPI: pep440Ordering,
  Maven: mavenOrdering,
  RubyGems: rubyGemsOrdering,
  Packagist: packagistOrdering,
};

/** The order an ECOSYSTEM range of this ecosystem is read in. */
export function ecosystemOrdering(ecosystem: Ecosystem): VersionOrdering {
  return BY_ECOSYSTEM[ecosystem];
}

/**
 * The order a range is read in: SEMVER ranges use SemVer whatever the ecosystem (Go's use
 * its own spelling of SemVer), ECOSYSTEM ranges the ecosystem's; GIT ranges name commits,
 * which no version string can be placed among, so they get none.
 */
export function rangeOrdering(rangeType: string, ecosystem: Ecosystem): VersionOrdering | undefined {
  if (rangeType === 'SEMVER') return ecosystem === 'Go' ? goOrdering : lenientSemverOrdering;
  if (rangeType === 'ECOSYSTEM') return ecosystemOrdering(ecosystem);
  return undefined;
}
