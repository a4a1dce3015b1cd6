/**
 * What the hub's views work with, independent of the SDK: repositories as the Git API lists
 * them, the signed-in user and the project. Components never see SDK or REST types.
 */
export interface RepoRef {
  id: string;
  name: string;
  /** `refs/heads/main`; absent for an empty repository. */
  defaultBranch?: string;
  /** Repos › Files of the repository, when the API gives it. */
  webUrl?: string;
  isDisabled?: boolean;
}

export interface HubUser {
  id: string;
  displayName: string;
}

export interface HubContext {
  projectId: string;
  projectName: string;
  user: HubUser;
  /** `https://dev.azure.com/org/`: base of links into Repos and Pipelines. */
  collectionUri: string;
}

/** Finds a repository by id or name, as deep links may carry either. */
export function findRepo(repos: readonly RepoRef[], idOrName: string | undefined): RepoRef | undefined {
  if (!idOrName) return undefined;
  const key = idOrName.toLowerCase();
  return repos.find((r) => r.id.toLowerCase() === key) ?? repos.find((r) => r.name.toLowerCase() === key);
}

export function shortBranch(ref: string | undefined): string | undefined {
  return ref?.replace(/^refs\/heads\//, '');
}
