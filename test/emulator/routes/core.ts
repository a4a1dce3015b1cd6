/** Core: projects. */
import { types } from '../dialect';
import { LOCATIONS } from '../locations';
import { json, list, type Route } from '../router';
import { page, viewsOf } from './common';

export const coreRoutes: Route[] = [
  {
    name: 'core.projects.list',
    method: 'GET',
    template: '_apis/projects',
    location: LOCATIONS.projects,
    handler: (ctx) => {
      const views = viewsOf(ctx);
      const projects = [...ctx.store.data.projects].sort((a, b) => a.name.localeCompare(b.name));
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
];
