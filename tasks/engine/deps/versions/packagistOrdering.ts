import { sign, type VersionOrdering } from './ordering';

/**
 * Packagist (Composer) order: PHP's version_compare over Composer-normalised versions. The
 * version is split into numbers and words at separators and digit/letter transitions; words
 * rank dev < alpha = a < beta = b < RC = rc < (number) < patch = pl = p, and words PHP does
 * not know rank below dev; missing trailing numbers count as zero (`1.0` = `1.0.0.0`), as
 * Composer's normalisation makes them. No maintained JS port of Composer's comparator exists.
 */
export const packagistOrdering: VersionOrdering = {
  name: 'Packagist',
  valid: (v) => /^v?\d/i.test(v.trim()),
  compare: (a, b) => compareParts(split(a), split(b)),
};

const WORD_RANK: Record<string, number> = { dev: 0, alpha: 1, a: 1, beta: 2, b: 2, rc: 3, '#': 4, patch: 5, pl: 5, p: 5 };
const UNKNOWN_WORD = -6;

function split(v: string): string[] {
  const s = v.trim().replace(/^v/i, '').toLowerCase();
  const parts = s
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/(\d)(?=[a-z])|([a-z])(?=\d)/g, '$1$2.')
    .split('.')
    .filter((p) => p !== '');
  // Composer spells `1.0.0-stable` for a release; it carries no ordering information.
  return parts.filter((p) => p !== 'stable');
}

const isNumber = (p: string) => /^\d+$/.test(p);

function rank(p: string): number {
  return isNumber(p) ? WORD_RANK['#'] : (WORD_RANK[p] ?? UNKNOWN_WORD);
}

function compareParts(a: string[], b: string[]): number {
  const len = Math.max(a.length, b.length);
  for (let i = 0; i < len; i++) {
    const x = a[i];
    const y = b[i];
    let c: number;
    if (x === undefined) c = isNumber(y as string) ? -sign(Number(y)) : sign(WORD_RANK['#'] - rank(y as string));
    else if (y === undefined) c = isNumber(x) ? sign(Number(x)) : sign(rank(x) - WORD_RANK['#']);
    else if (isNumber(x) && isNumber(y)) c = sign(Number(BigInt(x) - BigInt(y)));
    else c = sign(rank(x) - rank(y));
    if (c) return c;
  }
  return 0;
}
