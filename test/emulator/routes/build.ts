/**
 * Build: builds (get, list by repository, branch and tags), build tags (what
 * `##vso[build.addbuildtag]` sets) and artifacts (create, list, get, download as zip).
 * Everything answers only to members of the build's project (*View builds*). Container artifacts point into the build's file container (containers.ts).
 */
import { requireUpdateBuildInformation } from '../auth';
import { enumFromQuery, enumTypes, types } from '../dialect';
import { errors } from '../errors';
import { LOCATIONS } from '../locations';
import { json, list, type Reply, type RequestContext, type Route } from '../router';
import type { ArtifactRecord, BuildRecord } from '../state';
import { zip } from '../zip';
import { intParam, projectOf, viewsOf } from './common';

const BUILD = '{project}/_apis/build/builds/{buildId}';

export const buildRoutes: Route[] = [
  {
    name: 'build.builds.list',
    method: 'GET',
    template: '{project}/_apis/build/builds',
    location: LOCATIONS.builds,
    handler: (ctx) => {
      const project = projectOf(ctx);
      const q = ctx.query;
      const ids = (name: string) => q.get(name)?.split(',').map(Number).filter(Number.isInteger);
      const definitions = ids('definitions');
      const buildIds = ids('buildIds');
      const statuses = enumFromQuery(q.get('statusFilter'), enumTypes.buildStatus);
      const results = enumFromQuery(q.get('resultFilter'), enumTypes.buildResult);
      const reasons = enumFromQuery(q.get('reasonFilter'), enumTypes.buildReason);
      const branch = q.get('branchName');
      const repositoryId = q.get('repositoryId');
      const buildNumber = q.get('buildNumber');
      // Builds carrying every tag listed.
      const tagFilters = q.get('tagFilters')?.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
      const order = enumFromQuery(q.get('queryOrder'), enumTypes.buildQueryOrder)?.[0] ?? 'queueTimeDescending';
      let builds = ctx.store.data.builds.filter((b) =>
        b.projectId === project.id
        && (!definitions || definitions.includes(b.definition.id))
        && (!buildIds || buildIds.includes(b.id))
        && (!statuses || statuses.includes('all') || statuses.includes(b.status))
        && (!results || (b.result !== undefined && results.includes(b.result)))
        && (!reasons || reasons.includes('all') || reasons.includes(b.reason))
        && (!branch || b.sourceBranch.toLowerCase() === branch.toLowerCase())
        && (!repositoryId || repositoryMatches(ctx, b, repositoryId))
        && (!buildNumber || matchesBuildNumber(b.buildNumber, buildNumber))
        && (!tagFilters || tagFilters.every((t) => b.tags.some((x) => x.toLowerCase() === t))));
      builds = sortBuilds(builds, order);
      const skip = Number(q.get('continuationToken') ?? 0) || 0;
      const top = q.int('$top');
      const pageOf = builds.slice(skip, top === undefined ? undefined : skip + top);
      const headers: Record<string, string> = {};
      if (top !== undefined && skip + top < builds.length) headers['x-ms-continuationtoken'] = String(skip + top);
      const views = viewsOf(ctx);
      return list(pageOf.map((b) => views.build(b)), types.build, headers);
    },
  },
  {
    name: 'build.builds.get',
    method: 'GET',
    template: BUILD,
    location: LOCATIONS.builds,
    handler: (ctx) => json(viewsOf(ctx).build(buildOf(ctx)), types.build),
  },
  {
    name: 'build.tags.list',
    method: 'GET',
    template: `${BUILD}/tags`,
    location: LOCATIONS.buildTags,
    handler: (ctx) => list([...buildOf(ctx).tags]),
  },
  {
    name: 'build.tags.add',
    method: 'PUT',
    template: `${BUILD}/tags/{tag}`,
    location: LOCATIONS.buildTags,
    handler: (ctx) => changeTags(ctx, [ctx.params.tag], []),
  },
  {
    name: 'build.tags.addMany',
    method: 'POST',
    template: `${BUILD}/tags`,
    location: LOCATIONS.buildTags,
    handler: (ctx) => {
      const body = ctx.json<unknown>();
      if (!Array.isArray(body) || body.some((t) => typeof t !== 'string')) throw errors.badRequest('The request body must be a list of tags.', 'ArgumentException');
      return changeTags(ctx, body as string[], []);
    },
  },
  {
    name: 'build.tags.update',
    method: 'PATCH',
    template: `${BUILD}/tags`,
    location: LOCATIONS.buildTags,
    handler: (ctx) => {
      const body = ctx.json<{ tagsToAdd?: unknown; tagsToRemove?: unknown }>();
      const strings = (v: unknown) => (Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []);
      return changeTags(ctx, strings(body?.tagsToAdd), strings(body?.tagsToRemove));
    },
  },
  {
    name: 'build.tags.delete',
    method: 'DELETE',
    template: `${BUILD}/tags/{tag}`,
    location: LOCATIONS.buildTags,
    handler: (ctx) => changeTags(ctx, [], [ctx.params.tag]),
  },
  {
    name: 'build.artifacts.create',
    method: 'POST',
    template: `${BUILD}/artifacts`,
    location: LOCATIONS.artifacts,
    handler: (ctx) => {
      const build = buildOf(ctx);
      requireUpdateBuildInformation(ctx.identity);
      const body = ctx.json<Partial<ArtifactRecord>>();
      if (!body.name) throw errors.badRequest('The artifact name must be specified.', 'ArgumentNullException');
      if (!body.resource?.type || body.resource.data === undefined) {
        throw errors.badRequest('The artifact resource type and data must be specified.', 'ArgumentNullException');
      }
      if (build.artifacts.some((a) => a.name.toLowerCase() === body.name?.toLowerCase())) throw errors.artifactExists(body.name, build.id);
      const artifact: ArtifactRecord = {
        id: ctx.store.data.counters.artifactId++,
        name: body.name,
        source: body.source,
        resource: { type: body.resource.type, data: body.resource.data, properties: body.resource.properties },
      };
      build.artifacts.push(artifact);
      ctx.store.changed();
      return json(viewsOf(ctx).artifact(build, artifact));
    },
  },
  {
    name: 'build.artifacts.list',
    method: 'GET',
    template: `${BUILD}/artifacts`,
    location: LOCATIONS.artifacts,
    handler: (ctx) => {
      const build = buildOf(ctx);
      const name = ctx.query.get('artifactName');
      const views = viewsOf(ctx);
      if (name === undefined) return list(build.artifacts.map((a) => views.artifact(build, a)));
      const artifact = build.artifacts.find((a) => a.name.toLowerCase() === name.toLowerCase());
      if (!artifact) throw errors.artifactNotFound(name, build.id);
      const wantsZip = (ctx.query.get('$format') ?? '').toLowerCase() === 'zip' || ctx.dialect.mediaTypes[0] === 'application/zip';
      if (wantsZip) return { kind: 'raw', body: artifactZip(ctx, artifact), contentType: 'application/zip' };
      return json(views.artifact(build, artifact));
    },
  },
];

