/**
 * Policy: branch policy configurations (`{project}/_apis/policy/configurations[/{id}]`,
 * policy-7.1.json: Configurations_List / Create / Get / Update / Delete) and policy types.
 *
 * Shapes follow the spec (`PolicyConfiguration`: id, revision, type {id, displayName, url},
 * isEnabled, isBlocking, isDeleted, settings, createdBy, createdDate, url). Creating, updating
 * and deleting need *Edit policies* on the repository the scope names (auth.ts); reading needs
 * project membership. Delete answers 204 and the configuration leaves the list (the service
 * soft-deletes: a GET by id still answers, with `isDeleted: true`).
 *
 * Guesses (test/emulator/README.md): the type ids and display names are not in the spec; they
 * come from public clients and tools (Microsoft's Terraform provider, the Azure CLI extension).
 * The validation messages and their type keys are guesses; a client depends only on the 400.
 * Paging: `$top` and a `continuationToken` (the next id) returned in `x-ms-continuationtoken`.
 */
import { isProjectMember, requireEditPolicies } from '../auth';
import { errors } from '../errors';
import { LOCATIONS } from '../locations';
import { empty, json, list, type RequestContext, type Route } from '../router';
import type { PolicyConfigurationRecord } from '../state';
import { viewsOf } from './common';

export const POLICY_TYPES: Record<string, { displayName: string; description: string }> = {
  'cbdc66da-9728-4af8-aada-9a5a32e4a226': { displayName: 'Status', description: 'This policy will require a successful status to be posted before updating protected refs.' },
  '0609b952-1397-4640-95ec-e00a01b2c241': { displayName: 'Build', description: 'This policy will require a successful build has been performed before updating protected refs.' },
  'fa4e907d-c16b-4a4c-9dfa-4906e5d171dd': { displayName: 'Minimum number of reviewers', description: 'This policy will ensure that a minimum number of reviewers have approved a pull request before completion.' },
};
const STATUS_TYPE = 'cbdc66da-9728-4af8-aada-9a5a32e4a226';

interface ScopeEntry {
  repositoryId?: string | null;
  refName?: string;
  matchKind?: string;
}

function configurations(ctx: RequestContext): PolicyConfigurationRecord[] {
  ctx.store.data.policyConfigurations ??= [];
  return ctx.store.data.policyConfigurations;
}

function view(ctx: RequestContext, c: PolicyConfigurationRecord): Record<string, unknown> {
  const type = POLICY_TYPES[c.typeId];
  const url = ctx.urls.to(`${c.projectId}/_apis/policy/configurations/${c.id}`);
  return {
    createdBy: viewsOf(ctx).identityRef(c.createdBy),
    createdDate: c.createdDate,
    isEnabled: c.isEnabled,
    isBlocking: c.isBlocking,
    isDeleted: c.isDeleted,
    settings: c.settings,
    _links: { self: { href: url }, policyType: { href: ctx.urls.to(`${c.projectId}/_apis/policy/types/${c.typeId}`) } },
    revision: c.revision,
    id: c.id,
    url,
    type: { id: c.typeId, url: ctx.urls.to(`${c.projectId}/_apis/policy/types/${c.typeId}`), displayName: type?.displayName ?? c.typeId },
  };
}

/** The body's type, flags and settings, checked as the service would refuse them (400). */
function readBody(ctx: RequestContext): { typeId: string; isEnabled: boolean; isBlocking: boolean; settings: Record<string, unknown>; scope: ScopeEntry[] } {
  const body = ctx.json<Record<string, unknown>>();
  if (!body || typeof body !== 'object') throw errors.badRequest('The policy configuration is missing.', 'InvalidArgumentValueException');
  const typeId = String((body.type as { id?: unknown } | undefined)?.id ?? '').toLowerCase();
  if (!POLICY_TYPES[typeId]) throw errors.badRequest(`The policy type '${typeId || '(none)'}' does not exist.`, 'PolicyTypeNotFoundException');
  const settings = body.settings as Record<string, unknown> | undefined;
  if (!settings || typeof settings !== 'object') throw errors.badRequest('The policy configuration has no settings.', 'InvalidArgumentValueException');
  const scope = settings.scope;
  if (!Array.isArray(scope) || !scope.length) throw errors.badRequest('The policy settings must have a scope.', 'InvalidArgumentValueException');
  if (typeId === STATUS_TYPE && (typeof settings.statusName !== 'string' || !settings.statusName)) throw errors.badRequest('A status policy needs a statusName.', 'InvalidArgumentValueException');
  return { typeId, isEnabled: body.isEnabled !== false, isBlocking: body.isBlocking === true, settings, scope: scope as ScopeEntry[] };
}

