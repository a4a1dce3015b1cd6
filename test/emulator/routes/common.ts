/** Look-ups shared by the route modules: route values to records, with the service's errors. */
import { errors } from '../errors';
import type { RequestContext } from '../router';
import type { ProjectRecord, RepositoryRecord } from '../state';
import { Views } from '../views';

export function projectOf(ctx: RequestContext): ProjectRecord {
  return ctx.store.project(ctx.params.project);
}

/** `{project}` is optional in many git routes: without it, ids are looked up organisation-wide. */
export function repoOf(ctx: RequestContext, param = 'repositoryId'): RepositoryRecord {
  const project = ctx.params.project ? projectOf(ctx) : undefined;
  return ctx.store.repository(ctx.params[param], project);
}

export function viewsOf(ctx: RequestContext): Views {
  return new Views(ctx.store, ctx.urls);
}

export function intParam(ctx: RequestContext, name: string): number {
  const raw = ctx.params[name];
  const n = Number(raw);
  if (!Number.isInteger(n)) throw errors.badRequest(`The route value '${name}' must be an integer, not '${raw}'.`);
  return n;
}

/** `$top` / `$skip` paging as the service applies it. */
export function page<T>(items: T[], ctx: RequestContext, defaultTop?: number): T[] {
  const skip = ctx.query.int('$skip') ?? 0;
  const top = ctx.query.int('$top') ?? defaultTop;
  if (skip < 0 || (top !== undefined && top < 0)) throw errors.badRequest('$top and $skip must not be negative.');
  return items.slice(skip, top === undefined ? undefined : skip + top);
}
