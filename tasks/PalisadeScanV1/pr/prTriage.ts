/**
 * Dismissals made on a pull request's finding threads: a reply whose first line is
 * `/palisade dismiss <reason> [comment]`, attributed by the service to its author. The PR's
 * own author cannot dismiss unless the repository allows it; a thread set to "Won't fix" does
 * not count, since the service does not record who set a thread's status.
 */
import { CommentThreadStatus, CommentType, type GitPullRequestCommentThread } from 'azure-devops-node-api/interfaces/GitInterfaces';
import { THREAD_FINGERPRINT_PROPERTY } from '../../contract/extension';
import { parsePrDismiss } from '../../contract/prDismiss';
import type { Dismissal, IgnoredDismissal } from '../../contract/triage';

export interface PrTriage {
  honoured: Dismissal[];
  ignored: IgnoredDismissal[];
}

export function prDismissals(threads: readonly GitPullRequestCommentThread[], opts: { authorId?: string; allowAuthorDismiss: boolean; selfId?: string }): PrTriage {
  const honoured = new Map<string, Dismissal>();
  const ignored: IgnoredDismissal[] = [];
  const author = opts.authorId?.toLowerCase();
  for (const t of threads) {
    const fingerprint = fingerprintOf(t);
    if (!fingerprint || t.isDeleted) continue;
    // The first comment is Palisade's own finding; commands count only as replies.
    const replies = [...(t.comments ?? [])].sort((a, b) => (a.id ?? 0) - (b.id ?? 0)).slice(1);
    for (const c of replies) {
      if (c.isDeleted || c.commentType === CommentType.System) continue;
      const parsed = parsePrDismiss(c.content);
      if (parsed.kind === 'none') continue;
      const by = { id: c.author?.id ?? '', displayName: c.author?.displayName ?? 'someone' };
      const at = toIso(c.publishedDate);
      const where = { threadId: t.id, commentId: c.id };
      if (parsed.kind === 'invalid') {
        ignored.push({ fingerprint, channel: 'pullRequestReply', by, at, ...where, why: parsed.why });
        continue;
      }
      if (!by.id) {
        ignored.push({ fingerprint, channel: 'pullRequestReply', by, at, ...where, reason: parsed.reason, why: 'the service did not say who wrote the reply' });
        continue;
      }
      if (opts.selfId && by.id.toLowerCase() === opts.selfId.toLowerCase()) continue;
      if (author && by.id.toLowerCase() === author && !opts.allowAuthorDismiss) {
        ignored.push({ fingerprint, channel: 'pullRequestReply', by, at, ...where, reason: parsed.reason, why: 'the pull request\'s author cannot dismiss findings in it (the repository setting allowAuthorDismiss is off); a reviewer can' });
        continue;
      }
      const prior = honoured.get(fingerprint);
      if (!prior || Date.parse(prior.at) <= Date.parse(at)) {
        honoured.set(fingerprint, { fingerprint, reason: parsed.reason, ...(parsed.comment ? { comment: parsed.comment } : {}), by, at, channel: 'pullRequestReply', ...where });
      }
    }
    if (t.status === CommentThreadStatus.WontFix && !honoured.has(fingerprint)) {
      ignored.push({ fingerprint, channel: 'pullRequestThreadStatus', threadId: t.id, why: 'a thread set to "Won\'t fix" does not say who set it; reply "/palisade dismiss <reason>" instead' });
    }
  }
  // A thread Palisade itself closed as "Won't fix" after an honoured reply is not a separate claim.
  return { honoured: [...honoured.values()], ignored };
}

function fingerprintOf(t: GitPullRequestCommentThread): string | undefined {
  const p = (t.properties as Record<string, { $value?: unknown } | string | undefined> | undefined)?.[THREAD_FINGERPRINT_PROPERTY];
  const v = typeof p === 'string' ? p : p?.$value;
  return typeof v === 'string' && v ? v : undefined;
}

function toIso(d: Date | string | undefined): string {
  if (!d) return new Date(0).toISOString();
  const t = d instanceof Date ? d : new Date(d);
  return Number.isNaN(t.getTime()) ? new Date(0).toISOString() : t.toISOString();
}
