/**
 * Pull requests: the PR itself, its iterations and their changes (computed from the commits),
 * statuses (PR and iteration level) and comment threads with properties.
 */
import { requirePullRequestContribute } from '../auth';
import { enumFromQuery, enumTypes, fromWire, types } from '../dialect';
import { errors } from '../errors';
import { diffTrees, type TreeChange } from '../gitModel';
import { LOCATIONS } from '../locations';
import { empty, json, list, type RequestContext, type Route } from '../router';
import type { CommentRecord, PullRequestRecord, RepositoryRecord, StatusRecord, ThreadRecord, TypedValue } from '../state';
import { intParam, page, projectOf, repoOf, viewsOf } from './common';
import { newStatus } from './git';

const PR = '{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}';
const ITERATION = `${PR}/iterations/{iterationId}`;
const THREAD = `${PR}/threads/{threadId}`;

export const pullRequestRoutes: Route[] = [
  {
    name: 'git.pullRequests.list',
    method: 'GET',
    template: '{project}/_apis/git/repositories/{repositoryId}/pullRequests',
    location: LOCATIONS.pullRequests,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return listPullRequests(ctx, (pr) => pr.repositoryId === repo.id);
    },
  },
  {
    name: 'git.pullRequests.listByProject',
    method: 'GET',
    template: '{project}/_apis/git/pullRequests',
    location: LOCATIONS.pullRequestsByProject,
    handler: (ctx) => {
      const project = projectOf(ctx);
      return listPullRequests(ctx, (pr) => ctx.store.repositoryById(pr.repositoryId).projectId === project.id);
    },
  },
  {
    name: 'git.pullRequests.getById',
    method: 'GET',
    template: '{project}/_apis/git/pullRequests/{pullRequestId}',
    location: LOCATIONS.pullRequestById,
    handler: (ctx) => json(viewsOf(ctx).pullRequest(ctx.store.pullRequestInProject(projectOf(ctx), intParam(ctx, 'pullRequestId'))), types.gitPullRequest),
  },
  {
    name: 'git.pullRequests.getByIdInOrganization',
    method: 'GET',
    template: '_apis/git/pullRequests/{pullRequestId}',
    location: LOCATIONS.pullRequestById,
    handler: (ctx) => json(viewsOf(ctx).pullRequest(ctx.store.pullRequestInProject(undefined, intParam(ctx, 'pullRequestId'))), types.gitPullRequest),
  },
  {
    name: 'git.pullRequests.get',
    method: 'GET',
    template: PR,
    location: LOCATIONS.pullRequests,
    handler: (ctx) => json(viewsOf(ctx).pullRequest(prOf(ctx).pr), types.gitPullRequest),
  },

  /* ------------------------------------------------------------ iterations */
  {
    name: 'git.pullRequestIterations.list',
    method: 'GET',
    template: `${PR}/iterations`,
    location: LOCATIONS.pullRequestIterations,
    handler: (ctx) => {
      const { pr } = prOf(ctx);
      const views = viewsOf(ctx);
      return list(pr.iterations.map((it) => views.iteration(pr, it)), types.gitPullRequestIteration);
    },
  },
  {
    name: 'git.pullRequestIterations.get',
    method: 'GET',
    template: ITERATION,
    location: LOCATIONS.pullRequestIterations,
    handler: (ctx) => {
      const { pr } = prOf(ctx);
      return json(viewsOf(ctx).iteration(pr, iterationOf(pr, intParam(ctx, 'iterationId'))), types.gitPullRequestIteration);
    },
  },
  {
    name: 'git.pullRequestIterationChanges.get',
    method: 'GET',
    template: `${ITERATION}/changes`,
    location: LOCATIONS.pullRequestIterationChanges,
    handler: (ctx) => {
      const { repo, pr } = prOf(ctx);
      const iteration = iterationOf(pr, intParam(ctx, 'iterationId'));
      const compareTo = ctx.query.int('$compareTo') ?? 0;
      const base = compareTo > 0 ? iterationOf(pr, compareTo).sourceCommit : iteration.commonRefCommit;
      const all = diffTrees(repo.commits[base].tree, repo.commits[iteration.sourceCommit].tree);
      const top = Math.min(ctx.query.int('$top') ?? 100, 2000);
      const skip = ctx.query.int('$skip') ?? 0;
      if (top < 0 || skip < 0) throw errors.badRequest('$top and $skip must not be negative.');
      const tracking = changeTrackingIds(repo, pr);
      const entries = all.slice(skip, skip + top).map((c, i) => changeEntry(c, skip + i + 1, tracking));
      const more = skip + top < all.length;
      return json({ changeEntries: entries, nextSkip: more ? skip + top : 0, nextTop: more ? top : 0 }, types.gitPullRequestIterationChanges);
    },
  },

  /* ------------------------------------------------------------ statuses */
  ...statusRoutes('git.pullRequestStatuses', `${PR}/statuses`, LOCATIONS.pullRequestStatuses, false),
  ...statusRoutes('git.pullRequestIterationStatuses', `${ITERATION}/statuses`, LOCATIONS.pullRequestIterationStatuses, true),

  /* ------------------------------------------------------------ threads and comments */
  {
    name: 'git.pullRequestThreads.create',
    method: 'POST',
    template: `${PR}/threads`,
    location: LOCATIONS.pullRequestThreads,
    handler: (ctx) => {
      const { repo, pr } = prOf(ctx);
      requirePullRequestContribute(ctx.identity, repo.name);
      const body = fromWire(ctx.json<Partial<ThreadBody>>(), types.gitPullRequestCommentThread);
      if (!body.comments?.length) throw errors.badRequest('A comment thread must contain at least one comment.', 'InvalidArgumentValueException');
      checkThreadContext(body.threadContext);
      const now = ctx.store.now();
      const thread: ThreadRecord = {
        id: pr.threads.reduce((max, t) => Math.max(max, t.id), 0) + 1,
        status: body.status ?? 'active',
        threadContext: body.threadContext,
        pullRequestThreadContext: body.pullRequestThreadContext,
        // The service marks every new thread as markdown-capable.
        properties: { 'Microsoft.TeamFoundation.Discussion.SupportsMarkdown': { $type: 'System.Int32', $value: 1 }, ...typedProperties(body.properties) },
        publishedDate: now,
        lastUpdatedDate: now,
        isDeleted: false,
        comments: [],
      };
      for (const c of body.comments) thread.comments.push(newComment(ctx, thread, c));
      pr.threads.push(thread);
      ctx.store.changed();
      return json(viewsOf(ctx).thread(pr, thread), types.gitPullRequestCommentThread);
    },
  },
  {
    name: 'git.pullRequestThreads.list',
    method: 'GET',
    template: `${PR}/threads`,
    location: LOCATIONS.pullRequestThreads,
    handler: (ctx) => {
      const { pr } = prOf(ctx);
      const views = viewsOf(ctx);
      return list(pr.threads.map((t) => views.thread(pr, t)), types.gitPullRequestCommentThread);
    },
  },
  {
    name: 'git.pullRequestThreads.get',
    method: 'GET',
    template: THREAD,
    location: LOCATIONS.pullRequestThreads,
    handler: (ctx) => {
      const { pr, thread } = threadOf(ctx);
      return json(viewsOf(ctx).thread(pr, thread), types.gitPullRequestCommentThread);
    },
  },
  {
    name: 'git.pullRequestThreads.update',
    method: 'PATCH',
    template: THREAD,
    location: LOCATIONS.pullRequestThreads,
    handler: (ctx) => {
      const { repo, pr, thread } = threadOf(ctx);
      requirePullRequestContribute(ctx.identity, repo.name);
      const body = fromWire(ctx.json<Partial<ThreadBody>>(), types.gitPullRequestCommentThread);
      if (body.status !== undefined) thread.status = body.status;
      if (body.threadContext !== undefined) {
        checkThreadContext(body.threadContext);
        thread.threadContext = body.threadContext;
      }
      if (body.properties) {
        // Properties merge; a null value removes the key.
        for (const [k, v] of Object.entries(body.properties)) {
          if (v === null) delete thread.properties[k];
          else Object.assign(thread.properties, typedProperties({ [k]: v }));
        }
      }
      thread.lastUpdatedDate = ctx.store.now();
      ctx.store.changed();
      return json(viewsOf(ctx).thread(pr, thread), types.gitPullRequestCommentThread);
    },
  },
  {
    name: 'git.pullRequestThreadComments.create',
    method: 'POST',
    template: `${THREAD}/comments`,
    location: LOCATIONS.pullRequestThreadComments,
    handler: (ctx) => {
      const { repo, pr, thread } = threadOf(ctx);
      requirePullRequestContribute(ctx.identity, repo.name);
      const comment = newComment(ctx, thread, fromWire(ctx.json<Partial<CommentRecord>>(), types.comment));
      thread.comments.push(comment);
      thread.lastUpdatedDate = comment.publishedDate;
      ctx.store.changed();
      return json(viewsOf(ctx).comment(pr, thread, comment), types.comment);
    },
  },
  {
    name: 'git.pullRequestThreadComments.list',
    method: 'GET',
    template: `${THREAD}/comments`,
    location: LOCATIONS.pullRequestThreadComments,
    handler: (ctx) => {
      const { pr, thread } = threadOf(ctx);
      const views = viewsOf(ctx);
      return list(thread.comments.map((c) => views.comment(pr, thread, c)), types.comment);
    },
  },
  {
    name: 'git.pullRequestThreadComments.get',
    method: 'GET',
    template: `${THREAD}/comments/{commentId}`,
    location: LOCATIONS.pullRequestThreadComments,
    handler: (ctx) => {
      const { pr, thread, comment } = commentOf(ctx);
      return json(viewsOf(ctx).comment(pr, thread, comment), types.comment);
    },
  },
  {
    name: 'git.pullRequestThreadComments.update',
    method: 'PATCH',
    template: `${THREAD}/comments/{commentId}`,
    location: LOCATIONS.pullRequestThreadComments,
    handler: (ctx) => {
      const { repo, pr, thread, comment } = commentOf(ctx);
      requirePullRequestContribute(ctx.identity, repo.name);
      const body = ctx.json<{ content?: string }>();
      const now = ctx.store.now();
      if (body.content !== undefined) {
        comment.content = body.content;
        comment.lastContentUpdatedDate = now;
      }
      comment.lastUpdatedDate = now;
      thread.lastUpdatedDate = now;
      ctx.store.changed();
      return json(viewsOf(ctx).comment(pr, thread, comment), types.comment);
    },
  },
  {
    name: 'git.pullRequestThreadComments.delete',
    method: 'DELETE',
    template: `${THREAD}/comments/{commentId}`,
    location: LOCATIONS.pullRequestThreadComments,
    handler: (ctx) => {
      const { repo, thread, comment } = commentOf(ctx);
      requirePullRequestContribute(ctx.identity, repo.name);
      comment.isDeleted = true;
      comment.lastUpdatedDate = thread.lastUpdatedDate = ctx.store.now();
      ctx.store.changed();
      return empty();
    },
  },
];

