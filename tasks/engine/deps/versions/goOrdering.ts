import semver from 'semver';
import type { VersionOrdering } from './ordering';
import { padSemver } from './semverOrdering';

/**
 * Go module versions are SemVer with a `v` prefix; pseudo-versions
 * (`v0.0.0-20210817142637-7d9622a276b7`, `v1.2.4-0.20191109021931-daa7c04131f5`) are SemVer
 * pre-releases, so plain SemVer precedence orders them by base version then timestamp.
 * Go toolchain versions (`1.21`, `1.21rc2`, `go1.22.4`) have their own spelling, rewritten
 * here to the SemVer form OSV uses for the `stdlib` and `toolchain` packages.
 */
export const goOrdering: VersionOrdering = {
  name: 'Go',
  valid: (v) => toSemver(v) !== undefined,
  compare: (a, b) => semver.compare(toSemver(a) as string, toSemver(b) as string),
};

const TOOLCHAIN = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?$/;

function toSemver(v: string): string | undefined {
  const t = TOOLCHAIN.exec(v.trim());
  if (t) {
    const pre = t[4] ? `-${t[4]}.${t[5]}` : '';
    return `${t[1]}.${t[2]}.${t[3] ?? '0'}${pre}`;
  }
  return padSemver(v);
}
