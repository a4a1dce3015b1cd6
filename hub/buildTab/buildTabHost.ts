/**
 * The build-results tab's connection to Azure DevOps: which build the tab is showing, and the
 * REST clients it reads that build's artifacts with, using the user's token (over the shared host
 * connection in hub/shared/sdk).
 */
import type { Build } from 'azure-devops-extension-api/Build';
import { BuildArtifactReader } from '../shared/sdk/buildArtifacts';
import { hubClients } from '../shared/sdk/clients';
import { connectHost, hostConfiguration, hostService } from '../shared/sdk/hostConnection';
import type { BuildInfo, BuildTabServices } from './buildScan';

// A BuildServiceIds id (a const enum the isolated build cannot inline).
const BUILD_PAGE_DATA_SERVICE = 'ms.vss-build-web.build-page-data-service';

interface TabConfiguration {
  /** Given by hosts that pass the build in the initial configuration (the local emulator). */
  buildId?: unknown;
  build?: { id?: unknown };
  /** What Azure DevOps gives a build-results tab: called with the build now and when it changes. */
  onBuildChanged?: (handler: (build: { id?: unknown }) => void) => void;
}

interface BuildPageDataService {
  getBuildPageData(): { build?: { id?: unknown } } | undefined | Promise<{ build?: { id?: unknown } } | undefined>;
}

const asId = (v: unknown): number | undefined => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

/**
 * Calls `onBuild` with the id of the build the tab is on (and again if the host switches
 * builds). Tries the configuration, then the host's onBuildChanged, then the build page data service.
 */
export async function watchBuild(onBuild: (buildId: number) => void): Promise<void> {
  const config = hostConfiguration() as TabConfiguration;
  const direct = asId(config.buildId) ?? asId(config.build?.id);
  if (direct) return onBuild(direct);
  if (typeof config.onBuildChanged === 'function') {
    config.onBuildChanged((build) => {
      const id = asId(build?.id);
      if (id) onBuild(id);
    });
    return;
  }
  const service = await hostService<BuildPageDataService>(BUILD_PAGE_DATA_SERVICE);
  const data = await service.getBuildPageData();
  const id = asId(data?.build?.id);
  if (!id) throw new Error('The host did not say which build this tab is for.');
  onBuild(id);
}

export async function connectBuildTab(): Promise<BuildTabServices> {
  const { project, collectionUri, extension } = await connectHost('Security tab');
  // Negotiated api-versions: Azure DevOps Server 2022 stops at 7.0.
  const { builds, containers } = hubClients();
  const artifacts = new BuildArtifactReader(builds, containers, project.id);
  return {
    projectId: project.id,
    projectName: project.name,
    collectionUri,
    extension,
    async getBuild(buildId: number): Promise<BuildInfo> {
      const b: Build = await builds.getBuild(project.id, buildId);
      return {
        id: b.id,
        buildNumber: b.buildNumber,
        repositoryId: b.repository?.id,
        repositoryName: b.repository?.name,
        repositoryType: b.repository?.type,
        sourceBranch: b.sourceBranch,
        sourceVersion: b.sourceVersion,
        finishTime: b.finishTime ? new Date(b.finishTime).toISOString() : undefined,
      };
    },
    readRecords: (buildId) => artifacts.readRecords(buildId, true),
    readBuildSarif: (buildId) => artifacts.readSarif(buildId),
  };
}
