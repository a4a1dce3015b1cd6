/** The task's verdict: what fails it, what only warns, and the one-line message saying why. */
import { countBySeverity, gateFindings, type FailOn, type Finding } from '../../contract/findings';
import { emptyCounts, type ScanOutcome, type SeverityCounts } from '../../contract/scanRecord';

export type TaskResultKind = 'Succeeded' | 'SucceededWithIssues' | 'Failed';

export interface Verdict {
  outcome: ScanOutcome;
  result: TaskResultKind;
  message: string;
  /** The findings the gate looked at: a PR's new ones, or all. */
  judged: Finding[];
  /** A PR's new, open (not suppressed or dismissed) findings; undefined outside PRs. */
  newOpen?: Finding[];
  /** Open findings of the whole scan, by severity. */
  counts: SeverityCounts;
}

export function judge(findings: readonly Finding[], opts: { failOn: FailOn; newFingerprints?: ReadonlySet<string>; scannerError?: string; continueOnScannerError: boolean }): Verdict {
  const { failOn, newFingerprints, scannerError } = opts;
  const judged = newFingerprints ? findings.filter((f) => newFingerprints.has(f.fingerprint)) : [...findings];
  const gate = gateFindings(judged, failOn);
  const base = { judged, newOpen: newFingerprints ? judged.filter((f) => !f.suppression) : undefined, counts: openCounts(findings, new Set()) };
  const scope = newFingerprints ? 'new ' : '';
  const plural = (n: number) => `${n} ${scope}finding${n === 1 ? '' : 's'}`;
  if (gate.failing.length) {
    return { ...base, outcome: 'failed', result: 'Failed', message: `${plural(gate.failing.length)} at or above ${failOn}: ${countLine(countBySeverity(gate.failing))}` };
  }
  if (scannerError) {
    return { ...base, outcome: 'error', result: opts.continueOnScannerError ? 'SucceededWithIssues' : 'Failed', message: scannerError };
  }
  if (gate.below.length) {
    return { ...base, outcome: 'succeededWithIssues', result: 'SucceededWithIssues', message: `${plural(gate.below.length)} below ${failOn}: ${countLine(countBySeverity(gate.below))}` };
  }
  return { ...base, outcome: 'succeeded', result: 'Succeeded', message: newFingerprints ? 'No new findings.' : 'No findings.' };
}

/** Open findings (not suppressed, not dismissed) by severity. */
export function openCounts(findings: readonly Finding[], dismissed: ReadonlySet<string>): SeverityCounts {
  const c = emptyCounts();
  for (const f of findings) if (!f.suppression && !dismissed.has(f.fingerprint)) c[f.severity]++;
  return c;
}

/** `1 critical, 2 medium`, or `none`. */
export function countLine(c: Record<string, number>): string {
  const parts = Object.entries(c).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
  return parts.length ? parts.join(', ') : 'none';
}
