/**
 * The REST clients the hub and the build tab use, each negotiating its api-version with the
 * server (apiVersions.ts), and the extension's own identity as the host reports it.
 */
import * as SDK from 'azure-devops-extension-sdk';
import { getClient } from 'azure-devops-extension-api';
import { BuildRestClient } from 'azure-devops-extension-api/Build';
import { GitRestClient } from 'azure-devops-extension-api/Git';
import { ApiVersionNegotiator, fetchLocations, negotiating } from './apiVersions';
import { ContainerFileClient, SecurityPermissionsClient } from './restClients';

export interface HubClients {
  git: GitRestClient;
  builds: BuildRestClient;
  containers: ContainerFileClient;
  security: SecurityPermissionsClient;
}

export function hubClients(): HubClients {
  const negotiator = new ApiVersionNegotiator(fetchLocations(async () => {
    const token = await SDK.getAccessToken();
    return token ? `Bearer ${token}` : '';
  }));
  return {
    git: negotiating(getClient(GitRestClient), 'git', negotiator),
    builds: negotiating(getClient(BuildRestClient), 'build', negotiator),
    containers: getClient(ContainerFileClient).negotiateWith(negotiator),
    security: getClient(SecurityPermissionsClient).negotiateWith(negotiator),
  };
}

/**
 * `publisher.extension` of the extension this page belongs to, from the host. The data the page
 * reads is the installed extension's, whatever id the package was published under (a private
 * or renamed build of the extension keeps working).
 */
export function extensionDataId(): string {
  const ctx = SDK.getExtensionContext();
  if (!ctx?.publisherId || !ctx.extensionId) throw new Error('The host did not say which extension this page belongs to.');
  return `${ctx.publisherId}.${ctx.extensionId}`;
}
