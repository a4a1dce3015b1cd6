/**
 * The PR triage command: the first line of a reply on a finding's thread,
 * `/palisade dismiss <false-positive|accepted-risk|used-in-tests> [comment]`.
 * Whether the reply counts (its author, the PR's author, the repository setting) is decided by
 * the task; this module only reads the line.
 */
import { DISMISS_REASON_WORDS, DISMISS_REASONS, MAX_TRIAGE_COMMENT, type DismissReason } from './triage';

export const DISMISS_COMMAND = '/palisade dismiss';

export type PrDismissParse =
  /** Not a Palisade command at all: an ordinary comment. */
  | { kind: 'none' }
  | { kind: 'dismiss'; reason: DismissReason; comment?: string }
  /** Looks like the command but cannot be honoured; `why` is shown in the build log. */
  | { kind: 'invalid'; why: string };

const WORD_TO_REASON = new Map<string, DismissReason>(DISMISS_REASONS.map((r) => [DISMISS_REASON_WORDS[r], r]));

export function parsePrDismiss(content: string | undefined | null): PrDismissParse {
  if (!content) return { kind: 'none' };
  const first = content.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].trim();
  const m = /^\/palisade\s+dismiss(?:\s+(\S+))?(?:\s+([\s\S]*))?$/i.exec(first);
  if (!m) {
    return /^\/palisade\b/i.test(first) ? { kind: 'invalid', why: `"${first.slice(0, 80)}" is not a Palisade command (use ${DISMISS_COMMAND} <${Object.values(DISMISS_REASON_WORDS).join('|')}> [comment])` } : { kind: 'none' };
  }
  const word = (m[1] ?? '').toLowerCase();
  const reason = WORD_TO_REASON.get(word);
  if (!reason) {
    return { kind: 'invalid', why: `${word ? `"${m[1].slice(0, 40)}" is not a reason` : 'no reason given'}; use one of ${Object.values(DISMISS_REASON_WORDS).join(', ')}` };
  }
  const comment = m[2]?.trim().slice(0, MAX_TRIAGE_COMMENT);
  return comment ? { kind: 'dismiss', reason, comment } : { kind: 'dismiss', reason };
}

/** The reply text for a reason, as the hub or docs suggest it. */
export function prDismissCommand(reason: DismissReason, comment?: string): string {
  return `${DISMISS_COMMAND} ${DISMISS_REASON_WORDS[reason]}${comment ? ` ${comment.replace(/\r?\n/g, ' ')}` : ''}`;
}
