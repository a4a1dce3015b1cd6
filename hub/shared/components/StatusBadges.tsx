/** Coverage and scan results as the status icons Azure DevOps uses for builds. */
import * as React from 'react';
import { Status, Statuses, StatusSize, type StatusType } from 'azure-devops-ui/Status';
import type { ScanOutcome } from '../../../tasks/contract/scanRecord';
import { COVERAGE_LABELS, type CoverageState } from '../data/coverage';
import { OUTCOME_LABELS } from '../data/format';

const COVERAGE_STATUS: Record<CoverageState, StatusType> = {
  disabled: 'Canceled',
  neverScanned: 'Queued',
  clean: 'Success',
  findings: 'Warning',
  scanFailed: 'Failed',
  looking: 'Queued',
  unreadable: 'Failed',
};

const OUTCOME_STATUS: Record<ScanOutcome, StatusType> = {
  succeeded: 'Success',
  succeededWithIssues: 'Warning',
  failed: 'Failed',
  error: 'Failed',
  skipped: 'Skipped',
};

export function CoverageStatus(props: { coverage: CoverageState; label?: string }): JSX.Element {
  const label = props.label ?? COVERAGE_LABELS[props.coverage];
  return (
    <span className="flex-row flex-center palisade-status" data-coverage={props.coverage}>
      <Status {...Statuses[COVERAGE_STATUS[props.coverage]]} size={StatusSize.m} ariaLabel={label} />
      <span className="palisade-status-text">{label}</span>
    </span>
  );
}

export function OutcomeStatus(props: { outcome: ScanOutcome }): JSX.Element {
  const label = OUTCOME_LABELS[props.outcome] ?? props.outcome;
  return (
    <span className="flex-row flex-center palisade-status" data-outcome={props.outcome}>
      <Status {...Statuses[OUTCOME_STATUS[props.outcome] ?? 'Information']} size={StatusSize.m} ariaLabel={label} />
      <span className="palisade-status-text">{label}</span>
    </span>
  );
}
