/**
 * What the clients ask before their first real call:
 * - azure-devops-node-api: `GET _apis/ResourceAreas` (which host serves each area: here, the
 *   organisation URL for all), then `OPTIONS _apis/{area}` for the area's resource locations;
 * - azure-devops-extension-api: nothing over HTTP; the host page's location service answers
 *   `getResourceAreaLocation` with the same organisation URL.
 * Plus `_apis/ConnectionData`, which tools use to learn who they are.
 */
import { ANONYMOUS } from './auth';
import { errors } from './errors';
import { AREAS, LOCATIONS, locationsOfArea } from './locations';
import { json, list, type RequestContext, type Route } from './router';
import { locationFor, type ServiceProfile } from './serviceProfile';

export function resourceAreas(ctx: RequestContext) {
  return Object.values(AREAS).map((a) => ({ id: a.id, name: a.name, locationUrl: ctx.urls.orgUrl }));
}

/** Body of `OPTIONS {org}/_apis/{area}`: the area's locations, wrapped like any list. */
export function locationData(area: string | undefined, profile: Pick<ServiceProfile, 'serverVersion'>): { count: number; value: unknown[] } {
  const value = locationsOfArea(area).map((l) => locationFor(l, profile));
  return { count: value.length, value };
}

export const discoveryRoutes: Route[] = [
  {
    name: 'location.resourceAreas.list',
    method: 'GET',
    template: '_apis/ResourceAreas',
    location: LOCATIONS.resourceAreas,
    anonymous: true,
    handler: (ctx) => list(resourceAreas(ctx)),
  },
  {
    name: 'location.resourceAreas.get',
    method: 'GET',
    template: '_apis/ResourceAreas/{areaId}',
    location: LOCATIONS.resourceAreas,
    anonymous: true,
    handler: (ctx) => {
      const area = resourceAreas(ctx).find((a) => a.id === ctx.params.areaId.toLowerCase() || a.name.toLowerCase() === ctx.params.areaId.toLowerCase());
      if (!area) throw errors.notFound(`The resource area ${ctx.params.areaId} is not served by this organization.`, 'ResourceAreaNotFoundException');
      return json(area);
    },
  },
  {
    name: 'location.connectionData.get',
    method: 'GET',
    template: '_apis/ConnectionData',
    location: LOCATIONS.connectionData,
    anonymous: true,
    handler: (ctx) => {
      const org = ctx.store.data.organization;
      const user = {
        id: ctx.identity.id,
        descriptor: ctx.identity.descriptor,
        subjectDescriptor: ctx.identity.descriptor,
        providerDisplayName: ctx.identity.displayName,
        isActive: ctx.identity !== ANONYMOUS,
        isContainer: false,
        members: [],
        memberOf: [],
        properties: { Account: { $type: 'System.String', $value: ctx.identity.uniqueName } },
        resourceVersion: 2,
        metaTypeId: 0,
      };
      return json({
        authenticatedUser: user,
        authorizedUser: user,
        instanceId: org.id,
        deploymentId: org.id,
        deploymentType: ctx.profile.serverVersion === '2022' ? 'onPremises' : 'hosted',
        locationServiceData: {
          serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7',
          defaultAccessMappingMoniker: 'PublicAccessMapping',
          lastChangeId: 1,
          lastChangeId64: 1,
          accessMappings: [{ displayName: 'Public Access Mapping', moniker: 'PublicAccessMapping', accessPoint: ctx.urls.orgUrl }],
        },
      });
    },
  },
];