/** Create / list / get / delete / bulk-remove, for PR statuses and iteration statuses alike. */
function statusRoutes(name: string, base: string, location: Route['location'], perIteration: boolean): Route[] {
  const scope = (ctx: RequestContext) => {
    const { repo, pr } = prOf(ctx);
    const iterationId = perIteration ? iterationOf(pr, intParam(ctx, 'iterationId')).id : undefined;
    const visible = pr.statuses.filter((s) => iterationId === undefined || s.iterationId === iterationId);
    return { repo, pr, iterationId, visible };
  };
  const find = (ctx: RequestContext) => {
    const { repo, pr, visible } = scope(ctx);
    const id = intParam(ctx, 'statusId');
    const status = visible.find((s) => s.id === id);
    if (!status) throw errors.statusNotFound(id);
    return { repo, pr, status };
  };
  return [
    {
      name: `${name}.create`,
      method: 'POST',
      template: base,
      location,
      handler: (ctx) => {
        const { repo, pr, iterationId } = scope(ctx);
        requirePullRequestContribute(ctx.identity, repo.name);
        const body = fromWire(ctx.json<Partial<StatusRecord>>(), types.gitPullRequestStatus);
        if (iterationId !== undefined) body.iterationId = iterationId;
        else if (body.iterationId !== undefined) iterationOf(pr, body.iterationId);
        const status = newStatus(ctx, { ...body, properties: body.properties && typedProperties(body.properties) }, pr.statuses.reduce((m, s) => Math.max(m, s.id), 0) + 1);
        pr.statuses.push(status);
        ctx.store.changed();
        return json(viewsOf(ctx).status(status), types.gitPullRequestStatus);
      },
    },
    {
      name: `${name}.list`,
      method: 'GET',
      template: base,
      location,
      handler: (ctx) => {
        const views = viewsOf(ctx);
        return list(scope(ctx).visible.map((s) => views.status(s)), types.gitPullRequestStatus);
      },
    },
    {
      name: `${name}.get`,
      method: 'GET',
      template: `${base}/{statusId}`,
      location,
      handler: (ctx) => json(viewsOf(ctx).status(find(ctx).status), types.gitPullRequestStatus),
    },
    {
      name: `${name}.delete`,
      method: 'DELETE',
      template: `${base}/{statusId}`,
      location,
      handler: (ctx) => {
        const { repo, pr, status } = find(ctx);
        requirePullRequestContribute(ctx.identity, repo.name);
        pr.statuses.splice(pr.statuses.indexOf(status), 1);
        ctx.store.changed();
        return empty();
      },
    },
    {
      // JSON Patch document; the service supports only `remove` of `/{statusId}`.
      name: `${name}.update`,
      method: 'PATCH',
      template: base,
      location,
      handler: (ctx) => {
        const { repo, pr, visible } = scope(ctx);
        requirePullRequestContribute(ctx.identity, repo.name);
        const ops = ctx.json<Array<{ op?: string | number; path?: string }>>();
        if (!Array.isArray(ops)) throw errors.badRequest('The body must be a JSON Patch document (an array of operations).');
        const ids = ops.map((op) => {
          const id = Number(/^\/(\d+)$/.exec(op.path ?? '')?.[1]);
          // Clients send the operation by name or as the Operation enum value (remove = 1).
          const isRemove = op.op === 1 || String(op.op).toLowerCase() === 'remove';
          if (!isRemove || !Number.isInteger(id)) {
            throw errors.badRequest(`Unsupported operation '${op.op} ${op.path}': only 'remove' of '/{statusId}' is supported.`);
          }
          if (!visible.some((s) => s.id === id)) throw errors.statusNotFound(id);
          return id;
        });
        pr.statuses = pr.statuses.filter((s) => !ids.includes(s.id));
        ctx.store.changed();
        return empty();
      },
    },
  ];
}

