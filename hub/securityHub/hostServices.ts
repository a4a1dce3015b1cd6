/**
 * The Security hub's services over the extension SDK: with hub/shared/sdk, the only code that
 * talks to the host frame and the REST APIs. Every call carries the signed-in user's token.
 */
import type { IHostNavigationService } from 'azure-devops-extension-api';
import { BuildQueryOrder, BuildStatus, type Build } from 'azure-devops-extension-api/Build';
import { PALISADE_BUILD_TAG } from '../../tasks/contract/scanRecord';
import type { HubContext, RepoRef } from '../shared/data/model';
import type { KeyValueStorage } from '../shared/data/recordCache';
import type { RuleCatalog } from '../shared/data/ruleHelp';
import type { BuildPage, HubServices, ScanBuild } from '../shared/services/hubServices';
import { BuildArtifactReader } from '../shared/sdk/buildArtifacts';
import { HostNavigation } from '../shared/sdk/hostNavigation';
import { hubClients } from '../shared/sdk/clients';
import { connectHost, hostService } from '../shared/sdk/hostConnection';
import { propertyPath } from '../shared/sdk/projectPropertiesClient';
import { PROJECT_MANAGE_PROPERTIES, PROJECT_NAMESPACE_ID, projectSecurityToken } from '../shared/sdk/restClients';

// Ids of CommonServiceIds (a const enum the isolated ts-loader build cannot inline).
const NAVIGATION_SERVICE = 'ms.vss-features.host-navigation-service';

export function scanBuildOf(b: Build): ScanBuild {
  return {
    id: b.id,
    buildNumber: b.buildNumber,
    repoId: b.repository?.id,
    sourceBranch: b.sourceBranch,
    sourceVersion: b.sourceVersion,
    finishTime: b.finishTime ? new Date(b.finishTime).toISOString() : undefined,
    result: b.result !== undefined ? String(b.result) : undefined,
    definitionName: b.definition?.name,
    requestedFor: b.requestedFor?.displayName,
  };
}

/** The browser's localStorage, when the page may use it (a sandboxed frame may throw). */
function browserStorage(): KeyValueStorage | undefined {
  try {
    const s = window.localStorage;
    s.getItem('palisade.probe');
    return s;
  } catch {
    return undefined;
  }
}

/** Connects to the host and builds the services; the hub renders once this resolves. */
export async function connectToHost(): Promise<HubServices> {
  const host = await connectHost('Security hub');
  const project = host.project;
  const navigationService = await hostService<IHostNavigationService>(NAVIGATION_SERVICE);
  const context: HubContext = { projectId: project.id, projectName: project.name, user: host.user, collectionUri: host.collectionUri };
  // Every client negotiates its api-version with the server (Azure DevOps Server 2022 stops at 7.0).
  const { git, builds, containers, security, properties } = hubClients();
  const artifacts = new BuildArtifactReader(builds, containers, project.id);
  let catalog: Promise<RuleCatalog> | undefined;

  return {
    context,
    navigation: new HostNavigation(navigationService),
    async listRepositories(): Promise<RepoRef[]> {
      const repos = await git.getRepositories(project.id);
      return repos.map((r) => ({ id: r.id, name: r.name, defaultBranch: r.defaultBranch || undefined, webUrl: r.webUrl, isDisabled: r.isDisabled }));
    },
    async canManageProperties(): Promise<boolean> {
      const [allowed] = await security.hasPermissions(PROJECT_NAMESPACE_ID, PROJECT_MANAGE_PROPERTIES, [projectSecurityToken(project.id)]);
      return allowed === true;
    },
    async listScanBuilds(query): Promise<BuildPage> {
      const page = await builds.getBuilds(
        project.id, undefined, undefined, undefined, undefined, undefined, undefined, undefined, BuildStatus.Completed, undefined, [PALISADE_BUILD_TAG],
        undefined, query.top, query.continuationToken, undefined, undefined, BuildQueryOrder.FinishTimeDescending, query.branch, undefined, query.repoId,
        query.repoId ? 'TfsGit' : undefined,
      );
      const list: Build[] = Array.isArray(page) ? page : [];
      const token = (page as { continuationToken?: string | null } | undefined)?.continuationToken;
      return { builds: list.map(scanBuildOf), continuationToken: token || undefined };
    },
    readScanRecords: (buildId, all) => artifacts.readRecords(buildId, all),
    async readProperties(patterns) {
      return properties.getProperties(project.id, patterns);
    },
    async writeProperties(changes) {
      await properties.setProperties(
        project.id,
        changes.map((c) => ('remove' in c ? { op: 'remove' as const, path: propertyPath(c.name) } : { op: 'add' as const, path: propertyPath(c.name), value: c.value })),
      );
    },
    cacheStorage: browserStorage(),
    ruleCatalog() {
      // Shipped next to the page (hub/build/ruleCatalog.js), fetched once on first use.
      catalog ??= fetch(new URL('rule-catalog.json', document.baseURI).toString())
        .then((r) => (r.ok ? (r.json() as Promise<RuleCatalog>) : { rules: {} }))
        .catch(() => ({ rules: {} }));
      return catalog;
    },
  };
}
