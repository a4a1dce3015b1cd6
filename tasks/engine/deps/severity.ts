import { severityFromScore, type Severity } from '../../contract/findings';
import { cvssBaseScore, cvssVersion } from './cvss';
import type { OsvAffected, OsvRecord, OsvSeverity } from './osvRecord';

export interface AdvisorySeverity {
  severity: Severity;
  /** CVSS base score when a vector was usable. */
  score?: number;
  cvssVector?: string;
  /** Where the severity came from: a CVSS vector, the database's own label, or nothing known. */
  source: 'cvss' | 'database' | 'unknown';
}

/** Used when an advisory carries neither a CVSS vector nor a severity label. */
export const UNKNOWN_SEVERITY: Severity = 'medium';

/** Newest CVSS version first: each revision describes impact more precisely than the last. */
const VERSION_PREFERENCE = ['4.0', '3.1', '3.0', '2.0'];

/**
 * Severity of an advisory: from its CVSS vector (record-level or, failing that, on the
 * package's affected entries), else from `database_specific.severity` (GitHub's
 * LOW/MODERATE/HIGH/CRITICAL), else unknown.
 */
export function advisorySeverity(record: OsvRecord, entries: readonly OsvAffected[] = []): AdvisorySeverity {
  const vectors: OsvSeverity[] = [...(record.severity ?? []), ...entries.flatMap((e) => e.severity ?? [])];
  const scored = vectors
    .filter((s) => s.type.startsWith('CVSS_'))
    .map((s) => ({ vector: s.score.trim(), version: cvssVersion(s.score.trim()), score: cvssBaseScore(s.score) }))
    .filter((s): s is { vector: string; version: NonNullable<typeof s.version>; score: number } => s.version !== undefined && s.score !== undefined)
    .sort((a, b) => VERSION_PREFERENCE.indexOf(a.version) - VERSION_PREFERENCE.indexOf(b.version));
  if (scored.length) {
    const best = scored[0];
    return { severity: severityFromScore(best.score), score: best.score, cvssVector: best.vector, source: 'cvss' };
  }
  const label = databaseLabel(record) ?? entries.map((e) => labelOf(e.database_specific)).find((l) => l !== undefined);
  if (label) return { severity: label, source: 'database' };
  return { severity: UNKNOWN_SEVERITY, source: 'unknown' };
}

function databaseLabel(record: OsvRecord): Severity | undefined {
  return labelOf(record.database_specific);
}

function labelOf(ds: Record<string, unknown> | undefined): Severity | undefined {
  const raw = ds?.severity;
  if (typeof raw !== 'string') return undefined;
  switch (raw.trim().toLowerCase()) {
    case 'critical':
      return 'critical';
    case 'high':
    case 'important':
      return 'high';
    case 'moderate':
    case 'medium':
      return 'medium';
    case 'low':
      return 'low';
    default:
      return undefined;
  }
}
