import type { IGitApi } from 'azure-devops-node-api/GitApi';
import {
  CommentThreadStatus,
  CommentType,
  GitStatusState,
  type GitPullRequestCommentThread,
} from 'azure-devops-node-api/interfaces/GitInterfaces';
import type { Finding, RuleSummary } from '../../contract/findings';
import { compareFindings, flowEnds, isSeverity, pathContextOf } from '../../contract/findings';
import { markdownCode, markdownCodeBlock, markdownText } from '../../contract/displayText';
import { STATUS_GENRE, THREAD_FINGERPRINT_PROPERTY, THREAD_SUMMARY_PROPERTY } from '../../contract/extension';

export interface PrTarget {
  git: IGitApi;
  project: string;
  repositoryId: string;
  pullRequestId: number;
  iterationId?: number;
  statusName: string;
}

export type StatusState = 'pending' | 'succeeded' | 'failed' | 'error' | 'notApplicable';

const STATE: Record<StatusState, GitStatusState> = {
  pending: GitStatusState.Pending,
  succeeded: GitStatusState.Succeeded,
  failed: GitStatusState.Failed,
  error: GitStatusState.Error,
  notApplicable: GitStatusState.NotApplicable,
};

/** The pull request's comment threads (with their comments' authors, which the service attributes). */
export async function readThreads(pr: PrTarget): Promise<GitPullRequestCommentThread[]> {
  return (await pr.git.getThreads(pr.repositoryId, pr.pullRequestId, pr.project)) ?? [];
}

export async function postStatus(pr: PrTarget, state: StatusState, description: string, targetUrl?: string): Promise<void> {
  await pr.git.createPullRequestStatus(
    {
      state: STATE[state],
      description: description.length > 250 ? description.slice(0, 247) + '...' : description,
      context: { genre: STATUS_GENRE, name: pr.statusName },
      ...(targetUrl ? { targetUrl } : {}),
      ...(pr.iterationId ? { iterationId: pr.iterationId } : {}),
    },
    pr.repositoryId,
    pr.pullRequestId,
    pr.project,
  );
}

export interface ThreadPlan {
  created: number;
  reopened: number;
  resolved: number;
  dismissed: number;
  unchanged: number;
  summarised: number;
}

interface ThreadInput {
  /** Findings the PR introduces, not dismissed, at any severity. */
  newFindings: readonly Finding[];
  /** Fingerprints dismissed on the PR or in the project triage (their threads close as "won't fix"). */
  dismissed: ReadonlySet<string>;
  rules: readonly RuleSummary[];
  maxThreads: number;
  /** Scan root relative to the repository root ('' when the same). */
  rootPrefix: string;
  hubLink: (fingerprint?: string) => string;
}

function propertyValue(thread: GitPullRequestCommentThread, key: string): string | undefined {
  const p = (thread.properties as Record<string, { $value?: unknown } | undefined> | undefined)?.[key];
  const v = p?.$value;
  return typeof v === 'string' ? v : undefined;
}

/** For a vulnerable package: the one upgrade, how it got in, and whether only development needs it. */
function dependencyLine(f: Finding): string[] {
  const p = f.properties;
  if (f.kind !== 'dependency' || !p) return [];
  const parts = [
    typeof p.fixVersion === 'string' ? `Upgrade to ${p.fixVersion}${p.majorUpgrade === true ? ' (major)' : ''}` : 'No single fixed version',
    typeof p.introducedVia === 'string' ? `introduced via ${p.introducedVia}` : p.direct === true ? 'direct dependency' : '',
    p.dev === true ? 'development only' : '',
  ].filter(Boolean);
  return [markdownText(parts.join(' · ')), ''];
}

