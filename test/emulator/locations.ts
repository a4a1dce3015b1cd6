/**
 * Resource locations: the data azure-devops-node-api fetches with `OPTIONS {org}/_apis/{area}`
 * to turn (area, location id, route values) into a URL and to negotiate the api-version. The
 * ids and route templates are the ones both official clients are generated with; the routes the
 * emulator serves are declared against these entries, so discovery and routing cannot drift.
 */

export interface ResourceLocation {
  id: string;
  area: string;
  resourceName: string;
  routeTemplate: string;
  resourceVersion: number;
  minVersion: string;
  maxVersion: string;
  releasedVersion: string;
}

export interface ResourceArea {
  id: string;
  name: string;
}

export const AREAS = {
  core: { id: '79134c72-4a58-4b42-976c-04e7115f32bf', name: 'core' },
  git: { id: '4e080c62-fa21-4fbc-8fef-2a10a2b38049', name: 'git' },
  build: { id: '965220d5-5bb9-42cf-8d67-9b146df2a5a4', name: 'build' },
  extensionManagement: { id: '6c2b0933-3600-42ae-bf8b-93d4f7e83594', name: 'ExtensionManagement' },
  policy: { id: 'fb13a388-40dd-4a04-b530-013a739c72ef', name: 'policy' },
} satisfies Record<string, ResourceArea>;

const MAX = '7.2';

/** A released resource: stable at 7.1, 7.2 only as preview (like the service today). */
function released(id: string, area: string, resourceName: string, routeTemplate: string, resourceVersion: number): ResourceLocation {
  return { id, area, resourceName, routeTemplate, resourceVersion, minVersion: '1.0', maxVersion: MAX, releasedVersion: '7.1' };
}

/** A resource that has only ever shipped as preview: every call must say `-preview`. */
function preview(id: string, area: string, resourceName: string, routeTemplate: string, resourceVersion: number): ResourceLocation {
  return { id, area, resourceName, routeTemplate, resourceVersion, minVersion: '1.0', maxVersion: MAX, releasedVersion: '0.0' };
}

