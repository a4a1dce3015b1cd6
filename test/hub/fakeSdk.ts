/**
 * The extension SDK as a page sees it, in memory, for Node tests of the code at the host
 * boundary (hub/shared/sdk/hostConnection.ts, clients.ts, hub/securityHub/hostServices.ts,
 * hub/buildTab/buildTabHost.ts). The real SDK only runs in a frame of an Azure DevOps page (the
 * browser suite covers that); importing this module first puts the fake in its place for every
 * `require('azure-devops-extension-sdk')`, the API package's included.
 */
export interface FakeHostState {
  project: { id: string; name: string } | undefined;
  /** What the location service answers for the organization and for any resource area. */
  location: string;
  user: { id: string; name: string; displayName: string };
  extensionContext: { publisherId?: string; extensionId?: string } | undefined;
  configuration: Record<string, unknown> | undefined;
  accessToken: string;
  /** Extra host services by id (navigation, build page data...). */
  services: Record<string, unknown>;
  /** What the page told the host: init options, ready, loaded, failed. */
  calls: string[];
}

export const host: FakeHostState = freshHost();

function freshHost(): FakeHostState {
  return {
    project: { id: 'p-1', name: 'My Project' },
    location: 'https://dev.azure.com/org/',
    user: { id: 'u-1', name: 'avery@example.com', displayName: 'Avery Admin' },
    extensionContext: { publisherId: 'palisade-pub', extensionId: 'palisade' },
    configuration: {},
    accessToken: 'sdk-token',
    services: {},
    calls: [],
  };
}

/** Puts the host back as it starts (call in `beforeEach`). */
export function resetHost(): void {
  Object.assign(host, freshHost());
}

const LOCATION_SERVICE = 'ms.vss-features.location-service';
const PROJECT_PAGE_SERVICE = 'ms.vss-tfs-web.tfs-page-data-service';

const fakeSdk = {
  init: async (options: unknown) => void host.calls.push(`init ${JSON.stringify(options)}`),
  ready: async () => void host.calls.push('ready'),
  getService: async (id: string) => {
    if (id in host.services) return host.services[id];
    if (id === LOCATION_SERVICE) return { getServiceLocation: async () => host.location, getResourceAreaLocation: async () => host.location };
    if (id === PROJECT_PAGE_SERVICE) return { getProject: async () => host.project };
    throw new Error(`no host service ${id}`);
  },
  getUser: () => host.user,
  getExtensionContext: () => host.extensionContext,
  getConfiguration: () => host.configuration,
  getAccessToken: async () => host.accessToken,
  notifyLoadSucceeded: async () => void host.calls.push('loaded'),
  notifyLoadFailed: async (e: Error | string) => void host.calls.push(`failed ${e instanceof Error ? e.message : e}`),
};

const path = require.resolve('azure-devops-extension-sdk');
require.cache[path] = { id: path, filename: path, loaded: true, exports: fakeSdk, children: [], paths: [] } as unknown as NodeJS.Module;

// The API package's fetch polyfill (whatwg-fetch) reads `self` when it loads; Node has fetch.
// Loaded here, once, with `self` only for the duration (as test/emulator/testing/clients.ts does).
{
  const g = globalThis as { self?: unknown };
  const hadSelf = 'self' in g;
  if (!hadSelf) g.self = globalThis;
  try {
    for (const m of ['azure-devops-extension-api', 'azure-devops-extension-api/Build', 'azure-devops-extension-api/Git']) require(m);
  } finally {
    if (!hadSelf) delete g.self;
  }
}