/** "Input from `req.query.q` (line 10) reaches `db.query(...)` (line 14)": where a code finding's input comes from. */
function flowLine(f: Finding): string[] {
  const ends = flowEnds(f.flow);
  if (!ends) return [];
  const through = ends.through ? `, through ${ends.through} step${ends.through === 1 ? '' : 's'}` : '';
  // A flow across files names the file its input comes from.
  const fromFile = ends.from.path && ends.from.path !== f.path ? `${markdownCode(ends.from.path)} ` : '';
  return [`Input from ${markdownCode(ends.from.preview)} (${fromFile}line ${ends.from.region.startLine}) reaches ${markdownCode(ends.to.preview)} (line ${ends.to.region.startLine})${through}.`, ''];
}

/**
 * A finding's thread. Titles, messages, previews, paths and rule ids can come from a pull
 * request (custom rules, file names) or another tool's SARIF: they go into code spans or a code
 * block, or through markdownText, so no link, image, HTML or mention can be injected.
 */
export function threadBody(f: Finding, rule: RuleSummary | undefined, hubLink: string): string {
  const lines = [`**Palisade:** ${markdownText(rule?.title ?? f.ruleId)} (${f.severity}${whereNote(f)})`, ''];
  // Our own messages are built from rule metadata; another tool's is its text, shown verbatim.
  if (f.kind === 'external') lines.push(markdownCodeBlock(f.message));
  else lines.push(markdownText(f.message));
  lines.push(
    '',
    ...dependencyLine(f),
    ...flowLine(f),
    `Matched: ${markdownCode(f.preview)} · rule ${markdownCode(f.ruleId)} · [open in the Security hub](${hubLink})`,
    '',
    `<sub>Fix it in this pull request and this thread closes itself. A false positive? A reviewer can reply ${markdownCode('/palisade dismiss false-positive|accepted-risk|used-in-tests [comment]')}, or add ${markdownCode(`palisade-ignore ${f.ruleId} -- reason`)} to the line.</sub>`,
  );
  return lines.join('\n');
}

/**
 * Why a reviewer sees a severity under the rule's: `: in an example path, one step under the
 * rule's critical` (the scan marks and lowers secrets in test and example paths by default).
 */
function whereNote(f: Finding): string {
  const context = pathContextOf(f);
  if (!context) return '';
  const rule = f.properties?.ruleSeverity;
  const where = context === 'test' ? 'in a test path' : 'in an example path';
  return isSeverity(rule) && rule !== f.severity ? `: ${where}, one step under the rule's ${rule}` : `: ${where}`;
}

/**
 * One thread per new finding (up to `maxThreads`, the rest in one summary thread), keyed by
 * the finding's fingerprint in the thread properties: a re-run updates instead of repeating,
 * and threads whose finding is gone are marked fixed.
 */
export async function syncThreads(pr: PrTarget, input: ThreadInput, known?: readonly GitPullRequestCommentThread[]): Promise<ThreadPlan> {
  const plan: ThreadPlan = { created: 0, reopened: 0, resolved: 0, dismissed: 0, unchanged: 0, summarised: 0 };
  // Threads already read in this run (for triage) are reused: one GET fewer.
  const threads = known ?? (await pr.git.getThreads(pr.repositoryId, pr.pullRequestId, pr.project)) ?? [];
  const ours = new Map<string, GitPullRequestCommentThread>();
  let summary: GitPullRequestCommentThread | undefined;
  for (const t of threads) {
    const fp = propertyValue(t, THREAD_FINGERPRINT_PROPERTY);
    if (fp) ours.set(fp, t);
    else if (propertyValue(t, THREAD_SUMMARY_PROPERTY)) summary = t;
  }
  const rulesById = new Map(input.rules.map((r) => [r.id, r]));
  const ordered = [...input.newFindings].sort(compareFindings);
  const seen = new Set<string>();
  const withThread: Finding[] = [];
  const overflow: Finding[] = [];
  for (const f of ordered) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    // Findings that already have a thread keep it even past the cap.
    if (ours.has(f.fingerprint) || withThread.length < input.maxThreads) withThread.push(f);
    else overflow.push(f);
  }

  for (const f of withThread) {
    const existing = ours.get(f.fingerprint);
    if (!existing) {
      const repoPath = '/' + (input.rootPrefix ? `${input.rootPrefix}/${f.path}` : f.path);
      await pr.git.createThread(
        {
          comments: [{ parentCommentId: 0, content: threadBody(f, rulesById.get(f.ruleId), input.hubLink(f.fingerprint)), commentType: CommentType.Text }],
          status: CommentThreadStatus.Active,
          threadContext: threadContext(f, repoPath),
          properties: { [THREAD_FINGERPRINT_PROPERTY]: { $type: 'System.String', $value: f.fingerprint } },
        },
        pr.repositoryId,
        pr.pullRequestId,
        pr.project,
      );
      plan.created++;
    } else if (existing.status === CommentThreadStatus.Fixed) {
      // We closed it when the finding went away; it came back.
      await setThreadStatus(pr, existing, CommentThreadStatus.Active);
      plan.reopened++;
    } else {
      plan.unchanged++;
    }
  }

  for (const [fp, t] of ours) {
    if (seen.has(fp)) continue;
    if (t.status !== CommentThreadStatus.Active && t.status !== CommentThreadStatus.Pending) continue;
    if (input.dismissed.has(fp)) {
      await setThreadStatus(pr, t, CommentThreadStatus.WontFix);
      plan.dismissed++;
    } else {
      await setThreadStatus(pr, t, CommentThreadStatus.Fixed);
      plan.resolved++;
    }
  }

  plan.summarised = overflow.length;
  await syncSummaryThread(pr, summary, overflow, input);
  return plan;
}

