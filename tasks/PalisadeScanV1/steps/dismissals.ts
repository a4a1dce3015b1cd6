/**
 * Which dismissals lower this run's verdict: `/palisade dismiss` replies on the PR's finding
 * threads (attributed by the service) and the repository's branch triage in the project
 * properties (written by administrators). Nothing else counts, and the log says which were
 * honoured and which ignored, and why.
 */
import type { Finding } from '../../contract/findings';
import type { TriageEntry } from '../../contract/projectSettings';
import { DISMISS_REASON_WORDS, type Dismissal, type IgnoredDismissal } from '../../contract/triage';
import type { PrTriage } from '../pr/prTriage';
import type { TaskLog } from '../log/taskLog';

export const UNATTRIBUTED_NOTE =
  'Only dismissals Azure DevOps attributes count: "/palisade dismiss <reason>" replies on a pull request\'s finding threads, and the branch triage project administrators keep in the project\'s properties. Anything written elsewhere (e.g. extension data, which anyone in the organization can write) is ignored.';

export interface AppliedDismissals {
  honoured: Dismissal[];
  ignored: IgnoredDismissal[];
}

/** Marks dismissed findings as suppressed (kind `triage`) and says which dismissals applied. */
export function applyDismissals(findings: Finding[], branch: readonly TriageEntry[], pr: PrTriage | undefined): AppliedDismissals {
  const fromPr = new Map((pr?.honoured ?? []).map((d) => [d.fingerprint, d]));
  const fromBranch = new Map(branch.map((e) => [e.fingerprint, e]));
  const honoured: Dismissal[] = [];
  const applied = new Set<string>();
  for (const f of findings) {
    if (f.suppression || applied.has(f.fingerprint)) continue;
    const p = fromPr.get(f.fingerprint);
    const b = fromBranch.get(f.fingerprint);
    const d: Dismissal | undefined = p ?? (b ? { fingerprint: b.fingerprint, reason: b.reason, comment: b.comment, by: b.by, at: b.at, channel: 'projectTriage' } : undefined);
    if (!d) continue;
    applied.add(f.fingerprint);
    honoured.push(d);
  }
  const byFp = new Map(honoured.map((d) => [d.fingerprint, d]));
  for (const f of findings) {
    const d = byFp.get(f.fingerprint);
    if (d && !f.suppression) f.suppression = { kind: 'triage', justification: justification(d) };
  }
  return { honoured, ignored: [...(pr?.ignored ?? [])] };
}

function justification(d: Dismissal): string {
  const where = d.channel === 'projectTriage' ? 'in the project triage' : 'on the pull request';
  return `${DISMISS_REASON_WORDS[d.reason]}: dismissed by ${d.by.displayName} ${where} on ${d.at.slice(0, 10)}${d.comment ? ` (${d.comment})` : ''}`;
}

/** The log's account of dismissals; untrusted text (names, comments) cannot form a logging command. */
export function logDismissals(log: TaskLog, applied: AppliedDismissals, findings: readonly Finding[]): void {
  const byFp = new Map(findings.map((f) => [f.fingerprint, f]));
  log.info(UNATTRIBUTED_NOTE);
  log.info(`Dismissals honoured: ${applied.honoured.length}.`);
  for (const d of applied.honoured) {
    const f = byFp.get(d.fingerprint);
    const what = f ? `${f.ruleId} ${f.path}:${f.region.startLine}` : d.fingerprint.slice(0, 12);
    const where = d.channel === 'projectTriage' ? 'project triage' : `pull request thread ${d.threadId ?? '?'}`;
    log.info(`  ${what}: ${DISMISS_REASON_WORDS[d.reason]} by ${inert(d.by.displayName)} on ${d.at.slice(0, 10)} (${where})${d.comment ? `: ${inert(d.comment)}` : ''}`);
  }
  if (applied.ignored.length) {
    log.info(`Dismissals ignored: ${applied.ignored.length}.`);
    for (const d of applied.ignored) {
      const f = d.fingerprint ? byFp.get(d.fingerprint) : undefined;
      const what = f ? `${f.ruleId} ${f.path}:${f.region.startLine}` : d.fingerprint ? d.fingerprint.slice(0, 12) : 'a finding';
      const who = d.by ? ` by ${inert(d.by.displayName)}` : '';
      log.info(`  ${what}: thread ${d.threadId ?? '?'}${who}: ignored, ${inert(d.why)}.`);
    }
  }
}

/** Text from people (display names, comments) on one line, unable to start an agent command. */
export function inert(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/##/g, '#\u200b#').slice(0, 300);
}
