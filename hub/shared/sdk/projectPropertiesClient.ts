/**
 * Project properties (core, `{org}/_apis/projects/{projectId}/properties`, 7.1-preview.1): where
 * gate settings and branch triage live, because the service checks *Manage project properties*
 * on every write. Reads take a `keys` filter with wildcards; writes are a JSON-patch document
 * whose accepted verbs are `add` (create or update) and `remove`.
 */
import { RestCaller, type Versioned } from './restClients';

const API_VERSION = '7.1-preview.1';
const ROUTE: Versioned = { area: 'core', routeTemplate: '_apis/projects/{projectId}/properties' };

export interface ProjectProperty {
  name: string;
  value: unknown;
}

export type PropertyOperation = { op: 'add'; path: string; value: string } | { op: 'remove'; path: string };

export class ProjectPropertiesClient extends RestCaller {
  async getProperties(projectId: string, keys: readonly string[]): Promise<ProjectProperty[]> {
    const response = await this.send(
      `_apis/projects/${encodeURIComponent(projectId)}/properties`,
      { keys: keys.join(','), 'api-version': API_VERSION },
      'application/json',
      ROUTE,
    );
    const body = (await response.json()) as ProjectProperty[] | { value?: ProjectProperty[] };
    // The service wraps arrays as {count, value}.
    const list = Array.isArray(body) ? body : body?.value ?? [];
    return list.filter((p) => p && typeof p.name === 'string');
  }

  async setProperties(projectId: string, operations: readonly PropertyOperation[]): Promise<void> {
    if (!operations.length) return;
    await this.send(
      `_apis/projects/${encodeURIComponent(projectId)}/properties`,
      { 'api-version': API_VERSION },
      'application/json',
      ROUTE,
      { method: 'PATCH', contentType: 'application/json-patch+json', body: JSON.stringify(operations) },
    );
  }
}

/** The JSON-patch path of a property: a slash and its name. */
export function propertyPath(name: string): string {
  return `/${name}`;
}
