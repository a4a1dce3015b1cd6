import * as azdev from 'azure-devops-node-api';
import type { IRequestOptions } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import type { IGitApi } from 'azure-devops-node-api/GitApi';
import type { IBuildApi } from 'azure-devops-node-api/BuildApi';
import type { IExtensionManagementApi } from 'azure-devops-node-api/ExtensionManagementApi';
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
  extensionData: IExtensionManagementApi;
  counter: CallCounter;
}

interface WithHttp {
  http: Parameters<typeof installRetryPolicy>[0];
  rest: { client: Parameters<typeof installRetryPolicy>[0] };
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
  const api = new azdev.WebApi(opts.orgUrl, azdev.getBearerHandler(opts.token), requestOptions);
  const counter: CallCounter = { calls: 0, retries: 0, throttledMs: 0 };
  const retry = { ...DEFAULT_RETRY, ...opts.retry };
  const wrap = <T>(client: T): T => {
    const c = client as unknown as WithHttp;
    installRetryPolicy(c.http, counter, retry);
    installRetryPolicy(c.rest.client, counter, retry);
    return client;
  };
  // Resource-area discovery runs on the WebApi's own client before any API object exists.
  installRetryPolicy((api.rest as unknown as WithHttp['rest']).client, counter, retry);
  const [git, build, extensionData] = await Promise.all([api.getGitApi(), api.getBuildApi(), api.getExtensionManagementApi()]);
  return { git: wrap(git), build: wrap(build), extensionData: wrap(extensionData), counter };
}