interface ThreadBody {
  comments: Array<Partial<CommentRecord>>;
  status: string;
  threadContext: unknown;
  pullRequestThreadContext: unknown;
  properties: Record<string, unknown>;
}

function listPullRequests(ctx: RequestContext, inScope: (pr: PullRequestRecord) => boolean) {
  const q = ctx.query;
  const status = enumFromQuery(q.get('searchCriteria.status'), enumTypes.pullRequestStatus)?.[0] ?? 'active';
  const source = q.get('searchCriteria.sourceRefName');
  const target = q.get('searchCriteria.targetRefName');
  const creator = q.get('searchCriteria.creatorId');
  const repoId = q.get('searchCriteria.repositoryId');
  const prs = ctx.store.data.pullRequests
    .filter(inScope)
    .filter((pr) => ctx.store.canSee(ctx.store.data.repositories.find((r) => r.id === pr.repositoryId)?.projectId ?? ''))
    .filter((pr) => status === 'all' || pr.status === status)
    .filter((pr) => !source || pr.sourceRefName === source)
    .filter((pr) => !target || pr.targetRefName === target)
    .filter((pr) => !creator || pr.createdBy === creator)
    .filter((pr) => !repoId || pr.repositoryId === repoId)
    .sort((a, b) => b.pullRequestId - a.pullRequestId);
  const views = viewsOf(ctx);
  return list(page(prs, ctx, 101).map((pr) => views.pullRequest(pr)), types.gitPullRequest);
}

