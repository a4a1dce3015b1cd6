/** Finding rows for component tests, built the way the hub builds them (hub/shared/data/findingRows.ts). */
import type { Finding } from '../../../tasks/contract/findings';
import type { TriageEntry } from '../../../tasks/contract/projectSettings';
import type { RecordedFinding } from '../../../tasks/contract/scanRecord';
import { buildRows, recordDismissals, type FindingRow, type FindingSource } from '../../../hub/shared/data/findingRows';
import { finding } from '../fakeProject';

export const WEB = { id: 'repo-web', name: 'web-shop', defaultBranch: 'refs/heads/main' };

export function recorded(n: number, over: Partial<Finding & RecordedFinding> = {}): RecordedFinding {
  return { ...finding(n), firstSeenAt: '2025-01-01T00:00:00.000Z', lastSeenAt: '2025-01-02T00:00:00.000Z', state: 'open', ...over };
}

export function rows(findings: RecordedFinding[], options: { source?: Partial<FindingSource>; triage?: TriageEntry[]; dismissals?: Parameters<typeof recordDismissals>[0] } = {}): FindingRow[] {
  const source: FindingSource = { repo: WEB, ref: 'main', buildId: 101, commit: 'c0ffee', ...options.source };
  return buildRows(source, findings, new Map((options.triage ?? []).map((t) => [t.fingerprint, t])), recordDismissals(options.dismissals));
}
