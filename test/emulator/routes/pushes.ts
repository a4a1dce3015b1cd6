/**
 * Git writes the onboarding uses (git-7.1.json): `POST .../pushes` (Pushes_Create: a branch
 * created from a parent commit, or moved on from its current tip, with one commit of file
 * changes) and `POST .../pullRequests` (PullRequests_Create) and `PATCH .../pullRequests/{id}`
 * (PullRequests_Update: status `abandoned`).
 *
 * Pushes need *Contribute* (readers get 403 TF401027); a ref update whose `oldObjectId` is not
 * the branch's tip is refused with 409 (`GitReferenceStaleException`, the message a guess).
 * Change types: add, edit, delete; content `rawtext` or `base64encoded`.
 */
import { requireGenericContribute, requirePullRequestContribute } from '../auth';
import { types } from '../dialect';
import { ApiError, errors } from '../errors';
import { LOCATIONS } from '../locations';
import { json, list, type Route } from '../router';
import { mergeBase } from '../gitModel';
import { createMergeCommit, type PullRequestRecord } from '../state';
import { repoOf, viewsOf, intParam } from './common';

const ZERO = '0000000000000000000000000000000000000000';

interface PushBody {
  refUpdates?: { name?: string; oldObjectId?: string }[];
  commits?: { comment?: string; parents?: string[]; changes?: { changeType?: string | number; item?: { path?: string }; newContent?: { content?: string; contentType?: string | number } }[] }[];
}

