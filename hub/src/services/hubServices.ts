/**
 * Everything the hub's views need from the outside world, as one interface. hub/sdk implements
 * it over the extension SDK and REST clients; component tests implement it in memory. No view
 * imports the SDK.
 */
import type { DocumentStore } from '../../../tasks/contract/documentStore';
import type { HubRoute } from '../data/hubRoute';
import type { HubContext, RepoRef } from '../data/model';
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

/** The SARIF artifact of a repository's latest build that published one. */
export interface SarifArtifact {
  buildId: number;
  buildNumber?: string;
  branch?: string;
  commit?: string;
  finishedAt?: string;
  artifactName: string;
  /** The SARIF text (palisade.sarif). */
  text: string;
}

export interface HubServices {
  context: HubContext;
  /** Extension data, scope Default/Current. */
  store: DocumentStore;
  /** Every Git repository of the project, from the Git API. */
  listRepositories(): Promise<RepoRef[]>;
  /** True when the signed-in user may edit project settings (project GENERIC_WRITE). */
  canEditSettings(): Promise<boolean>;
  /** The latest build's `CodeAnalysisLogs*` SARIF of a repository, or null when there is none. */
  findSarifArtifact(repo: RepoRef): Promise<SarifArtifact | null>;
  ruleCatalog(): Promise<RuleCatalog>;
  navigation: HubNavigation;
}
