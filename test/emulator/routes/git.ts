/**
 * Git: repositories, items (file content at a branch or commit), commits, commit diffs, merge
 * bases and commit statuses: what diff-aware scanning and status reporting need.
 */
import { createHash } from 'node:crypto';
import { requireGenericContribute } from '../auth';
import { enumFromQuery, enumTypes, fromWire, types } from '../dialect';
import { errors } from '../errors';
import { diffTrees, listTree, mergeBase, normalisePath, type TreeEntry } from '../gitModel';
import { LOCATIONS } from '../locations';
import { json, list, type RequestContext, type Route } from '../router';
import type { RepositoryRecord, StatusRecord } from '../state';
import { page, projectOf, repoOf, viewsOf } from './common';

const REPO = '{project}/_apis/git/repositories/{repositoryId}';

export const gitRoutes: Route[] = [
  {
    name: 'git.repositories.list',
    method: 'GET',
    template: '{project}/_apis/git/repositories',
    location: LOCATIONS.repositories,
    handler: (ctx) => listRepositories(ctx, projectOf(ctx).id),
  },
  {
    name: 'git.repositories.listAll',
    method: 'GET',
    template: '_apis/git/repositories',
    location: LOCATIONS.repositories,
    handler: (ctx) => listRepositories(ctx),
  },
  {
    name: 'git.repositories.get',
    method: 'GET',
    template: REPO,
    location: LOCATIONS.repositories,
    handler: (ctx) => json(viewsOf(ctx).repository(repoOf(ctx)), types.gitRepository),
  },
  {
    name: 'git.repositories.getById',
    method: 'GET',
    template: '_apis/git/repositories/{repositoryId}',
    location: LOCATIONS.repositories,
    handler: (ctx) => json(viewsOf(ctx).repository(repoOf(ctx)), types.gitRepository),
  },
  {
    name: 'git.items.get',
    method: 'GET',
    template: `${REPO}/items`,
    location: LOCATIONS.items,
    handler: (ctx) => getItems(ctx, ctx.query.get('path')),
  },
  {
    name: 'git.items.getByPath',
    method: 'GET',
    template: `${REPO}/items/{*path}`,
    location: LOCATIONS.items,
    handler: (ctx) => getItems(ctx, ctx.query.get('path') ?? ctx.params.path),
  },
  {
    name: 'git.commits.get',
    method: 'GET',
    template: `${REPO}/commits/{commitId}`,
    location: LOCATIONS.commits,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return json(viewsOf(ctx).commit(repo, commitOf(repo, ctx.params.commitId)), types.gitCommitRef);
    },
  },
  {
    name: 'git.diffs.commits',
    method: 'GET',
    template: `${REPO}/diffs/commits`,
    location: LOCATIONS.commitDiffs,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const base = resolveVersion(repo, ctx.query.get('baseVersion'), ctx.query.get('baseVersionType'), ctx.query.get('baseVersionOptions'));
      const target = resolveVersion(repo, ctx.query.get('targetVersion'), ctx.query.get('targetVersionType'), ctx.query.get('targetVersionOptions'));
      const common = mergeBase(repo.commits, base, target) ?? base;
      // Like the service, the diff is taken from the common commit (three-dot), unless diffCommonCommit=false.
      const from = ctx.query.bool('diffCommonCommit') === false ? base : common;
      const all = diffTrees(repo.commits[from].tree, repo.commits[target].tree);
      const changes = page(all, ctx, 100);
      const counts: Record<string, number> = {};
      for (const c of all) counts[capitalise(c.changeType)] = (counts[capitalise(c.changeType)] ?? 0) + 1;
      return json({
        allChangesIncluded: changes.length === all.length,
        changeCounts: counts,
        changes: changes.map((c) => ({
          item: { objectId: c.objectId, originalObjectId: c.originalObjectId, gitObjectType: 'blob', commitId: target, path: c.path },
          changeType: c.changeType,
          ...(c.originalPath ? { sourceServerItem: c.originalPath, originalPath: c.originalPath } : {}),
        })),
        commonCommit: common,
        baseCommit: base,
        targetCommit: target,
        aheadCount: countAhead(repo, target, base),
        behindCount: countAhead(repo, base, target),
      }, types.gitCommitDiffs);
    },
  },
  {
    name: 'git.mergeBases.list',
    method: 'GET',
    template: '{project}/_apis/git/repositories/{repositoryNameOrId}/commits/{commitId}/mergeBases',
    location: LOCATIONS.mergeBases,
    handler: (ctx) => {
      const repo = repoOf(ctx, 'repositoryNameOrId');
      const other = ctx.query.get('otherCommitId');
      if (!other) throw errors.badRequest('The otherCommitId query parameter is required.');
      const base = mergeBase(repo.commits, commitOf(repo, ctx.params.commitId), commitOf(repo, other));
      return list(base ? [viewsOf(ctx).commitRef(repo, base)] : [], types.gitCommitRef);
    },
  },
  {
    name: 'git.commitStatuses.create',
    method: 'POST',
    template: `${REPO}/commits/{commitId}/statuses`,
    location: LOCATIONS.commitStatuses,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      requireGenericContribute(ctx.identity, repo.name);
      const commitId = commitOf(repo, ctx.params.commitId);
      const body = fromWire(ctx.json<Partial<StatusRecord>>(), types.gitStatus);
      const status = newStatus(ctx, body, ctx.store.data.counters.commitStatusId++);
      ctx.store.data.commitStatuses.push({ ...status, repositoryId: repo.id, commitId });
      ctx.store.changed();
      return json(viewsOf(ctx).status(status), types.gitStatus);
    },
  },
  {
    name: 'git.commitStatuses.list',
    method: 'GET',
    template: `${REPO}/commits/{commitId}/statuses`,
    location: LOCATIONS.commitStatuses,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const commitId = commitOf(repo, ctx.params.commitId);
      let statuses = ctx.store.data.commitStatuses.filter((s) => s.repositoryId === repo.id && s.commitId === commitId).reverse();
      if (ctx.query.bool('latestOnly')) {
        const seen = new Set<string>();
        statuses = statuses.filter((s) => {
          const key = `${s.context.genre ?? ''}/${s.context.name}`;
          return !seen.has(key) && seen.add(key);
        });
      }
      const views = viewsOf(ctx);
      return list(page(statuses, ctx, 1000).map((s) => views.status(s)), types.gitStatus);
    },
  },
];

