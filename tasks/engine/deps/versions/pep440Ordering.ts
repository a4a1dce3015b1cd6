import { compare, valid } from '@renovatebot/pep440';
import type { VersionOrdering } from './ordering';

/** PyPI: PEP 440 ordering (epochs, pre/post/dev releases, local versions), from Renovate's implementation. */
export const pep440Ordering: VersionOrdering = {
  name: 'PEP 440',
  valid: (v) => valid(v) !== null,
  compare: (a, b) => compare(a, b),
};
