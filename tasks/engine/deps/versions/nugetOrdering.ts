import { sign, type VersionOrdering } from './ordering';

/**
 * NuGet version precedence (NuGet.Versioning): up to four numeric parts, missing ones zero
 * (`1.0` = `1.0.0.0`), leading zeros allowed; a release sorts after its pre-releases;
 * pre-release labels compare part by part, case-insensitively, numbers numerically and
 * before text; build metadata after `+` is ignored. No library implements this for Node.
 */
export const nugetOrdering: VersionOrdering = {
  name: 'NuGet',
  valid: (v) => parse(v) !== undefined,
  compare: (a, b) => compareParsed(parse(a) as NuGetVersion, parse(b) as NuGetVersion),
};

interface NuGetVersion {
  parts: [number, number, number, number];
  release: string[];
}

const NUGET = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]*)?$/;

function parse(v: string): NuGetVersion | undefined {
  const m = NUGET.exec(v.trim());
  if (!m) return undefined;
  const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
  return { parts: [n(m[1]), n(m[2]), n(m[3]), n(m[4])], release: m[5] ? m[5].split('.') : [] };
}

function compareParsed(a: NuGetVersion, b: NuGetVersion): number {
  for (let i = 0; i < 4; i++) if (a.parts[i] !== b.parts[i]) return sign(a.parts[i] - b.parts[i]);
  if (!a.release.length || !b.release.length) return sign(b.release.length - a.release.length);
  const len = Math.min(a.release.length, b.release.length);
  for (let i = 0; i < len; i++) {
    const c = compareLabel(a.release[i], b.release[i]);
    if (c) return c;
  }
  return sign(a.release.length - b.release.length);
}

function compareLabel(x: string, y: string): number {
  const xn = /^\d+$/.test(x);
  const yn = /^\d+$/.test(y);
  if (xn && yn) return sign(Number(x) - Number(y));
  if (xn !== yn) return xn ? -1 : 1;
  const xl = x.toLowerCase();
  const yl = y.toLowerCase();
  return xl < yl ? -1 : xl > yl ? 1 : 0;
}