/** Edit policies on every repository the scope names (the project's, for a project-wide scope). */
function requireEditFor(ctx: RequestContext, projectId: string, scope: ScopeEntry[]): void {
  for (const s of scope) {
    if (s.repositoryId) {
      const repo = ctx.store.repository(s.repositoryId);
      if (repo.projectId !== projectId) throw errors.badRequest(`Repository ${s.repositoryId} is not in this project.`, 'InvalidArgumentValueException');
      requireEditPolicies(ctx.identity, repo.name);
    } else {
      requireEditPolicies(ctx.identity, 'all repositories of the project');
    }
  }
}

function byId(ctx: RequestContext, projectId: string): PolicyConfigurationRecord {
  const id = Number(ctx.params.configurationId);
  const found = configurations(ctx).find((c) => c.id === id && c.projectId === projectId);
  if (!found) throw errors.notFound(`The policy configuration ${ctx.params.configurationId} does not exist.`, 'PolicyConfigurationNotFoundException');
  return found;
}

function requireMember(ctx: RequestContext, project: { id: string; name: string }): void {
  if (!isProjectMember(ctx.identity, project)) throw errors.projectNotFound(project.name);
}

export const policyRoutes: Route[] = [
  {
    name: 'policy.configurations.list',
    method: 'GET',
    template: '{project}/_apis/policy/configurations',
    location: LOCATIONS.policyConfigurations,
    handler: (ctx) => {
      const project = ctx.store.project(ctx.params.project);
      requireMember(ctx, project);
      const type = ctx.query.get('policyType')?.toLowerCase();
      const after = Number(ctx.query.get('continuationToken') ?? 0) || 0;
      const top = ctx.query.int('$top');
      const all = configurations(ctx).filter((c) => c.projectId === project.id && !c.isDeleted && (!type || c.typeId === type) && c.id > after).sort((a, b) => a.id - b.id);
      const shown = top !== undefined && top >= 0 ? all.slice(0, top) : all;
      const more = shown.length < all.length;
      return list(shown.map((c) => view(ctx, c)), undefined, more ? { 'x-ms-continuationtoken': String(shown[shown.length - 1].id) } : undefined);
    },
  },
  {
    name: 'policy.configurations.create',
    method: 'POST',
    template: '{project}/_apis/policy/configurations',
    location: LOCATIONS.policyConfigurations,
    handler: (ctx) => {
      const project = ctx.store.project(ctx.params.project);
      requireMember(ctx, project);
      const body = readBody(ctx);
      requireEditFor(ctx, project.id, body.scope);
      const list = configurations(ctx);
      const record: PolicyConfigurationRecord = {
        id: list.reduce((m, c) => Math.max(m, c.id), 0) + 1, revision: 1, projectId: project.id, typeId: body.typeId,
        isEnabled: body.isEnabled, isBlocking: body.isBlocking, isDeleted: false, settings: body.settings, createdBy: ctx.identity.id, createdDate: ctx.store.now(),
      };
      list.push(record);
      ctx.store.changed();
      return json(view(ctx, record));
    },
  },
  {
    name: 'policy.configurations.get',
    method: 'GET',
    template: '{project}/_apis/policy/configurations/{configurationId}',
    location: LOCATIONS.policyConfigurations,
    handler: (ctx) => {
      const project = ctx.store.project(ctx.params.project);
      requireMember(ctx, project);
      return json(view(ctx, byId(ctx, project.id)));
    },
  },
  {
    name: 'policy.configurations.update',
    method: 'PUT',
    template: '{project}/_apis/policy/configurations/{configurationId}',
    location: LOCATIONS.policyConfigurations,
    handler: (ctx) => {
      const project = ctx.store.project(ctx.params.project);
      requireMember(ctx, project);
      const record = byId(ctx, project.id);
      const body = readBody(ctx);
      requireEditFor(ctx, project.id, [...(record.settings.scope as ScopeEntry[]), ...body.scope]);
      Object.assign(record, { typeId: body.typeId, isEnabled: body.isEnabled, isBlocking: body.isBlocking, settings: body.settings, revision: record.revision + 1 });
      ctx.store.changed();
      return json(view(ctx, record));
    },
  },
  {
    name: 'policy.configurations.delete',
    method: 'DELETE',
    template: '{project}/_apis/policy/configurations/{configurationId}',
    location: LOCATIONS.policyConfigurations,
    handler: (ctx) => {
      const project = ctx.store.project(ctx.params.project);
      requireMember(ctx, project);
      const record = byId(ctx, project.id);
      requireEditFor(ctx, project.id, record.settings.scope as ScopeEntry[]);
      record.isDeleted = true;
      ctx.store.changed();
      return empty(204);
    },
  },
  {
    name: 'policy.types.list',
    method: 'GET',
    template: '{project}/_apis/policy/types',
    location: LOCATIONS.policyTypes,
    handler: (ctx) => {
      const project = ctx.store.project(ctx.params.project);
      return list(Object.entries(POLICY_TYPES).map(([id, t]) => ({ id, displayName: t.displayName, description: t.description, url: ctx.urls.to(`${project.id}/_apis/policy/types/${id}`) })));
    },
  },
];
