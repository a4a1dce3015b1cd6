/**
 * A pull-request build's side of the run: the PR iteration this build scanned, its status check, the
 * files it changed (git, or the REST API on a shallow clone), which findings it introduced,
 * and its comment threads.
 */
import type { GitPullRequestCommentThread } from 'azure-devops-node-api/interfaces/GitInterfaces';
import { countBySeverity, type Finding, type RuleSummary } from '../../contract/findings';
import type { ScanOptions } from '../../engine';
import type { AzureClients } from '../azure/connection';
import { postStatus, readThreads, syncThreads, type PrTarget, type StatusState } from '../azure/prFeedback';
import { describe, safe } from '../azure/session';
import { changesFromGit, changesFromRest, prIterationInfo, type PrChanges } from '../azure/prChanges';
import type { PipelineContext } from '../context/pipelineContext';
import { findNewFindings } from './prNovelty';
import { prDismissals, type PrTriage } from './prTriage';
import type { TaskLog } from '../log/taskLog';

export interface PrOptions {
  statusName: string;
  /** Post the status check (input and hub setting). */
  status: boolean;
  /** Comment on new findings (input and hub setting). */
  comments: boolean;
  maxComments: number;
}

export class PullRequestRun {
  private statusOn = false;
  private commentsOn = false;
  private maxComments = 20;
  /** The last state posted, so a crash can replace a pending status. */
  private posted: StatusState | undefined;
  /** The PR's threads as read for triage, reused when comments are synchronised. */
  private threads: GitPullRequestCommentThread[] | undefined;

  private constructor(
    private readonly target: PrTarget,
    /** `iterationId` for the changes API: the scanned iteration, else the latest. */
    private readonly base: { iterationId: number; baseCommit?: string; authorId?: string } | undefined,
    private readonly ctx: PipelineContext,
    /** Scan root relative to the repository root. */
    private readonly rootPrefix: string,
    private readonly log: TaskLog,
    private readonly link: (fingerprint?: string) => string,
  ) {}

  /** The PR of this build, when it is a PR build of an Azure Repos repository we can reach. */
  static async open(azure: AzureClients | undefined, ctx: PipelineContext, statusName: string, rootPrefix: string, log: TaskLog, link: (fingerprint?: string) => string): Promise<PullRequestRun | undefined> {
    if (!ctx.pullRequest || !azure || !ctx.repositoryId || (ctx.repositoryProvider ?? 'TfsGit') !== 'TfsGit') return undefined;
    const target: PrTarget = { git: azure.git, project: ctx.projectId, repositoryId: ctx.repositoryId, pullRequestId: ctx.pullRequest.id, statusName };
    let base: { iterationId: number; baseCommit?: string; authorId?: string } | undefined;
    try {
      const info = await prIterationInfo({ ...target, rootPrefix }, { sourceCommitId: ctx.pullRequest.sourceCommitId, sourceVersion: ctx.sourceVersion });
      target.iterationId = info.iterationId;
      base = { iterationId: info.iterationId ?? info.latestIterationId, baseCommit: info.baseCommit, authorId: info.authorId };
      const commit = (ctx.pullRequest.sourceCommitId ?? ctx.sourceVersion ?? '').slice(0, 12);
      if (info.iterationId === undefined) {
        log.warning(`No iteration of pull request ${ctx.pullRequest.id} has this build's commit ${commit || '(unknown)'}: the status check is not posted, so it cannot vouch for code this build did not scan. Queue the build again for the pull request's latest push.`);
      } else if (info.iterationId !== info.latestIterationId) {
        log.info(`Pull request ${ctx.pullRequest.id}: this build scanned iteration ${info.iterationId} (commit ${commit}); iteration ${info.latestIterationId} was pushed since. The status goes on iteration ${info.iterationId}.`);
      }
    } catch (e) {
      log.warning(`Could not read pull request ${ctx.pullRequest.id}: ${describe(e)}. Its status and comments may be missing.`);
    }
    return new PullRequestRun(target, base, ctx, rootPrefix, log, link);
  }

  get id(): number {
    return this.target.pullRequestId;
  }

  get iterationId(): number | undefined {
    return this.target.iterationId;
  }

  /** Who created the PR (their own `/palisade dismiss` replies count only if allowed). */
  get authorId(): string | undefined {
    return this.base?.authorId;
  }

  /**
   * Dismissals on the PR's finding threads. When the threads cannot be read, none count (the
   * strict side) and the log says so.
   */
  async dismissals(allowAuthorDismiss: boolean, selfId?: string): Promise<PrTriage> {
    const threads = await safe(this.log, 'read the pull request\'s threads for dismissals; none count in this run', () => readThreads(this.target));
    this.threads = threads;
    if (!threads) return { honoured: [], ignored: [] };
    if (!this.base?.authorId && !allowAuthorDismiss) {
      // Without the PR's author nobody can be told apart from them: count nothing rather than everything.
      const all = prDismissals(threads, { allowAuthorDismiss: true, selfId });
      return { honoured: [], ignored: [...all.ignored, ...all.honoured.map((d) => ({ ...d, why: 'the pull request\'s author could not be read, so no reply can be told apart from theirs' }))] };
    }
    return prDismissals(threads, { authorId: this.base?.authorId, allowAuthorDismiss, selfId });
  }

