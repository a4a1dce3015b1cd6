/**
 * The build-results tab's connection to Azure DevOps: which build the tab is showing, and the
 * REST and extension data services it reads with (the only module of the tab that touches the SDK).
 */
import * as SDK from 'azure-devops-extension-sdk';
import type { IExtensionDataService, ILocationService, IProjectPageService } from 'azure-devops-extension-api';
import type { Build, BuildArtifact } from 'azure-devops-extension-api/Build';
import { extensionDataId, hubClients } from '../src/sdk/clients';
import { ExtensionDataStore } from '../src/sdk/extensionDataStore';
import { SARIF_ARTIFACT_PREFIX, SARIF_FILE } from '../src/sdk/sarifArtifacts';
import type { BuildInfo, BuildSarif, BuildTabServices } from './buildScan';

// Service ids (CommonServiceIds and BuildServiceIds are const enums the isolated build cannot inline).
const EXTENSION_DATA_SERVICE = 'ms.vss-features.extension-data-service';
const LOCATION_SERVICE = 'ms.vss-features.location-service';
const PROJECT_PAGE_SERVICE = 'ms.vss-tfs-web.tfs-page-data-service';
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
  const config = (SDK.getConfiguration() ?? {}) as TabConfiguration;
  const direct = asId(config.buildId) ?? asId(config.build?.id);
  if (direct) return onBuild(direct);
  if (typeof config.onBuildChanged === 'function') {
    config.onBuildChanged((build) => {
      const id = asId(build?.id);
      if (id) onBuild(id);
    });
    return;
  }
  const service = await SDK.getService<BuildPageDataService>(BUILD_PAGE_DATA_SERVICE);
  const data = await service.getBuildPageData();
  const id = asId(data?.build?.id);
  if (!id) throw new Error('The host did not say which build this tab is for.');
  onBuild(id);
}

function containerOf(artifact: BuildArtifact): { containerId: number; folder: string } | undefined {
  if (String(artifact.resource?.type ?? '').toLowerCase() !== 'container') return undefined;
  const m = /^#\/(\d+)\/(.*)$/.exec(artifact.resource?.data ?? '');
  return m ? { containerId: Number(m[1]), folder: m[2].replace(/\/$/, '') } : undefined;
}

export async function connectBuildTab(): Promise<BuildTabServices> {
  await SDK.init({ loaded: false, applyTheme: true });
  await SDK.ready();
  const [projectService, locationService, dataService, accessToken] = await Promise.all([
    SDK.getService<IProjectPageService>(PROJECT_PAGE_SERVICE),
    SDK.getService<ILocationService>(LOCATION_SERVICE),
    SDK.getService<IExtensionDataService>(EXTENSION_DATA_SERVICE),
    SDK.getAccessToken(),
  ]);
  const [project, collectionUri, manager] = await Promise.all([
    projectService.getProject(),
    locationService.getServiceLocation(),
    dataService.getExtensionDataManager(extensionDataId(), accessToken),
  ]);
  if (!project) throw new Error('The Security tab opens inside a project; no project was found for this page.');
  const { builds, containers } = hubClients();
  return {
    projectId: project.id,
    projectName: project.name,
    collectionUri,
    store: new ExtensionDataStore(manager),
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
    async readBuildSarif(buildId: number): Promise<BuildSarif | null> {
      const artifacts = (await builds.getArtifacts(project.id, buildId)).filter((a) => a.name.toLowerCase().startsWith(SARIF_ARTIFACT_PREFIX));
      // A retried job publishes under a new name; the newest artifact wins.
      for (const artifact of artifacts.sort((a, b) => b.id - a.id)) {
        const where = containerOf(artifact);
        if (!where) continue;
        const text = await containers.readText(where.containerId, `${where.folder}/${SARIF_FILE}`, project.id);
        if (text !== null) return { artifactName: artifact.name, text };
      }
      return null;
    },
  };
}

export function notifyLoaded(): void {
  void SDK.notifyLoadSucceeded();
}

export function notifyFailed(e: unknown): void {
  void SDK.notifyLoadFailed(e instanceof Error ? e : String(e));
}
