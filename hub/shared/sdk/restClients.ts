/**
 * The REST calls the official clients do not cover: the Security permission check, reading one
 * file of a build's file container as text (and, in projectPropertiesClient.ts, project
 * properties). They are built by the API package's `getClient`, so they get the host's location
 * and the SDK's access token like every client, and negotiate their api-version (apiVersions.ts).
 */
import type { IVssRestClientOptions } from 'azure-devops-extension-api';
import { capVersion, maxVersionFromError, type ApiVersionNegotiator } from './apiVersions';

/** Project namespace and its MANAGE_PROPERTIES bit ("Manage project properties"). */
export const PROJECT_NAMESPACE_ID = '52d39943-cb85-4d7f-8fa8-c6baac873819';
export const PROJECT_MANAGE_PROPERTIES = 131072;

export function projectSecurityToken(projectId: string): string {
  return `$PROJECT:vstfs:///Classification/TeamProject/${projectId}`;
}

/** Thrown for non-2xx answers, shaped like the API package's VssServerError. */
export class RestError extends Error {
  override name = 'RestError';
  constructor(
    message: string,
    readonly status: number,
    readonly serverError?: { message?: string; typeKey?: string },
  ) {
    super(message);
  }
}

/** Where a call's api-version is negotiated (apiVersions.ts); without one the version is sent as written. */
export interface Versioned {
  area: string;
  routeTemplate: string;
}

/** A request body and its verb, for calls that are not GETs. */
export interface SendBody {
  method: 'PATCH' | 'POST' | 'PUT' | 'DELETE';
  contentType: string;
  body: string;
}

export class RestCaller {
  private negotiator: ApiVersionNegotiator | undefined;

  constructor(private readonly options: IVssRestClientOptions) {}

  /** Negotiate every call's api-version with the server (Azure DevOps Server 2022 stops at 7.0). */
  negotiateWith(negotiator: ApiVersionNegotiator): this {
    this.negotiator = negotiator;
    return this;
  }

  protected async send(relativePath: string, query: Record<string, string>, accept: string, versioned?: Versioned, write?: SendBody): Promise<Response> {
    const root = String((await this.options.rootPath) ?? '');
    const wanted = query['api-version'];
    if (this.negotiator && versioned && wanted) {
      query = { ...query, 'api-version': await this.negotiator.versionFor(root, versioned.area, versioned.routeTemplate, wanted) };
    }
    try {
      return await this.sendOnce(root, relativePath, query, accept, write);
    } catch (e) {
      const max = e instanceof RestError && e.status === 400 && e.serverError?.typeKey === 'VssVersionOutOfRangeException' ? maxVersionFromError(e.message) : undefined;
      if (!max || !wanted || !this.negotiator) throw e;
      this.negotiator.learn(root, max);
      return this.sendOnce(root, relativePath, { ...query, 'api-version': capVersion(query['api-version'], max) }, accept, write);
    }
  }

  private async sendOnce(root: string, relativePath: string, query: Record<string, string>, accept: string, write?: SendBody): Promise<Response> {
    const url = new URL(relativePath, root.endsWith('/') ? root : `${root}/`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const authorization = (await this.options.authTokenProvider?.getAuthorizationHeader()) ?? '';
    const response = await fetch(url.toString(), {
      method: write?.method ?? 'GET',
      headers: {
        Accept: accept,
        ...(authorization ? { Authorization: authorization } : {}),
        ...(write ? { 'Content-Type': write.contentType } : {}),
        'X-TFS-FedAuthRedirect': 'Suppress',
      },
      ...(write ? { body: write.body } : {}),
    });
    if (!response.ok) {
      let serverError: { message?: string; typeKey?: string } | undefined;
      try {
        serverError = (await response.json()) as { message?: string; typeKey?: string };
      } catch {
        serverError = undefined;
      }
      throw new RestError(serverError?.message ?? `${response.status} ${response.statusText}`, response.status, serverError);
    }
    return response;
  }
}

export class SecurityPermissionsClient extends RestCaller {
  /** `GET _apis/permissions/{namespace}/{bits}?tokens=...`: one boolean per token. */
  async hasPermissions(namespaceId: string, permissions: number, tokens: string[]): Promise<boolean[]> {
    const response = await this.send(
      `_apis/permissions/${encodeURIComponent(namespaceId)}/${permissions}`,
      { tokens: tokens.join(','), alwaysAllowAdministrators: 'true', 'api-version': '7.1' },
      'application/json',
      { area: 'Security', routeTemplate: '_apis/permissions/{securityNamespaceId}/{permissions}' },
    );
    const body = (await response.json()) as boolean[] | { value?: boolean[] };
    // The service wraps arrays as {count, value}.
    return Array.isArray(body) ? body : body?.value ?? [];
  }
}

export class ContainerFileClient extends RestCaller {
  /** A file of a file container (the storage behind Container build artifacts), as text; null when missing. */
  async readText(containerId: number, itemPath: string, scope?: string): Promise<string | null> {
    try {
      const response = await this.send(
        `_apis/resources/Containers/${containerId}`,
        { itemPath, $format: 'OctetStream', 'api-version': '7.1-preview.4', ...(scope ? { scope } : {}) },
        'application/octet-stream',
        { area: 'Container', routeTemplate: '_apis/resources/Containers/{containerId}/{*itemPath}' },
      );
      return await response.text();
    } catch (e) {
      if (e instanceof RestError && e.status === 404) return null;
      throw e;
    }
  }
}