function listRepositories(ctx: RequestContext, projectId?: string) {
  const views = viewsOf(ctx);
  const repos = ctx.store.data.repositories
    .filter((r) => (!projectId || r.projectId === projectId) && ctx.store.canSee(r.projectId))
    .sort((a, b) => a.name.localeCompare(b.name));
  return list(repos.map((r) => views.repository(r)), types.gitRepository);
}

/** Validates a status body and stamps who and when, shared with pull request statuses. */
export function newStatus(ctx: RequestContext, body: Partial<StatusRecord>, id: number): StatusRecord {
  if (!body.context?.name) throw errors.badRequest('The status context name must be specified.', 'InvalidArgumentValueException');
  const now = ctx.store.now();
  return {
    id,
    state: body.state ?? 'notSet',
    description: body.description,
    context: { name: body.context.name, genre: body.context.genre },
    targetUrl: body.targetUrl,
    iterationId: body.iterationId,
    properties: body.properties,
    createdBy: ctx.identity.id,
    creationDate: now,
    updatedDate: now,
  };
}

function commitOf(repo: RepositoryRecord, id: string): string {
  const full = Object.keys(repo.commits).find((c) => c === id.toLowerCase() || (id.length >= 7 && c.startsWith(id.toLowerCase())));
  if (!full) throw errors.unresolvableVersion(`'${id}' (commit)`, repo.name);
  return full;
}

/** Resolves a version descriptor (branch, tag or commit; names or numeric enum values) to a commit. */
function resolveVersion(repo: RepositoryRecord, version: string | undefined, versionType?: string, versionOptions?: string): string {
  const type = enumFromQuery(versionType, enumTypes.gitVersionType)?.[0] ?? 'branch';
  const options = enumFromQuery(versionOptions, enumTypes.gitVersionOptions)?.[0] ?? 'none';
  let commit: string | undefined;
  if (type === 'commit') {
    commit = version ? commitOf(repo, version) : undefined;
  } else if (type === 'branch') {
    const ref = version ? (version.startsWith('refs/') ? version : `refs/heads/${version}`) : repo.defaultBranch;
    commit = ref ? repo.refs[ref] : undefined;
  } else if (version) {
    commit = repo.refs[version.startsWith('refs/') ? version : `refs/tags/${version}`];
  }
  if (!commit) throw errors.unresolvableVersion(`'${version ?? '(default branch)'}' (${type})`, repo.name);
  if (options === 'previousChange' || options === 'firstParent') {
    const parent = repo.commits[commit].parents[0];
    if (!parent) throw errors.unresolvableVersion(`'${version}' (${type}, ${options})`, repo.name);
    commit = parent;
  }
  return commit;
}