/**
 * Where the thread sits: on the finding's lines, or on the file as a whole when the finding is
 * about the file itself (a committed key store is binary: it has no lines to point at).
 */
export function threadContext(f: Finding, repoPath: string): GitPullRequestCommentThread['threadContext'] {
  if (f.properties?.wholeFile === true) return { filePath: repoPath };
  return {
    filePath: repoPath,
    rightFileStart: { line: f.region.startLine, offset: f.region.startColumn },
    rightFileEnd: { line: f.region.endLine, offset: f.region.endColumn },
  };
}

async function setThreadStatus(pr: PrTarget, t: GitPullRequestCommentThread, status: CommentThreadStatus): Promise<void> {
  await pr.git.updateThread({ status }, pr.repositoryId, pr.pullRequestId, t.id!, pr.project);
}

async function syncSummaryThread(pr: PrTarget, existing: GitPullRequestCommentThread | undefined, overflow: readonly Finding[], input: ThreadInput): Promise<void> {
  if (overflow.length === 0) {
    if (existing && existing.status === CommentThreadStatus.Active) await setThreadStatus(pr, existing, CommentThreadStatus.Fixed);
    return;
  }
  const shown = overflow.slice(0, 50);
  const body = [
    `**Palisade: ${overflow.length} more new finding${overflow.length === 1 ? '' : 's'}** (beyond the ${input.maxThreads} with their own thread)`,
    '',
    '| severity | rule | location |',
    '|---|---|---|',
    ...shown.map((f) => `| ${f.severity} | ${markdownCode(f.ruleId, { inTable: true })} | ${markdownCode(`${f.path}:${f.region.startLine}`, { inTable: true })} |`),
    ...(overflow.length > shown.length ? ['', `…and ${overflow.length - shown.length} more.`] : []),
    '',
    `[See them all in the Security hub](${input.hubLink()})`,
  ].join('\n');
  if (!existing) {
    await pr.git.createThread(
      {
        comments: [{ parentCommentId: 0, content: body, commentType: CommentType.Text }],
        status: CommentThreadStatus.Active,
        properties: { [THREAD_SUMMARY_PROPERTY]: { $type: 'System.String', $value: 'true' } },
      },
      pr.repositoryId,
      pr.pullRequestId,
      pr.project,
    );
    return;
  }
  const first = existing.comments?.[0];
  if (first?.id !== undefined && first.content !== body) {
    await pr.git.updateComment({ content: body }, pr.repositoryId, pr.pullRequestId, existing.id!, first.id, pr.project);
  }
  if (existing.status !== CommentThreadStatus.Active) await setThreadStatus(pr, existing, CommentThreadStatus.Active);
}
