/** A finding as a scan record stores it, for the hub's data tests (open, first seen before last seen). */
import type { Finding } from '../../tasks/contract/findings';
import type { RecordedFinding } from '../../tasks/contract/scanRecord';

export const repo = { id: 'r1', name: 'web-shop', defaultBranch: 'refs/heads/main' };

export function stored(over: Partial<RecordedFinding> & { fingerprint: string }): RecordedFinding {
  const base: Finding = {
    ruleId: 'github-pat-classic', kind: 'secret', severity: 'high', message: 'token', path: 'src/a.ts', preview: 'ghp_***',
    region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 10 }, fingerprint: over.fingerprint,
  };
  return { ...base, firstSeenAt: '2025-01-01T00:00:00Z', lastSeenAt: '2025-01-02T00:00:00Z', state: 'open', ...over };
}