function getItems(ctx: RequestContext, path: string | undefined) {
  const repo = repoOf(ctx);
  const q = ctx.query;
  const commitId = resolveVersion(repo, q.get('versionDescriptor.version'), q.get('versionDescriptor.versionType'), q.get('versionDescriptor.versionOptions'));
  const tree = repo.commits[commitId].tree;
  const recursion = enumFromQuery(q.get('recursionLevel'), enumTypes.versionControlRecursionType)?.[0] ?? 'none';
  const scope = path ?? q.get('scopePath') ?? '/';
  const depth = recursion === 'full' ? 'full' : recursion === 'none' ? 'none' : 'oneLevel';
  const entries = listTree(tree, scope, depth);
  if (!entries) throw errors.itemNotFound(normalisePath(scope), repo.name, `'${commitId}' (commit)`);
  const format = (q.get('$format') ?? '').toLowerCase();
  const wantsContent = q.bool('includeContent') === true;
  const item = (e: TreeEntry) => ({
    objectId: e.objectId ?? treeId(tree, e.path),
    gitObjectType: e.isFolder ? 'tree' : 'blob',
    commitId,
    path: e.path,
    isFolder: e.isFolder || undefined,
    content: wantsContent && !e.isFolder && e.objectId ? ctx.store.blob(e.objectId) : undefined,
    contentMetadata: q.bool('includeContentMetadata') && !e.isFolder ? contentMetadata(e.path) : undefined,
    url: ctx.urls.to(`${repo.projectId}/_apis/git/repositories/${repo.id}/items?path=${encodeURIComponent(e.path)}&versionType=Commit&version=${commitId}`),
  });

  // A single path without recursion answers the item itself; raw content when asked for.
  if (path !== undefined && depth === 'none') {
    const entry = entries[0];
    const accept = ctx.dialect.mediaTypes[0] ?? 'application/json';
    const raw = format === 'text' ? 'text/plain'
      : format === 'octetstream' ? 'application/octet-stream'
      : format === 'json' ? undefined
      : accept === 'text/plain' || accept === 'application/octet-stream' ? accept : undefined;
    if (format === 'zip' || accept === 'application/zip') throw errors.badRequest('The emulator does not serve items as zip.');
    if (raw) {
      if (entry.isFolder) throw errors.badRequest(`'${entry.path}' is a folder and has no content.`, 'InvalidArgumentValueException');
      const headers: Record<string, string> = q.bool('download')
        ? { 'content-disposition': `attachment; filename="${entry.path.split('/').pop()}"` } : {};
      return { kind: 'raw' as const, body: ctx.store.blob(entry.objectId as string), contentType: `${raw}; charset=utf-8`, headers };
    }
    return json(item(entry), types.gitItem);
  }
  return list(entries.map(item), types.gitItem);
}

function treeId(tree: Record<string, string>, folder: string): string {
  const prefix = folder === '/' ? '/' : `${folder}/`;
  const listing = Object.keys(tree).filter((p) => p.startsWith(prefix)).sort().map((p) => `${tree[p]} ${p}`).join('\n');
  return createHash('sha1').update(`tree ${listing}`).digest('hex');
}

function contentMetadata(path: string) {
  const fileName = path.split('/').pop() as string;
  const extension = fileName.includes('.') ? fileName.split('.').pop() : '';
  return { encoding: 65001, contentType: 'text/plain', fileName, extension, isBinary: false, isImage: false };
}

function countAhead(repo: RepositoryRecord, from: string, other: string): number {
  const reachable = (start: string) => {
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...repo.commits[id].parents);
    }
    return seen;
  };
  const ofOther = reachable(other);
  return [...reachable(from)].filter((id) => !ofOther.has(id)).length;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
