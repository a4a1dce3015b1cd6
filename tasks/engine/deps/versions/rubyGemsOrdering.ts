import { eq, lt, valid } from '@renovatebot/ruby-semver';
import type { VersionOrdering } from './ordering';

/** RubyGems: Gem::Version ordering (segments, letters mark pre-releases), from Renovate's port. */
export const rubyGemsOrdering: VersionOrdering = {
  name: 'RubyGems',
  valid: (v) => valid(v) !== null,
  compare: (a, b) => (eq(a, b) ? 0 : lt(a, b) ? -1 : 1),
};
