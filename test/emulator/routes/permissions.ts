/**
 * Security: `GET _apis/permissions/{securityNamespaceId}/{permissions}?tokens=...` (Permissions -
 * Has Permissions, security-7.1.json), which the Security hub calls to decide whether the
 * signed-in user may edit project settings.
 *
 * The emulator has no access control lists; it answers from the caller's role as the service's
 * default groups would: Project Administrators hold every bit of the Project namespace (and of
 * any other namespace the emulator is asked about), everyone else holds only GENERIC_READ (1);
 * in a project the caller is not a member of, nothing. MANAGE_PROPERTIES (131072) is what the
 * hub asks for before offering settings and triage.
 * One boolean per token, in the order given.
 */
import { errors } from '../errors';
import type { ResourceLocation } from '../locations';
import { list, type Route } from '../router';

/** Location of the Permissions resource, as the service registers it (area Security). */
export const PERMISSIONS_LOCATION: ResourceLocation = {
  id: 'dd3b8bd6-c7fc-4cbd-929a-933d9c011c9d',
  area: 'Security',
  resourceName: 'Permissions',
  routeTemplate: '_apis/permissions/{securityNamespaceId}/{permissions}',
  resourceVersion: 2,
  minVersion: '1.0',
  maxVersion: '7.2',
  releasedVersion: '7.1',
};

export const PROJECT_NAMESPACE_ID = '52d39943-cb85-4d7f-8fa8-c6baac873819';
export const MANAGE_PROPERTIES = 131072;
const GENERIC_READ = 1;
const PROJECT_TOKEN = /^\$PROJECT:vstfs:\/\/\/Classification\/TeamProject\/([0-9a-f-]{36})$/i;

export const permissionRoutes: Route[] = [
  {
    name: 'security.permissions.has',
    method: 'GET',
    template: PERMISSIONS_LOCATION.routeTemplate,
    location: PERMISSIONS_LOCATION,
    handler: (ctx) => {
      const bits = Number(ctx.params.permissions);
      if (!Number.isInteger(bits) || bits < 0) throw errors.badRequest(`The permissions value '${ctx.params.permissions}' is not valid.`);
      const delimiter = ctx.query.get('delimiter') || ',';
      const raw = ctx.query.get('tokens') ?? '';
      const tokens = raw === '' ? [''] : raw.split(delimiter);
      const admin = ctx.identity.role === 'projectAdmin';
      const answers = tokens.map((token) => {
        // A project token must name a project that exists, like the service's ACL lookup.
        const m = ctx.params.securityNamespaceId.toLowerCase() === PROJECT_NAMESPACE_ID ? PROJECT_TOKEN.exec(token) : null;
        // (and one the caller is a member of: a non-member holds nothing there).
        if (m && !ctx.store.data.projects.some((p) => p.id.toLowerCase() === m[1].toLowerCase() && ctx.store.canSee(p.id))) return false;
        return admin || (bits & ~GENERIC_READ) === 0;
      });
      return list(answers);
    },
  },
];
