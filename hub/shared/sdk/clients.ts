/**
 * The REST clients the hub and the build tab use, each negotiating its api-version with the
 * server (apiVersions.ts).
 */
import * as SDK from 'azure-devops-extension-sdk';
import { getClient } from 'azure-devops-extension-api';
import { BuildRestClient } from 'azure-devops-extension-api/Build';
import { GitRestClient } from 'azure-devops-extension-api/Git';
import { ApiVersionNegotiator, fetchLocations, negotiating } from './apiVersions';
import { ProjectPropertiesClient } from './projectPropertiesClient';
import { ContainerFileClient, SecurityPermissionsClient } from './restClients';

export interface HubClients {
  git: GitRestClient;
  builds: BuildRestClient;
  containers: ContainerFileClient;
  security: SecurityPermissionsClient;
  properties: ProjectPropertiesClient;
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
    properties: getClient(ProjectPropertiesClient).negotiateWith(negotiator),
  };
}
