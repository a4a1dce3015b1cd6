/**
 * The project and repository reads the task makes besides builds and pull requests: the
 * project properties holding Palisade's settings and triage, and a repository's default branch.
 */
import type { ProjectProperty } from '../../contract/projectSettings';
import type { AzureClients } from './connection';

/** The named project properties (`keys` may end in `*`); an empty list when none are set. */
export async function readProjectProperties(azure: AzureClients, projectId: string, keys: string[]): Promise<ProjectProperty[]> {
  return ((await azure.core.getProjectProperties(projectId, keys)) ?? []).map((p) => ({ name: p.name ?? '', value: p.value }));
}

/** The repository's default branch (`refs/heads/...`), or undefined when it has none. */
export async function readDefaultBranch(azure: AzureClients, projectId: string | undefined, repositoryId: string): Promise<string | undefined> {
  return (await azure.git.getRepository(repositoryId, projectId))?.defaultBranch;
}