/**
 * Adds and removes tags (case-insensitive, like the service) and answers the build's tags.
 * Who may tag is a guess (README): the build itself and administrators, as for artifacts.
 */
function changeTags(ctx: RequestContext, add: string[], remove: string[]): Reply {
  const build = buildOf(ctx);
  requireUpdateBuildInformation(ctx.identity);
  const clean = (t: string) => t.trim();
  for (const t of add.map(clean)) {
    if (!t) throw errors.badRequest('A tag must not be empty.', 'ArgumentException');
    if (!build.tags.some((x) => x.toLowerCase() === t.toLowerCase())) build.tags.push(t);
  }
  const gone = new Set(remove.map((t) => clean(t).toLowerCase()));
  build.tags = build.tags.filter((x) => !gone.has(x.toLowerCase()));
  ctx.store.changed();
  return list([...build.tags]);
}

function buildOf(ctx: RequestContext): BuildRecord {
  return ctx.store.build(projectOf(ctx), intParam(ctx, 'buildId'));
}

function repositoryMatches(ctx: RequestContext, b: BuildRecord, idOrName: string): boolean {
  const repo = ctx.store.repositoryById(b.repositoryId);
  return repo.id.toLowerCase() === idOrName.toLowerCase() || repo.name.toLowerCase() === idOrName.toLowerCase();
}

function matchesBuildNumber(actual: string, filter: string): boolean {
  return filter.endsWith('*') ? actual.startsWith(filter.slice(0, -1)) : actual === filter;
}

function sortBuilds(builds: BuildRecord[], order: string): BuildRecord[] {
  const field = order.startsWith('finish') ? 'finishTime' : order.startsWith('start') ? 'startTime' : 'queueTime';
  const sign = order.endsWith('Ascending') ? 1 : -1;
  return [...builds].sort((a, b) => sign * ((a[field] ?? '').localeCompare(b[field] ?? '') || a.id - b.id));
}

/** The artifact's files as the service's download: a zip whose entries start with the artifact folder. */
function artifactZip(ctx: RequestContext, artifact: ArtifactRecord): Buffer {
  const m = /^#\/(\d+)\/(.*)$/.exec(artifact.resource.data);
  if (artifact.resource.type.toLowerCase() !== 'container' || !m) {
    throw errors.badRequest(`Artifact ${artifact.name} is of type ${artifact.resource.type}; only Container artifacts can be downloaded here.`);
  }
  const container = ctx.store.container(Number(m[1]));
  const folder = m[2].replace(/\/$/, '');
  const files = Object.values(container.items)
    .filter((i) => i.itemType === 'file' && (i.path === folder || i.path.startsWith(`${folder}/`)))
    .map((i) => ({ path: i.path, content: Buffer.from(i.content ?? '', 'base64') }));
  return zip(files);
}