function prOf(ctx: RequestContext): { repo: RepositoryRecord; pr: PullRequestRecord } {
  const repo = repoOf(ctx);
  return { repo, pr: ctx.store.pullRequest(repo, intParam(ctx, 'pullRequestId')) };
}

function iterationOf(pr: PullRequestRecord, id: number) {
  const it = pr.iterations.find((i) => i.id === id);
  if (!it) throw errors.iterationNotFound(id);
  return it;
}

function threadOf(ctx: RequestContext) {
  const { repo, pr } = prOf(ctx);
  const id = intParam(ctx, 'threadId');
  const thread = pr.threads.find((t) => t.id === id);
  if (!thread) throw errors.threadNotFound(id);
  return { repo, pr, thread };
}

function commentOf(ctx: RequestContext) {
  const found = threadOf(ctx);
  const id = intParam(ctx, 'commentId');
  const comment = found.thread.comments.find((c) => c.id === id);
  if (!comment) throw errors.commentNotFound(id);
  return { ...found, comment };
}

function newComment(ctx: RequestContext, thread: ThreadRecord, c: Partial<CommentRecord>): CommentRecord {
  if (typeof c.content !== 'string') throw errors.badRequest('A comment must have content.', 'InvalidArgumentValueException');
  const now = ctx.store.now();
  return {
    id: thread.comments.reduce((max, x) => Math.max(max, x.id), 0) + 1,
    parentCommentId: c.parentCommentId ?? 0,
    content: c.content,
    commentType: c.commentType ?? 'text',
    author: ctx.identity.id,
    publishedDate: now,
    lastUpdatedDate: now,
    lastContentUpdatedDate: now,
    isDeleted: false,
  };
}

