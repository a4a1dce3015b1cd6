/** The words the findings table, the filter bar and the detail panel use for a finding's kind, state and dismissal reason. */
import type { FindingKind } from '../../../tasks/contract/findings';
import type { DismissReason } from '../../../tasks/contract/triage';
import type { FindingContext, FindingState } from './findingRows';

export const KIND_LABELS: Record<FindingKind, string> = { secret: 'Secret', code: 'Code', dependency: 'Dependency', external: 'Other tool' };
export const CONTEXT_LABELS: Record<FindingContext, string> = { code: 'Outside test and example paths', test: 'Test and fixture paths', example: 'Example, sample and docs paths' };
/** What a row's second line adds for a finding in a marked path. */
export const CONTEXT_TAGS: Record<FindingContext, string> = { code: '', test: ' · test path', example: ' · example path' };
export const STATE_LABELS: Record<FindingState, string> = { open: 'Open', dismissed: 'Dismissed', fixed: 'Fixed' };

export const DISMISS_REASON_LABELS: Record<DismissReason, string> = {
  falsePositive: 'False positive',
  acceptedRisk: 'Accepted risk',
  usedInTests: 'Used in tests',
};
