import * as azdev from 'azure-devops-node-api';
import type { IRequestOptions } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import { GitApi, type IGitApi } from 'azure-devops-node-api/GitApi';
import { BuildApi, type IBuildApi } from 'azure-devops-node-api/BuildApi';
import { CoreApi, type ICoreApi } from 'azure-devops-node-api/CoreApi';
import { FileContainerApi, type IFileContainerApi } from 'azure-devops-node-api/FileContainerApi';
import { LocationsApi } from 'azure-devops-node-api/LocationsApi';
import type { ResourceAreaInfo } from 'azure-devops-node-api/interfaces/LocationsInterfaces';
import { DEFAULT_RETRY, installRetryPolicy, type CallCounter, type RetryOptions } from './retryPolicy';

export interface ProxySettings {
  proxyUrl: string;
  proxyUsername?: string;
  proxyPassword?: string;
  proxyBypassHosts?: string[];
}

export interface ConnectionOptions {
  orgUrl: string;
  token: string;
  proxy?: ProxySettings | null;
  /** Accept self-signed certificates (Azure DevOps Server with the agent's own CA settings). */
  ignoreSslError?: boolean;
  caFile?: string;
  retry?: Partial<RetryOptions>;
}

/** The REST clients the task uses, each behind the same retry policy and call counter. */
export interface AzureClients {
  git: IGitApi;
  build: IBuildApi;
  /** Project properties (gate settings and branch triage). */
  core: ICoreApi;
  /** Files of earlier builds' artifacts (their scan records). */
  containers: IFileContainerApi;
  counter: CallCounter;
}

interface WithHttp {
  http: Parameters<typeof installRetryPolicy>[0];
  rest: { client: Parameters<typeof installRetryPolicy>[0] };
  vsoClient?: { beginGetAreaLocations?: (area: string) => Promise<unknown> };
}

/**
 * The client looks up an area's routes (OPTIONS /_apis/{area}) before its first call and caches
 * the answer only once it has arrived, so parallel first calls each made the same look-up.
 * Sharing the pending look-up costs nothing and saves a call per parallel burst; a failed one
 * is forgotten so the next call asks again.
 */
function shareLocationLookups(vso: WithHttp['vsoClient']): void {
  const original = vso?.beginGetAreaLocations;
  if (!vso || typeof original !== 'function') return;
  const pending = new Map<string, Promise<unknown>>();
  vso.beginGetAreaLocations = (area: string) => {
    let p = pending.get(area);
    if (!p) {
      p = original.call(vso, area);
      pending.set(area, p);
      p.catch(() => pending.delete(area));
    }
    return p;
  };
}

export async function connect(opts: ConnectionOptions): Promise<AzureClients> {
  const requestOptions: IRequestOptions = {
    // Our own policy retries; the library's would retry again on top of it.
    allowRetries: false,
    socketTimeout: 60_000,
  };
  if (opts.proxy) requestOptions.proxy = { ...opts.proxy };
  if (opts.ignoreSslError) requestOptions.ignoreSslError = true;
  if (opts.caFile) requestOptions.cert = { caFile: opts.caFile };
  // The WebApi settles the agent's proxy, certificate and user-agent settings; the clients are
  // built here rather than with its getXApi(), whose resource-area look-up runs on a client of
  // its own (outside the retry policy, once per API when called in parallel).
  const api = new azdev.WebApi(opts.orgUrl, azdev.getBearerHandler(opts.token), requestOptions);
  const options: IRequestOptions = { ...api.options, allowRetries: false };
  const handlers = [api.authHandler];
  const counter: CallCounter = { calls: 0, retries: 0, throttledMs: 0 };
  const retry = { ...DEFAULT_RETRY, ...opts.retry };
  const wrap = <T>(client: T): T => {
    const c = client as unknown as WithHttp;
    installRetryPolicy(c.http, counter, retry);
    installRetryPolicy(c.rest.client, counter, retry);
    shareLocationLookups(c.vsoClient);
    return client;
  };
  const locations = wrap(new LocationsApi(opts.orgUrl, handlers, options, api.userAgent));
  const areas = (await locations.getResourceAreas()) as ResourceAreaInfo[] | { count: 0 } | null | undefined;
  const at = (areaId: string) => resourceAreaUrl(areas, areaId, opts.orgUrl);
  return {
    git: wrap(new GitApi(at(GitApi.RESOURCE_AREA_ID), handlers, options, api.userAgent)),
    build: wrap(new BuildApi(at(BuildApi.RESOURCE_AREA_ID), handlers, options, api.userAgent)),
    core: wrap(new CoreApi(at(CoreApi.RESOURCE_AREA_ID), handlers, options, api.userAgent)),
    // File containers have no resource area of their own: they live at the collection URL.
    containers: wrap(new FileContainerApi(opts.orgUrl, handlers, options, api.userAgent)),
    counter,
  };
}

/**
 * Where an API area lives: Azure DevOps Services lists each area's host; Azure DevOps Server answers an empty list, meaning the collection URL.
 */
export function resourceAreaUrl(areas: readonly ResourceAreaInfo[] | { count: 0 } | null | undefined, areaId: string, orgUrl: string): string {
  if (!Array.isArray(areas) || areas.length === 0) return orgUrl;
  const found = areas.find((a) => a.id?.toLowerCase() === areaId.toLowerCase());
  if (!found?.locationUrl) throw new Error(`Azure DevOps at ${orgUrl} does not list the resource area ${areaId}`);
  return found.locationUrl;
}
