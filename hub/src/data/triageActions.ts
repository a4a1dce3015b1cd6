/**
 * Triage writes: one small document per finding, changed with the contract's etag-checked
 * read-merge-write, so a decision is never lost to a concurrent writer. When someone else
 * decided on the same finding since the admin opened it, the decision is still applied (after
 * theirs, in the history) and the caller is told, so it can say so.
 */
import { updateDocument, type DocumentStore } from '../../../tasks/contract/documentStore';
import { applyTriage, collections, documentIds, MAX_TRIAGE_COMMENT, type DismissReason, type TriageDoc, type TriageEvent } from '../../../tasks/contract/storage';
import { checkReadable } from '../../../tasks/contract/version';
import type { HubUser } from './model';

export interface TriageTarget {
  repoId: string;
  fingerprint: string;
  ruleId: string;
  kind: TriageDoc['kind'];
}

export type TriageDecision = { state: 'dismissed'; reason: DismissReason; comment?: string } | { state: 'open'; comment?: string };

export interface TriageResult {
  doc: TriageDoc;
  /** Decisions by others that landed after `seenAt` (what the admin was looking at). */
  concurrent: TriageEvent[];
}

export async function saveTriage(
  store: DocumentStore,
  target: TriageTarget,
  decision: TriageDecision,
  user: HubUser,
  seen: { at?: string } | undefined,
  now: () => Date = () => new Date(),
): Promise<TriageResult> {
  let concurrent: TriageEvent[] = [];
  const comment = decision.comment?.trim().slice(0, MAX_TRIAGE_COMMENT) || undefined;
  const doc = await updateDocument<TriageDoc>(store, collections.triage(target.repoId), documentIds.triage(target.fingerprint), (current) => {
    if (current) checkReadable(current, 'The triage decision of this finding');
    concurrent = (current?.history ?? []).filter((e) => (!seen?.at || e.at > seen.at) && e.by.id !== user.id);
    const event: TriageEvent = {
      state: decision.state,
      ...(decision.state === 'dismissed' ? { reason: decision.reason } : {}),
      ...(comment ? { comment } : {}),
      by: { id: user.id, displayName: user.displayName },
      at: now().toISOString(),
    };
    return applyTriage(current, target, event);
  });
  if (!doc) throw new Error('The triage decision was not saved.');
  return { doc, concurrent };
}

export const DISMISS_REASON_LABELS: Record<DismissReason, string> = {
  falsePositive: 'False positive',
  acceptedRisk: 'Accepted risk',
  usedInTests: 'Used in tests',
};