export const LOCATIONS = {
  // Location (discovery itself)
  connectionData: preview('00d9565f-ed9c-4a06-9a50-00e7896ccab4', 'Location', 'ConnectionData', '_apis/ConnectionData', 1),
  resourceAreas: preview('e81700f7-3be2-46de-8624-2eb35882fcaa', 'Location', 'ResourceAreas', '_apis/ResourceAreas/{areaId}', 1),

  // Core
  projects: released('603fe2ac-9723-48b9-88ad-09305aa6c6e1', 'core', 'projects', '_apis/projects/{*projectId}', 4),
  projectProperties: preview('4976a71a-4487-49aa-8aab-a1eda469037a', 'core', 'properties', '_apis/projects/{projectId}/properties', 1),

  // Git
  repositories: released('225f7195-f9c7-4d14-ab28-a83f7ff77e1f', 'git', 'repositories', '{project}/_apis/git/Repositories/{repositoryId}', 2),
  pullRequestsByProject: released('a5d28130-9cd2-40fa-9f08-902e7daa9efb', 'git', 'pullRequests', '{project}/_apis/git/pullRequests', 2),
  pullRequestById: released('01a46dea-7d46-4d40-bc84-319e7c260d99', 'git', 'pullRequests', '{project}/_apis/git/pullRequests/{pullRequestId}', 2),
  pullRequests: released('9946fd70-0d40-406e-b686-b4744cbbcc37', 'git', 'pullRequests', '{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}', 2),
  pullRequestIterations: released('d43911ee-6958-46b0-a42b-8445b8a0d004', 'git', 'pullRequestIterations',
    '{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/iterations/{iterationId}', 2),
  pullRequestIterationChanges: released('4216bdcf-b6b1-4d59-8b82-c34cc183fc8b', 'git', 'pullRequestIterationChanges',
    '{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/iterations/{iterationId}/changes', 1),
  pullRequestStatuses: released('b5f6bb4f-8d1e-4d79-8d11-4c9172c99c35', 'git', 'pullRequestStatuses',
    '{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/statuses/{statusId}', 2),
  pullRequestIterationStatuses: released('75cf11c5-979f-4038-a76e-058a06adf2bf', 'git', 'pullRequestIterationStatuses',
    '{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/iterations/{iterationId}/statuses/{statusId}', 2),
  pullRequestThreads: released('ab6e2e5d-a0b7-4153-b64a-a4efe0d49449', 'git', 'pullRequestThreads',
    '{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/threads/{threadId}', 1),
  pullRequestThreadComments: released('965a3ec7-5ed8-455a-bdcb-835a5ea7fe7b', 'git', 'pullRequestThreadComments',
    '{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/threads/{threadId}/comments/{commentId}', 1),
  commits: released('c2570c3b-5b3f-41b8-98bf-5407bfde8d58', 'git', 'commits', '{project}/_apis/git/repositories/{repositoryId}/Commits/{commitId}', 2),
  commitStatuses: released('428dd4fb-fda5-4722-af02-9313b80305da', 'git', 'statuses', '{project}/_apis/git/repositories/{repositoryId}/commits/{commitId}/Statuses', 2),
  refs: released('2d874a60-a811-4f62-9c9f-963a6ea0a55b', 'git', 'refs', '{project}/_apis/git/repositories/{repositoryId}/refs/{*filter}', 1),
  pushes: released('ea98d07b-3c87-4971-8ede-a613694ffb55', 'git', 'pushes', '{project}/_apis/git/repositories/{repositoryId}/pushes/{pushId}', 2),
  items: released('fb93c0db-47ed-4a31-8c20-47552878fb44', 'git', 'items', '{project}/_apis/git/repositories/{repositoryId}/Items/{*path}', 1),
  commitDiffs: released('615588d5-c0c7-4b88-88f8-e625306446e8', 'git', 'diffs', '{project}/_apis/git/repositories/{repositoryId}/diffs/commits', 1),
  mergeBases: released('7cf2abb6-c964-4f7e-9872-f78c66e72e9c', 'git', 'mergeBases',
    '{project}/_apis/git/repositories/{repositoryNameOrId}/commits/{commitId}/mergeBases', 1),

  // Build
  builds: released('0cd358e1-9217-4d94-8269-1c1ee6f93dcf', 'build', 'builds', '{project}/_apis/build/builds/{buildId}', 8),
  definitions: released('dbeaf647-6167-421a-bda9-c9327b25e2e6', 'build', 'definitions', '{project}/_apis/build/definitions/{definitionId}', 7),
  buildTags: released('6e6114b2-8161-44c8-8f6c-c5505782427f', 'build', 'tags', '{project}/_apis/build/builds/{buildId}/tags/{tag}', 3),
  artifacts: released('1db06c96-014e-44e1-ac91-90b2d4b3e984', 'build', 'artifacts', '{project}/_apis/build/builds/{buildId}/artifacts/{artifactName}', 5),

  // File containers (behind ##vso[artifact.upload])
  containers: preview('e4f5c81e-e250-447b-9fef-bd48471bea5e', 'Container', 'Containers', '_apis/resources/Containers/{containerId}/{*itemPath}', 4),

  // Policy (branch policies: the status check that makes the scan a merge gate)
  policyConfigurations: released('dad91cbe-d183-45f8-9c6e-9c1164472121', 'policy', 'configurations', '{project}/_apis/policy/configurations/{configurationId}', 1),
  policyTypes: released('44096322-2d3d-466a-bb30-d1b7de69f61f', 'policy', 'types', '{project}/_apis/policy/types/{typeId}', 1),

  // Extension data
  extensionDocuments: preview('bbe06c18-1c8b-4fcd-b9c6-1535aaab8749', 'ExtensionManagement', 'Documents',
    '_apis/ExtensionManagement/InstalledExtensions/{publisherName}/{extensionName}/Data/Scopes/{scopeType}/{scopeValue}/Collections/{collectionName}/Documents/{documentId}', 1),
  extensionDataCollectionQuery: preview('56c331f1-ce53-4318-adfd-4db5c52a7a2e', 'ExtensionManagement', 'ExtensionDataCollectionQuery',
    '_apis/ExtensionManagement/InstalledExtensions/{publisherName}/{extensionName}/ExtensionDataCollectionQuery', 1),
} satisfies Record<string, ResourceLocation>;

export type LocationName = keyof typeof LOCATIONS;

export function locationsOfArea(area: string | undefined): ResourceLocation[] {
  const all: ResourceLocation[] = Object.values(LOCATIONS);
  if (!area) return all;
  return all.filter((l) => l.area.toLowerCase() === area.toLowerCase());
}
