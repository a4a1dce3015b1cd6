/**
 * HubServices over the extension SDK: the only module (with its siblings in hub/src/sdk) that
 * talks to the host frame and the REST APIs.
 */
import * as SDK from 'azure-devops-extension-sdk';
import type { IExtensionDataService, IHostNavigationService, ILocationService, IProjectPageService } from 'azure-devops-extension-api';
import type { HubContext, RepoRef } from '../data/model';
import type { RuleCatalog } from '../data/ruleHelp';
import type { HubServices } from '../services/hubServices';
import { ExtensionDataStore } from './extensionDataStore';
import { HostNavigation } from './hostNavigation';
import { extensionDataId, hubClients } from './clients';
import { PROJECT_GENERIC_WRITE, PROJECT_NAMESPACE_ID, projectSecurityToken } from './restClients';
import { findSarifArtifact } from './sarifArtifacts';

// Ids of CommonServiceIds (a const enum the isolated ts-loader build cannot inline).
const EXTENSION_DATA_SERVICE = 'ms.vss-features.extension-data-service';
const NAVIGATION_SERVICE = 'ms.vss-features.host-navigation-service';
const LOCATION_SERVICE = 'ms.vss-features.location-service';
const PROJECT_PAGE_SERVICE = 'ms.vss-tfs-web.tfs-page-data-service';

/** Connects to the host and builds the services; the hub renders once this resolves. */
export async function connectToHost(): Promise<HubServices> {
  await SDK.init({ loaded: false, applyTheme: true });
  await SDK.ready();
  const [projectService, locationService, navigationService, dataService, accessToken] = await Promise.all([
    SDK.getService<IProjectPageService>(PROJECT_PAGE_SERVICE),
    SDK.getService<ILocationService>(LOCATION_SERVICE),
    SDK.getService<IHostNavigationService>(NAVIGATION_SERVICE),
    SDK.getService<IExtensionDataService>(EXTENSION_DATA_SERVICE),
    SDK.getAccessToken(),
  ]);
  const [project, collectionUri, manager] = await Promise.all([
    projectService.getProject(),
    locationService.getServiceLocation(),
    // The installed extension's id, from the host (not a constant the package may not match).
    dataService.getExtensionDataManager(extensionDataId(), accessToken),
  ]);
  if (!project) throw new Error('The Security hub opens inside a project; no project was found for this page.');
  const user = SDK.getUser();
  const context: HubContext = {
    projectId: project.id,
    projectName: project.name,
    user: { id: user.id, displayName: user.displayName || user.name },
    collectionUri,
  };
  const { git, builds, containers, security } = hubClients();
  let catalog: Promise<RuleCatalog> | undefined;

  return {
    context,
    store: new ExtensionDataStore(manager),
    navigation: new HostNavigation(navigationService),
    async listRepositories(): Promise<RepoRef[]> {
      const repos = await git.getRepositories(project.id);
      return repos.map((r) => ({ id: r.id, name: r.name, defaultBranch: r.defaultBranch || undefined, webUrl: r.webUrl, isDisabled: r.isDisabled }));
    },
    async canEditSettings(): Promise<boolean> {
      const [allowed] = await security.hasPermissions(PROJECT_NAMESPACE_ID, PROJECT_GENERIC_WRITE, [projectSecurityToken(project.id)]);
      return allowed === true;
    },
    findSarifArtifact: (repo) => findSarifArtifact(builds, containers, project.id, repo),
    ruleCatalog() {
      // Shipped next to the page (hub/build/ruleCatalog.js), fetched once on first use.
      catalog ??= fetch(new URL('rule-catalog.json', document.baseURI).toString())
        .then((r) => (r.ok ? (r.json() as Promise<RuleCatalog>) : { rules: {} }))
        .catch(() => ({ rules: {} }));
      return catalog;
    },
  };
}

export function notifyLoaded(): void {
  void SDK.notifyLoadSucceeded();
}

export function notifyFailed(e: unknown): void {
  void SDK.notifyLoadFailed(e instanceof Error ? e : String(e));
}
