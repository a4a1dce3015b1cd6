/**
 * The one handshake every Palisade page makes with the Azure DevOps host frame: initialise the
 * SDK, wait for the host, and read the project, the organization's URL, the user and our
 * extension's ids. The Security hub and the build tab build their services on top of it.
 */
import * as SDK from 'azure-devops-extension-sdk';
import type { ILocationService, IProjectPageService } from 'azure-devops-extension-api';

// Ids of CommonServiceIds (a const enum the isolated ts-loader build cannot inline).
const LOCATION_SERVICE = 'ms.vss-features.location-service';
const PROJECT_PAGE_SERVICE = 'ms.vss-tfs-web.tfs-page-data-service';

export interface HostConnection {
  project: { id: string; name: string };
  collectionUri: string;
  user: { id: string; displayName: string };
  /** Our publisher and extension ids, for links into our own pages (absent on hosts that do not say). */
  extension?: { publisherId: string; extensionId: string };
}

/** Connects to the host; `pageName` names the page in the error shown outside a project. */
export async function connectHost(pageName: string): Promise<HostConnection> {
  await SDK.init({ loaded: false, applyTheme: true });
  await SDK.ready();
  const [projectService, locationService] = await Promise.all([
    SDK.getService<IProjectPageService>(PROJECT_PAGE_SERVICE),
    SDK.getService<ILocationService>(LOCATION_SERVICE),
  ]);
  const [project, collectionUri] = await Promise.all([projectService.getProject(), locationService.getServiceLocation()]);
  if (!project) throw new Error(`The ${pageName} opens inside a project; no project was found for this page.`);
  const user = SDK.getUser();
  const ctx = SDK.getExtensionContext();
  return {
    project: { id: project.id, name: project.name },
    collectionUri,
    user: { id: user.id, displayName: user.displayName || user.name },
    extension: ctx?.publisherId && ctx.extensionId ? { publisherId: ctx.publisherId, extensionId: ctx.extensionId } : undefined,
  };
}

/** A host service by id (the page must have connected first). */
export function hostService<T>(id: string): Promise<T> {
  return SDK.getService<T>(id);
}

/** The page's own configuration from the host (e.g. the build a build tab is for). */
export function hostConfiguration(): Record<string, unknown> {
  return (SDK.getConfiguration() ?? {}) as Record<string, unknown>;
}

export function notifyLoaded(): void {
  void SDK.notifyLoadSucceeded();
}

export function notifyFailed(e: unknown): void {
  void SDK.notifyLoadFailed(e instanceof Error ? e : String(e));
}
