/**
 * Branch triage writes: a repository's dismissals are project properties
 * (`Palisade.Triage.Repo.{id}`, split into parts when long), written with the user's token, so
 * only holders of *Manage project properties* can change them and the entry names who and when.
 * Properties have no etag: the list is read again just before the write and the one decision is
 * applied to it, so decisions on other findings survive; a decision someone else made on the
 * same finding since the user opened it is reported.
 * Pull-request findings are not triaged here: their dismissal is a `/palisade dismiss` reply on
 * the PR thread, which the next build reads.
 */
import { parseTriageProperty, triageKeysFilter, triagePatch, type TriageEntry } from '../../../tasks/contract/projectSettings';
import { MAX_TRIAGE_COMMENT, type DismissReason } from '../../../tasks/contract/triage';
import type { HubServices, PropertyChange } from '../../shared/services/hubServices';
import type { HubUser } from '../../shared/data/model';
import { writeRefused } from './writeErrors';

export interface TriageTarget {
  repoId: string;
  fingerprint: string;
  ruleId: string;
  path: string;
}

export type TriageDecision = { state: 'dismissed'; reason: DismissReason; comment?: string } | { state: 'open' };

export interface TriageResult {
  /** The entry now stored for the finding; undefined after a reopen. */
  entry: TriageEntry | undefined;
  /** The entry someone else stored since `seen` (what the user was looking at), if any. */
  concurrent?: TriageEntry;
}

export async function saveTriage(
  services: Pick<HubServices, 'readProperties' | 'writeProperties'>,
  target: TriageTarget,
  decision: TriageDecision,
  user: HubUser,
  seen: { at?: string } | undefined,
  now: () => Date = () => new Date(),
): Promise<TriageResult> {
  const properties = await services.readProperties([triageKeysFilter(target.repoId)]);
  const entries = parseTriageProperty(target.repoId, properties);
  const current = entries.find((e) => e.fingerprint === target.fingerprint);
  const concurrent = current && current.at !== seen?.at && current.by.id !== user.id ? current : undefined;
  const others = entries.filter((e) => e.fingerprint !== target.fingerprint);
  const comment = decision.state === 'dismissed' ? decision.comment?.trim().slice(0, MAX_TRIAGE_COMMENT) || undefined : undefined;
  const entry: TriageEntry | undefined =
    decision.state === 'dismissed'
      ? { fingerprint: target.fingerprint, reason: decision.reason, ...(comment ? { comment } : {}), by: { id: user.id, displayName: user.displayName }, at: now().toISOString(), ruleId: target.ruleId, path: target.path }
      : undefined;
  const operations = triagePatch(target.repoId, entry ? [...others, entry] : others, properties.map((p) => p.name));
  const changes: PropertyChange[] = operations.map((op) => (op.op === 'remove' ? { name: op.path.slice(1), remove: true } : { name: op.path.slice(1), value: op.value as string }));
  try {
    await services.writeProperties(changes);
  } catch (e) {
    throw writeRefused(e, 'dismiss or reopen findings');
  }
  return { entry, ...(concurrent ? { concurrent } : {}) };
}