export const pushRoutes: Route[] = [
  {
    // Refs_List: `filter` is a prefix after `refs/` (heads/main).
    name: 'git.refs.list',
    method: 'GET',
    template: '{project}/_apis/git/repositories/{repositoryId}/refs',
    location: LOCATIONS.refs,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const filter = ctx.query.get('filter') ?? '';
      const refs = Object.entries(repo.refs).filter(([name]) => name.startsWith(`refs/${filter}`)).sort(([a], [b]) => a.localeCompare(b));
      return list(refs.map(([name, objectId]) => ({ name, objectId, url: ctx.urls.to(`${repo.projectId}/_apis/git/repositories/${repo.id}/refs?filter=${encodeURIComponent(name.slice(5))}`) })));
    },
  },
  {
    name: 'git.pushes.create',
    method: 'POST',
    template: '{project}/_apis/git/repositories/{repositoryId}/pushes',
    location: LOCATIONS.pushes,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      requireGenericContribute(ctx.identity, repo.name);
      const body = ctx.json<PushBody>();
      const ref = body.refUpdates?.[0];
      const commit = body.commits?.[0];
      if (!ref?.name || !commit || body.refUpdates!.length !== 1 || body.commits!.length !== 1) throw errors.badRequest('The emulator takes one ref update and one commit per push.', 'InvalidArgumentValueException');
      const tip = repo.refs[ref.name];
      const old = (ref.oldObjectId ?? ZERO).toLowerCase();
      if ((tip ?? ZERO) !== old) throw new ApiError(409, 'GitReferenceStaleException', `TF402455: The ref ${ref.name} was updated by someone else (it is at ${tip ?? 'nothing'}, not ${old}).`);
      // A new branch starts from the commit's parent (another branch's tip).
      const parent = commit.parents?.[0] ?? tip;
      if (parent && !repo.commits[parent]) throw errors.badRequest(`The parent commit ${parent} does not exist.`, 'GitObjectNotFoundException');
      const files: Record<string, string | null> = {};
      for (const ch of commit.changes ?? []) {
        const path = ch.item?.path;
        if (!path) throw errors.badRequest('A change needs item.path.', 'InvalidArgumentValueException');
        const kind = String(ch.changeType).toLowerCase();
        if (kind === 'delete' || kind === '16') files[path] = null;
        else {
          const raw = ch.newContent?.content ?? '';
          const b64 = String(ch.newContent?.contentType).toLowerCase() === 'base64encoded' || String(ch.newContent?.contentType) === '1';
          files[path] = b64 ? Buffer.from(raw, 'base64').toString('utf8') : raw;
        }
      }
      if (!tip && parent) repo.refs[ref.name] = parent;
      const created = ctx.store.addCommit(repo.id, { branch: ref.name, files, comment: commit.comment ?? 'Update', author: ctx.identity.key });
      const views = viewsOf(ctx);
      return json({
        pushId: repo.commits ? Object.keys(repo.commits).length : 1, date: ctx.store.now(), pushedBy: views.identityRef(ctx.identity.id),
        refUpdates: [{ name: ref.name, oldObjectId: old, newObjectId: created.commitId }],
        commits: [{ commitId: created.commitId, comment: created.comment }], repository: views.repository(repo),
        url: ctx.urls.to(`${repo.projectId}/_apis/git/repositories/${repo.id}/pushes`),
      }, undefined, 201);
    },
  },
  {
    name: 'git.pullRequests.create',
    method: 'POST',
    template: '{project}/_apis/git/repositories/{repositoryId}/pullRequests',
    location: LOCATIONS.pullRequests,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      requirePullRequestContribute(ctx.identity, repo.name);
      const body = ctx.json<{ sourceRefName?: string; targetRefName?: string; title?: string; description?: string; isDraft?: boolean }>();
      const source = body.sourceRefName ?? '';
      const target = body.targetRefName ?? '';
      if (!repo.refs[source] || !repo.refs[target]) throw errors.badRequest(`TF401398: The pull request cannot be activated because the source and/or the target branch no longer exists.`, 'GitPullRequestCannotBeActivated');
      if (ctx.store.data.pullRequests.some((p) => p.repositoryId === repo.id && p.status === 'active' && p.sourceRefName === source && p.targetRefName === target)) {
        throw new ApiError(409, 'GitPullRequestExistsException', `TF401179: An active pull request for the source and target branch already exists.`);
      }
      const date = ctx.store.now();
      const id = ctx.store.data.counters.pullRequestId++;
      const pr: PullRequestRecord = {
        pullRequestId: id, repositoryId: repo.id, title: body.title ?? source, description: body.description ?? '', status: 'active', isDraft: !!body.isDraft,
        createdBy: ctx.identity.id, creationDate: date, sourceRefName: source, targetRefName: target, mergeId: ctx.store.newGuid(), lastMergeCommit: '',
        iterations: [{
          id: 1, sourceCommit: repo.refs[source], targetCommit: repo.refs[target], commonRefCommit: mergeBase(repo.commits, repo.refs[source], repo.refs[target]) ?? repo.refs[target],
          author: ctx.identity.id, createdDate: date, updatedDate: date, reason: 'create',
        }],
        statuses: [], threads: [],
      };
      pr.lastMergeCommit = createMergeCommit(repo, id, source, target, repo.refs[source], repo.refs[target], date);
      ctx.store.data.pullRequests.push(pr);
      ctx.store.changed();
      return json(viewsOf(ctx).pullRequest(pr), types.gitPullRequest, 201);
    },
  },
  {
    name: 'git.pullRequests.update',
    method: 'PATCH',
    template: '{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}',
    location: LOCATIONS.pullRequests,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      requirePullRequestContribute(ctx.identity, repo.name);
      const pr = ctx.store.pullRequest(repo, intParam(ctx, 'pullRequestId'));
      const body = ctx.json<{ status?: string | number; title?: string; description?: string }>();
      if (body.status !== undefined) {
        const status = String(body.status).toLowerCase();
        if (status !== 'abandoned' && status !== 'active' && status !== '2' && status !== '1') throw errors.badRequest(`The emulator sets status active or abandoned, not ${body.status}.`, 'InvalidArgumentValueException');
        pr.status = status === 'abandoned' || status === '2' ? 'abandoned' : 'active';
      }
      if (body.title) pr.title = body.title;
      if (body.description !== undefined) pr.description = body.description;
      ctx.store.changed();
      return json(viewsOf(ctx).pullRequest(pr), types.gitPullRequest);
    },
  },
];
