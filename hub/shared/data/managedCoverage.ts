/**
 * Coverage of a repository in managed scanning terms: is it scanned, and does a failed scan stop
 * a merge? One state per repository, most protective first:
 *
 * - gated: enabled, a blocking `palisade/security-scan` status policy on the default branch;
 * - scanned, not gated: enabled, scanned at least once, nothing stops a merge;
 * - enabled, never scanned: enabled, a pipeline builds it, but no scan record exists yet;
 * - no pipeline: enabled, but no pipeline builds it, so nothing can scan it (onboard it);
 * - disabled: switched off in the settings.
 *
 * A gate on a repository that nothing scans would block every pull request: that combination
 * is reported as gated with a warning, not hidden.
 */
import type { ManagedMode } from '../../../tasks/contract/managedScan';

export type ManagedCoverage = 'gated' | 'scannedNotGated' | 'enabledNeverScanned' | 'noPipeline' | 'disabled';

export interface ManagedCoverageInput {
  enabled: boolean;
  managedScan: ManagedMode;
  /** A build of the repository carries a Palisade scan record. */
  scanned: boolean;
  /** A blocking Palisade status policy on the default branch. */
  gated: boolean;
  /** At least one pipeline definition builds the repository. */
  hasPipeline: boolean;
}

export interface ManagedCoverageRow {
  state: ManagedCoverage;
  /** Something the administrator should know (a gate nothing satisfies, observe mode...). */
  warning?: string;
}

export function managedCoverageOf(i: ManagedCoverageInput): ManagedCoverageRow {
  if (!i.enabled) return { state: 'disabled' };
  if (i.gated) {
    if (!i.hasPipeline && !i.scanned) return { state: 'gated', warning: 'No pipeline builds this repository, so nothing posts the status: pull requests into the default branch cannot complete. Onboard it or remove the gate.' };
    if (i.managedScan === 'observe') return { state: 'gated', warning: 'Managed scanning is in observe mode: the status is posted as succeeded whatever is found.' };
    return { state: 'gated' };
  }
  if (i.scanned) return { state: 'scannedNotGated' };
  if (!i.hasPipeline) return { state: 'noPipeline' };
  return i.managedScan === 'off'
    ? { state: 'enabledNeverScanned', warning: 'Managed scanning is off here and no pipeline runs PalisadeScan@1 yet.' }
    : { state: 'enabledNeverScanned' };
}

export const MANAGED_COVERAGE_LABELS: Record<ManagedCoverage, string> = {
  gated: 'Gated',
  scannedNotGated: 'Scanned, not gated',
  enabledNeverScanned: 'Enabled, never scanned',
  noPipeline: 'No pipeline',
  disabled: 'Disabled',
};

/** Least protected first: what needs an administrator's attention. */
export const MANAGED_COVERAGE_ORDER: readonly ManagedCoverage[] = ['noPipeline', 'enabledNeverScanned', 'scannedNotGated', 'gated', 'disabled'];