  configure(opts: PrOptions): void {
    this.statusOn = opts.status;
    this.commentsOn = opts.comments;
    this.maxComments = opts.maxComments;
  }

  async status(state: StatusState, description: string): Promise<void> {
    // Without the scanned iteration a status would land on whatever is newest: fail safe, post none.
    if (!this.statusOn || this.target.iterationId === undefined) return;
    await safe(this.log, `post the pull request status (${state})`, () => postStatus(this.target, state, description, this.link()));
    this.posted = state;
  }

  /** After a crash: a pending status must not stay pending. */
  async abandon(reason: string): Promise<void> {
    if (this.posted === 'pending') await this.status('error', `Palisade failed unexpectedly: ${this.log.mask(reason)}`.slice(0, 200));
  }

  /** The files the PR changed: `git diff` against the merge's first parent, else the iteration changes API. */
  async changes(root: string): Promise<PrChanges | undefined> {
    const fromGit = changesFromGit(root, this.ctx.pullRequest?.targetBranch);
    if (typeof fromGit !== 'string') {
      this.log.info(`Changed files: ${fromGit.files.length} (git diff against ${fromGit.baseCommit.slice(0, 12)}).`);
      return fromGit;
    }
    if (!this.base?.baseCommit) {
      this.log.warning(`Could not find the pull request's merge base (${fromGit}); scanning every file.`);
      return undefined;
    }
    try {
      const changes = await changesFromRest({ ...this.target, rootPrefix: this.rootPrefix }, this.base.iterationId, this.base.baseCommit, fromGit);
      this.log.info(`Changed files: from the pull request's iteration ${this.base.iterationId} (${fromGit}).`);
      return changes;
    } catch (e) {
      this.log.warning(`Could not list the pull request's changes (${describe(e)}); scanning every file.`);
      return undefined;
    }
  }

  /**
   * Fingerprints of the findings the PR introduced: in a file it changed and absent from that
   * file at the merge base. Stored results play no part, so a repository never scanned before
   * is judged the same way. Without the PR's changes every finding counts (the strict side).
   */
  async newFindings(findings: readonly Finding[], changes: PrChanges | undefined, scanOptions: Omit<ScanOptions, 'root' | 'paths'>): Promise<Set<string>> {
    const all = () => new Set(findings.map((f) => f.fingerprint));
    if (!changes) {
      this.log.warning('The pull request\'s changes are unknown, so every finding is judged as if the pull request added it.');
      return all();
    }
    try {
      const novelty = await findNewFindings(findings, changes, scanOptions, this.log, this.ctx.tempDirectory);
      this.log.info(`Compared ${novelty.baseFilesScanned} changed files with the merge base (${changes.source}).`);
      return novelty.newFingerprints;
    } catch (e) {
      this.log.warning(`Could not read the merge-base versions of the changed files (${describe(e)}); findings in the files the pull request changed count as new.`);
      return new Set(findings.filter((f) => changes.files.some((c) => c.change !== 'delete' && c.path === f.path)).map((f) => f.fingerprint));
    }
  }

  /** Threads for the new findings (closing those that went away), then the final status. */
  /** `reason`: why the scan could not complete (state `error`), shown in the status. */
  async report(input: { newFindings: readonly Finding[]; dismissed: ReadonlySet<string>; rules: readonly RuleSummary[]; state: StatusState; scanned: boolean; reason?: string; statusNote?: string }): Promise<void> {
    if (this.commentsOn && input.scanned) {
      const plan = await safe(this.log, 'update pull request comments', () =>
        syncThreads(this.target, { newFindings: input.newFindings, dismissed: input.dismissed, rules: input.rules, maxThreads: this.maxComments, rootPrefix: this.rootPrefix, hubLink: this.link }, this.threads),
      );
      if (plan) {
        this.log.info(`Pull request threads: ${plan.created} new, ${plan.reopened} reopened, ${plan.resolved} fixed, ${plan.dismissed} dismissed, ${plan.unchanged} unchanged${plan.summarised ? `, ${plan.summarised} in the summary thread` : ''}.`);
      }
    }
    const n = input.newFindings.length;
    const description =
      input.state === 'error' ? `Palisade could not complete the scan${input.reason ? `: ${this.log.mask(input.reason)}` : ''}`.slice(0, 200) : n ? `${n} new finding${n === 1 ? '' : 's'}: ${countText(input.newFindings)}` : 'No new findings';
    await this.status(input.state, input.statusNote ? `${description}; ${input.statusNote}` : description);
  }
}

function countText(findings: readonly Finding[]): string {
  return Object.entries(countBySeverity(findings)).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ');
}
