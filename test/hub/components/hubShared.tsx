/**
 * Renders one of the hub's views inside the context HubApp gives it (services, page data,
 * repositories, permission, route), with in-memory services, recording where it navigates.
 */
import * as React from 'react';
import type { HubRoute } from '../../../hub/shared/data/hubRoute';
import type { HubServices } from '../../../hub/shared/services/hubServices';
import { HubData } from '../../../hub/securityHub/data/hubData';
import { HubSharedContext, type EditPermission, type HubShared } from '../../../hub/securityHub/HubContext';
import { fakeHub, type FakeHub } from './fakeServices';
import { mount, type Mounted } from './render';

export interface InHub extends FakeHub, Mounted {
  shared: HubShared;
  /** Every navigate() call, in order. */
  navigations: Array<{ change: Partial<HubRoute>; replace: boolean }>;
}

export async function inHub(element: React.ReactElement, options: Parameters<typeof fakeHub>[0] & { permission?: EditPermission; setup?: (project: FakeHub['project']) => void; wrap?: (services: HubServices) => HubServices } = {}): Promise<InHub> {
  const hub = await fakeHub(options);
  options.setup?.(hub.project);
  const services = options.wrap ? options.wrap(hub.services) : hub.services;
  const repos = [...(await hub.services.listRepositories())].sort((a, b) => a.name.localeCompare(b.name));
  hub.project.resetCalls();
  const navigations: InHub['navigations'] = [];
  const shared: HubShared = {
    services,
    data: new HubData(services, repos),
    repos,
    permission: options.permission ?? { state: 'allowed' },
    route: options.route ?? { tab: 'overview' },
    navigate: (change, o) => navigations.push({ change, replace: !!o?.replace }),
  };
  const m = mount(<HubSharedContext.Provider value={shared}>{element}</HubSharedContext.Provider>);
  return { ...hub, ...m, shared, navigations };
}
