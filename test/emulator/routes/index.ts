/** Every REST route the emulator serves. */
import { discoveryRoutes } from '../discovery';
import { Router } from '../router';
import { buildRoutes } from './build';
import { containerRoutes } from './containers';
import { coreRoutes } from './core';
import { definitionRoutes } from './definitions';
import { extensionDataRoutes } from './extensionData';
import { gitRoutes } from './git';
import { permissionRoutes } from './permissions';
import { policyRoutes } from './policy';
import { pullRequestRoutes } from './pullRequests';
import { pushRoutes } from './pushes';

export function createRouter(): Router {
  const router = new Router();
  router.add(
    ...discoveryRoutes, ...coreRoutes, ...gitRoutes, ...pullRequestRoutes, ...pushRoutes, ...buildRoutes, ...definitionRoutes, ...containerRoutes,
    ...extensionDataRoutes, ...permissionRoutes, ...policyRoutes,
  );
  return router;
}
