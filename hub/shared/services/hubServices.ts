/**
 * Everything the hub's views need from the outside world, as one interface. hub/sdk implements
 * it over the extension SDK and REST clients, always with the signed-in user's token, so Azure
 * DevOps decides what the user sees (View builds) and may change (Manage project properties);
 * component tests implement it in memory. No view imports the SDK.
 */
import type { HubRoute } from '../data/hubRoute';
import type { HubContext, RepoRef } from '../data/model';
import type { KeyValueStorage } from '../data/recordCache';
import type { RuleCatalog } from '../data/ruleHelp';

export interface HubNavigation {
  /** The route at start: the page's hash, else its query parameters (deep links). */
  initialRoute(): Promise<HubRoute>;
  /** Records a new place in the browser history. */
  push(route: HubRoute): void;
  /** Changes the current place without a history entry (e.g. resolving a repo name to its id). */
  replace(route: HubRoute): void;
  /** Called on back/forward. */
  onChange(listener: (route: HubRoute) => void): void;
}

/** A completed build that carries the `palisade` tag, as the Build API lists it. */
export interface ScanBuild {
  id: number;
  buildNumber?: string;
  repoId?: string;
  /** `refs/heads/main`, or `refs/pull/42/merge` for a pull request build. */
  sourceBranch?: string;
  sourceVersion?: string;
  finishTime?: string;
  result?: string;
  definitionName?: string;
  requestedFor?: string;
}

export interface BuildQuery {
  /** Only this repository's builds; absent = every repository of the project. */
  repoId?: string;
  /** Full ref name (`refs/heads/main`, `refs/pull/42/merge`). */
  branch?: string;
  top: number;
  continuationToken?: string;
}

export interface BuildPage {
  builds: ScanBuild[];
  /** Absent on the last page. */
  continuationToken?: string;
}

/** A file read from one of a build's artifacts. */
export interface ArtifactText {
  buildId: number;
  artifactName: string;
  artifactId: number;
  text: string;
}

export interface ProjectPropertyValue {
  name: string;
  value: unknown;
}

export type PropertyChange = { name: string; value: string } | { name: string; remove: true };

export interface HubServices {
  context: HubContext;
  navigation: HubNavigation;
  /** Every Git repository of the project, from the Git API. */
  listRepositories(): Promise<RepoRef[]>;
  /** True when the signed-in user holds *Manage project properties* on the project (Security API). */
  canManageProperties(): Promise<boolean>;
  /** Completed builds tagged `palisade`, newest finish first, one page. */
  listScanBuilds(query: BuildQuery): Promise<BuildPage>;
  /** `palisade-scan.json` of a build's artifacts: the newest only, or `all` (one per job and attempt). */
  readScanRecords(buildId: number, all: boolean): Promise<ArtifactText[]>;
  /** The project's properties whose names match the patterns (wildcards allowed). */
  readProperties(patterns: readonly string[]): Promise<ProjectPropertyValue[]>;
  /** The changes as one JSON-patch request (a refused write throws with the service's status). */
  writeProperties(changes: readonly PropertyChange[]): Promise<void>;
  /** The browser's storage for the record cache (localStorage), or undefined when there is none. */
  cacheStorage?: KeyValueStorage;
  ruleCatalog(): Promise<RuleCatalog>;
}
