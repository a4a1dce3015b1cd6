/**
 * The fallback when a repository has nothing in extension data (the pipeline's token could not
 * write it): the `CodeAnalysisLogs*` artifact of the repository's latest build, and the
 * palisade.sarif file in it, read from the build's file container.
 */
import { BuildQueryOrder, BuildStatus, type Build, type BuildArtifact, type BuildRestClient } from 'azure-devops-extension-api/Build';
import type { RepoRef } from '../data/model';
import type { SarifArtifact } from '../services/hubServices';
import type { ContainerFileClient } from './restClients';

export const SARIF_ARTIFACT_PREFIX = 'codeanalysislogs';
export const SARIF_FILE = 'palisade.sarif';
/** How many recent builds to look through for one that published the artifact. */
const BUILDS_TO_SEARCH = 10;

function containerOf(artifact: BuildArtifact): { containerId: number; folder: string } | undefined {
  if (String(artifact.resource?.type ?? '').toLowerCase() !== 'container') return undefined;
  const m = /^#\/(\d+)\/(.*)$/.exec(artifact.resource?.data ?? '');
  return m ? { containerId: Number(m[1]), folder: m[2].replace(/\/$/, '') } : undefined;
}

export async function findSarifArtifact(
  builds: BuildRestClient, containers: ContainerFileClient, projectId: string, repo: RepoRef,
): Promise<SarifArtifact | null> {
  const page = await builds.getBuilds(
    projectId, undefined, undefined, undefined, undefined, undefined, undefined, undefined, BuildStatus.Completed, undefined, undefined,
    undefined, BUILDS_TO_SEARCH, undefined, undefined, undefined, BuildQueryOrder.FinishTimeDescending, undefined, undefined, repo.id, 'TfsGit',
  );
  const list: Build[] = Array.isArray(page) ? page : [];
  // The default branch's latest build first: that is what the repository "is".
  const ordered = [...list.filter((b) => b.sourceBranch === repo.defaultBranch), ...list.filter((b) => b.sourceBranch !== repo.defaultBranch)];
  for (const build of ordered) {
    const artifacts = (await builds.getArtifacts(projectId, build.id)).filter((a) => a.name.toLowerCase().startsWith(SARIF_ARTIFACT_PREFIX));
    // A retried job publishes under a new name; the newest artifact wins.
    for (const artifact of artifacts.sort((a, b) => b.id - a.id)) {
      const where = containerOf(artifact);
      if (!where) continue;
      const text = await containers.readText(where.containerId, `${where.folder}/${SARIF_FILE}`, projectId);
      if (text === null) continue;
      return {
        buildId: build.id,
        buildNumber: build.buildNumber,
        branch: build.sourceBranch,
        commit: build.sourceVersion,
        finishedAt: build.finishTime ? new Date(build.finishTime).toISOString() : undefined,
        artifactName: artifact.name,
        text,
      };
    }
  }
  return null;
}
