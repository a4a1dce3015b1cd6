/**
 * Triage vocabulary shared by the two channels that may lower a verdict: a `/palisade dismiss`
 * reply on a pull request's finding thread (prDismiss.ts) and a branch triage entry in the
 * project's properties (projectSettings.ts). Both are attributed by Azure DevOps, which records
 * who wrote them; the scan record lists what a build honoured and what it ignored.
 */

export const DISMISS_REASONS = ['falsePositive', 'acceptedRisk', 'usedInTests'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

/** The words users type (`/palisade dismiss false-positive`) for each reason. */
export const DISMISS_REASON_WORDS: Record<DismissReason, string> = {
  falsePositive: 'false-positive',
  acceptedRisk: 'accepted-risk',
  usedInTests: 'used-in-tests',
};

export function isDismissReason(v: unknown): v is DismissReason {
  return typeof v === 'string' && (DISMISS_REASONS as readonly string[]).includes(v);
}

/** Who did something, as the service recorded it. */
export interface IdentityStamp {
  id: string;
  displayName: string;
}

/** Where a dismissal came from. */
export type DismissalChannel =
  /** A `/palisade dismiss` reply on the finding's PR thread. */
  | 'pullRequestReply'
  /** The finding's PR thread set to "Won't fix" by an identity the service names. */
  | 'pullRequestThreadStatus'
  /** A branch triage entry in the project properties (written by a project administrator). */
  | 'projectTriage';

export interface Dismissal {
  fingerprint: string;
  reason: DismissReason;
  comment?: string;
  by: IdentityStamp;
  /** ISO time the service recorded. */
  at: string;
  channel: DismissalChannel;
  /** PR thread (and comment) the dismissal was read from. */
  threadId?: number;
  commentId?: number;
}

/** A dismissal the build did not honour, and why (shown in the log and the hub). */
export interface IgnoredDismissal extends Partial<Omit<Dismissal, 'fingerprint' | 'channel'>> {
  fingerprint?: string;
  channel: DismissalChannel | 'extensionData';
  why: string;
}

export const MAX_TRIAGE_COMMENT = 2000;
