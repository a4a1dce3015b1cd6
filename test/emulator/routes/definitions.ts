/**
 * Build: pipeline definitions (build-7.1.json Definitions_List / Get / Create / Delete).
 *
 * The emulator's definitions are the ones created through this API plus one per distinct
 * `definition` its builds name (seeded builds carry only a reference): those point at the
 * build's repository. `includeAllProperties=true` answers full definitions (with `repository`
 * and `process`), as the spec's parameter says; otherwise references.
 *
 * Permissions (guesses, README.md): creating needs *Edit build pipeline*, which administrators
 * and contributors hold by default; deleting needs *Delete build pipeline*, which the emulator
 * gives administrators only. Readers get 403 either way.
 */
import { errors } from '../errors';
import { LOCATIONS } from '../locations';
import { empty, json, list, type RequestContext, type Route } from '../router';
import type { DefinitionRecord } from '../state';
import { projectOf, viewsOf } from './common';

function stored(ctx: RequestContext): DefinitionRecord[] {
  ctx.store.data.definitions ??= [];
  return ctx.store.data.definitions;
}

/** Created definitions, then those only builds know of. */
export function definitionsOf(ctx: RequestContext, projectId: string): DefinitionRecord[] {
  const out = stored(ctx).filter((d) => d.projectId === projectId && !d.deleted);
  const known = new Set(stored(ctx).map((d) => d.id));
  for (const b of ctx.store.data.builds) {
    if (b.projectId !== projectId || known.has(b.definition.id)) continue;
    known.add(b.definition.id);
    out.push({ id: b.definition.id, name: b.definition.name, path: b.definition.path || '\\', projectId, repositoryId: b.repositoryId, yamlFilename: 'azure-pipelines.yml', createdBy: b.requestedBy, createdDate: b.queueTime, revision: 1 });
  }
  return out.sort((a, b) => a.id - b.id);
}

function view(ctx: RequestContext, d: DefinitionRecord, full: boolean): Record<string, unknown> {
  const project = ctx.store.project(d.projectId);
  const views = viewsOf(ctx);
  const url = ctx.urls.to(`${project.id}/_apis/build/Definitions/${d.id}?revision=${d.revision}`);
  const ref: Record<string, unknown> = {
    id: d.id, name: d.name, path: d.path, type: 'build', queueStatus: 'enabled', revision: d.revision, url, uri: `vstfs:///Build/Definition/${d.id}`,
    project: views.projectRef(project), quality: 'definition', authoredBy: views.identityRef(d.createdBy), createdDate: d.createdDate,
  };
  if (!full) return ref;
  const repo = ctx.store.data.repositories.find((r) => r.id === d.repositoryId);
  return {
    ...ref,
    repository: repo ? { id: repo.id, name: repo.name, type: 'TfsGit', defaultBranch: repo.defaultBranch, url: ctx.urls.to(`${project.id}/_git/${encodeURIComponent(repo.name)}`) } : undefined,
    process: { type: 2, yamlFilename: d.yamlFilename },
    ...(d.description ? { description: d.description } : {}),
  };
}

function requireWrite(ctx: RequestContext, what: 'Edit build pipeline' | 'Delete build pipeline'): void {
  const role = ctx.identity.role;
  const ok = what === 'Edit build pipeline' ? role === 'projectAdmin' || role === 'contributor' : role === 'projectAdmin';
  if (!ok) throw errors.buildPermission(what, ctx.identity.displayName);
}

export const definitionRoutes: Route[] = [
  {
    name: 'build.definitions.list',
    method: 'GET',
    template: '{project}/_apis/build/definitions',
    location: LOCATIONS.definitions,
    handler: (ctx) => {
      const project = projectOf(ctx);
      const repositoryId = ctx.query.get('repositoryId')?.toLowerCase();
      const name = ctx.query.get('name')?.toLowerCase();
      const all = definitionsOf(ctx, project.id).filter((d) => (!repositoryId || d.repositoryId.toLowerCase() === repositoryId) && (!name || d.name.toLowerCase() === name));
      const skip = Number(ctx.query.get('continuationToken') ?? 0) || 0;
      const top = ctx.query.int('$top');
      const shown = all.slice(skip, top === undefined ? undefined : skip + top);
      const headers = top !== undefined && skip + top < all.length ? { 'x-ms-continuationtoken': String(skip + top) } : undefined;
      return list(shown.map((d) => view(ctx, d, ctx.query.bool('includeAllProperties') === true)), undefined, headers);
    },
  },
  {
    name: 'build.definitions.get',
    method: 'GET',
    template: '{project}/_apis/build/definitions/{definitionId}',
    location: LOCATIONS.definitions,
    handler: (ctx) => {
      const project = projectOf(ctx);
      const d = definitionsOf(ctx, project.id).find((x) => x.id === Number(ctx.params.definitionId));
      if (!d) throw errors.notFound(`The requested build definition ${ctx.params.definitionId} could not be found.`, 'DefinitionNotFoundException');
      return json(view(ctx, d, true));
    },
  },
  {
    name: 'build.definitions.create',
    method: 'POST',
    template: '{project}/_apis/build/definitions',
    location: LOCATIONS.definitions,
    handler: (ctx) => {
      const project = projectOf(ctx);
      requireWrite(ctx, 'Edit build pipeline');
      const body = ctx.json<{ name?: string; path?: string; description?: string; repository?: { id?: string; type?: string }; process?: { type?: number; yamlFilename?: string } }>();
      const name = (body?.name ?? '').trim();
      if (!name) throw errors.badRequest('The definition needs a name.', 'DefinitionNameInvalidException');
      const repo = ctx.store.repository(String(body.repository?.id ?? ''), project);
      if (String(body.repository?.type ?? '').toLowerCase() !== 'tfsgit') throw errors.badRequest('Only Azure Repos Git (TfsGit) repositories are emulated.', 'InvalidDefinitionException');
      if (body.process?.type !== 2 || !body.process.yamlFilename) throw errors.badRequest('A YAML definition needs process {type: 2, yamlFilename}.', 'InvalidDefinitionException');
      const path = body.path || '\\';
      if (definitionsOf(ctx, project.id).some((d) => d.name.toLowerCase() === name.toLowerCase() && d.path.toLowerCase() === path.toLowerCase())) {
        throw errors.badRequest(`The build pipeline ${name} already exists in folder ${path}.`, 'DefinitionExistsException');
      }
      const all = [...stored(ctx), ...definitionsOf(ctx, project.id)];
      const record: DefinitionRecord = {
        id: all.reduce((m, d) => Math.max(m, d.id), 0) + 1, name, path, projectId: project.id, repositoryId: repo.id, yamlFilename: body.process.yamlFilename,
        description: body.description, createdBy: ctx.identity.id, createdDate: ctx.store.now(), revision: 1,
      };
      stored(ctx).push(record);
      ctx.store.changed();
      return json(view(ctx, record, true));
    },
  },
  {
    name: 'build.definitions.delete',
    method: 'DELETE',
    template: '{project}/_apis/build/definitions/{definitionId}',
    location: LOCATIONS.definitions,
    handler: (ctx) => {
      const project = projectOf(ctx);
      requireWrite(ctx, 'Delete build pipeline');
      const d = stored(ctx).find((x) => x.projectId === project.id && x.id === Number(ctx.params.definitionId) && !x.deleted);
      if (!d) throw errors.notFound(`The requested build definition ${ctx.params.definitionId} could not be found.`, 'DefinitionNotFoundException');
      d.deleted = true;
      ctx.store.changed();
      return empty(200);
    },
  },
];
