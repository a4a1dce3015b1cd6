/** Core: projects and project properties. */
import { isProjectMember, requireManageProjectProperties } from '../auth';
import { types } from '../dialect';
import { errors } from '../errors';
import { LOCATIONS } from '../locations';
import { empty, json, list, type Route } from '../router';
import { page, viewsOf } from './common';

/**
 * Longest property value the emulator accepts. The service's limit is not documented (a guess,
 * see README.md): a client that stays under it and splits larger data works either way.
 */
export const MAX_PROPERTY_VALUE_CHARS = 32_768;

export const coreRoutes: Route[] = [
  {
    name: 'core.projects.list',
    method: 'GET',
    template: '_apis/projects',
    location: LOCATIONS.projects,
    handler: (ctx) => {
      const views = viewsOf(ctx);
      const projects = ctx.store.data.projects.filter((p) => isProjectMember(ctx.identity, p)).sort((a, b) => a.name.localeCompare(b.name));
      return list(page(projects, ctx).map((p) => views.projectRef(p)), types.teamProjectReference);
    },
  },
  {
    name: 'core.projects.get',
    method: 'GET',
    template: '_apis/projects/{projectId}',
    location: LOCATIONS.projects,
    handler: (ctx) => {
      const project = viewsOf(ctx).project(ctx.store.project(ctx.params.projectId));
      // Capabilities are only sent when asked for, like the service.
      if (!ctx.query.bool('includeCapabilities')) delete project.capabilities;
      return json(project, types.teamProject);
    },
  },
  {
    // Members read (View project-level information); `keys` is comma-separated with `*`/`?` wildcards.
    name: 'core.projectProperties.get',
    method: 'GET',
    template: '_apis/projects/{projectId}/properties',
    location: LOCATIONS.projectProperties,
    handler: (ctx) => {
      const project = ctx.store.project(ctx.params.projectId);
      const filters = (ctx.query.get('keys') ?? '').split(',').map((k) => k.trim()).filter(Boolean).map(wildcard);
      const entries = Object.entries(project.properties ?? {})
        .filter(([name]) => !filters.length || filters.some((f) => f.test(name)))
        .sort(([a], [b]) => a.localeCompare(b));
      return list(entries.map(([name, value]) => ({ name, value })));
    },
  },
  {
    // JSON patch: `add` (create or update), `replace` and `remove`, path `/{name}`; all or nothing.
    name: 'core.projectProperties.set',
    method: 'PATCH',
    template: '_apis/projects/{projectId}/properties',
    location: LOCATIONS.projectProperties,
    handler: (ctx) => {
      const project = ctx.store.project(ctx.params.projectId);
      requireManageProjectProperties(ctx.identity, project);
      const contentType = String(ctx.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (contentType !== 'application/json-patch+json') {
        throw errors.unsupportedMediaType(contentType || '(none)', 'application/json-patch+json');
      }
      const ops = ctx.json<unknown>();
      if (!Array.isArray(ops) || !ops.length) throw errors.badRequest('The request body must be a JSON patch document (a non-empty array of operations).', 'VssPropertyValidationException');
      const next: Record<string, unknown> = { ...(project.properties ?? {}) };
      for (const raw of ops) {
        const op = raw as { op?: unknown; path?: unknown; value?: unknown };
        const name = typeof op.path === 'string' && op.path.startsWith('/') ? op.path.slice(1) : '';
        if (!name) throw errors.badRequest(`The operation path '${String(op.path)}' must be a slash followed by a property name.`, 'VssPropertyValidationException');
        // The node client sends the Operation enum's number (VSSInterfaces: add 0, remove 1, replace 2...).
        const verb = typeof op.op === 'number' ? PATCH_OPERATIONS[op.op] ?? String(op.op) : String(op.op ?? '').toLowerCase();
        if (verb === 'add' || verb === 'replace') {
          if (op.value === undefined || op.value === null) throw errors.badRequest(`The operation on '${name}' needs a value.`, 'VssPropertyValidationException');
          const size = typeof op.value === 'string' ? op.value.length : JSON.stringify(op.value).length;
          if (size > MAX_PROPERTY_VALUE_CHARS) throw errors.badRequest(`The value of property '${name}' is longer than ${MAX_PROPERTY_VALUE_CHARS} characters.`, 'VssPropertyValidationException');
          next[name] = op.value;
        } else if (verb === 'remove') {
          delete next[name];
        } else {
          throw errors.badRequest(`The operation '${String(op.op)}' is not supported for project properties; use add or remove.`, 'VssPropertyValidationException');
        }
      }
      project.properties = next;
      ctx.store.changed();
      return empty(200);
    },
  },
];

const PATCH_OPERATIONS = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}
