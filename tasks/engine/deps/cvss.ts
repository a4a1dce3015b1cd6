import { fromVector } from 'ae-cvss-calculator';

/**
 * Base score of a CVSS v2, v3.0, v3.1 or v4.0 vector, computed by ae-cvss-calculator (the
 * FIRST formulas for every version, including v4's macro-vector tables). The library fills
 * missing metrics with defaults, so vectors that omit a mandatory base metric are refused here.
 */
export function cvssBaseScore(vector: string): number | undefined {
  const v = vector.trim();
  const version = cvssVersion(v);
  if (!version) return undefined;
  const metrics = new Set(
    v
      .split('/')
      .filter((p) => !p.startsWith('CVSS:'))
      .map((p) => p.split(':')[0]),
  );
  if (!REQUIRED[version].every((m) => metrics.has(m))) return undefined;
  let scores: { base?: number } | undefined;
  try {
    scores = fromVector(v)?.calculateScores() as { base?: number } | undefined;
  } catch {
    return undefined;
  }
  const base = scores?.base;
  return typeof base === 'number' && Number.isFinite(base) ? base : undefined;
}

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

const REQUIRED: Record<CvssVersion, string[]> = {
  '2.0': ['AV', 'AC', 'Au', 'C', 'I', 'A'],
  '3.0': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '3.1': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '4.0': ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'],
};

export function cvssVersion(vector: string): CvssVersion | undefined {
  const m = /^CVSS:(3\.0|3\.1|4\.0)\//.exec(vector);
  if (m) return m[1] as CvssVersion;
  return /^\(?AV:[LAN]\/AC:[HML]\/Au:[MSN]\//.test(vector) ? '2.0' : undefined;
}
