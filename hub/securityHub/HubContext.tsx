/**
 * What every view shares: the services, the page's data (scan index, record reader, call
 * limit), the project's repositories, whether the user may change settings and triage (asked
 * of the Security API), and how to move to another place in the hub.
 */
import * as React from 'react';
import type { HubRoute } from '../shared/data/hubRoute';
import type { RepoRef } from '../shared/data/model';
import type { HubData } from './data/hubData';
import type { HubServices } from '../shared/services/hubServices';

export type EditPermission = { state: 'checking' } | { state: 'allowed' } | { state: 'denied'; reason: string };

export interface HubShared {
  services: HubServices;
  data: HubData;
  repos: RepoRef[];
  permission: EditPermission;
  route: HubRoute;
  /** Moves to another place; `replace` changes the current history entry instead of adding one. */
  navigate(change: Partial<HubRoute>, options?: { replace?: boolean }): void;
}

export const HubSharedContext = React.createContext<HubShared | null>(null);

export function useHub(): HubShared {
  const hub = React.useContext(HubSharedContext);
  if (!hub) throw new Error('useHub() outside the hub');
  return hub;
}