function checkThreadContext(context: unknown): void {
  if (!context || typeof context !== 'object') return;
  const c = context as Record<string, { line?: unknown } | undefined>;
  for (const key of ['rightFileStart', 'rightFileEnd', 'leftFileStart', 'leftFileEnd']) {
    const line = c[key]?.line;
    if (line !== undefined && (typeof line !== 'number' || line < 1)) {
      throw errors.badRequest(`threadContext.${key}.line must be a line number of at least 1.`, 'InvalidArgumentValueException');
    }
  }
}

/**
 * Properties as the service stores them: `{"$type": "System.String", "$value": "..."}`.
 * Clients may send that form or plain values.
 */
function typedProperties(props: Record<string, unknown> | undefined): Record<string, TypedValue> {
  const out: Record<string, TypedValue> = {};
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value && typeof value === 'object' && '$value' in value) {
      const v = value as { $type?: string; $value: unknown };
      out[key] = { $type: v.$type ?? clrType(v.$value), $value: v.$value };
    } else if (value !== null && value !== undefined) {
      out[key] = typeof value === 'object' ? { $type: 'System.String', $value: JSON.stringify(value) } : { $type: clrType(value), $value: value };
    }
  }
  return out;
}

function clrType(value: unknown): string {
  if (typeof value === 'boolean') return 'System.Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? (Math.abs(value) < 2 ** 31 ? 'System.Int32' : 'System.Int64') : 'System.Double';
  return 'System.String';
}

/**
 * Change tracking ids stay with a file across iterations (and follow renames), so clients can
 * match a thread to a file in any iteration. Derived from the iterations in order.
 */
function changeTrackingIds(repo: RepositoryRecord, pr: PullRequestRecord): Map<string, number> {
  const ids = new Map<string, number>();
  let next = 1;
  for (const it of pr.iterations) {
    for (const c of diffTrees(repo.commits[it.commonRefCommit].tree, repo.commits[it.sourceCommit].tree)) {
      if (ids.has(c.path)) continue;
      const inherited = c.originalPath !== undefined ? ids.get(c.originalPath) : undefined;
      ids.set(c.path, inherited ?? next++);
    }
  }
  return ids;
}

function changeEntry(c: TreeChange, changeId: number, tracking: Map<string, number>) {
  return {
    changeTrackingId: tracking.get(c.path) ?? Math.max(0, ...tracking.values()) + changeId,
    changeId,
    item: { objectId: c.objectId, originalObjectId: c.originalObjectId, path: c.path },
    changeType: c.changeType,
    ...(c.originalPath ? { sourceServerItem: c.originalPath, originalPath: c.originalPath } : {}),
  };
}
