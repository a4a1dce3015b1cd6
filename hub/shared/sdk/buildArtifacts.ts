/**
 * Files of a build's artifacts, read with the user's token: the Palisade scan record
 * (`palisade-scan.json`) and the SARIF log (`palisade.sarif`) that the task publishes in the same
 * Container artifact (`CodeAnalysisLogs`, or `CodeAnalysisLogs_{job}_{attempt}` for a retried
 * job or a second job). Only *View builds* in the build's project lets these calls through.
 */
import type { BuildArtifact } from 'azure-devops-extension-api/Build';
import { SCAN_RECORD_FILE } from '../../../tasks/contract/scanRecord';
import type { ArtifactText } from '../services/hubServices';
import type { ContainerFileClient } from './restClients';

export const SARIF_ARTIFACT_PREFIX = 'codeanalysislogs';
export const SARIF_FILE = 'palisade.sarif';

export interface ArtifactLister {
  getArtifacts(project: string, buildId: number): Promise<BuildArtifact[]>;
}

function containerOf(artifact: BuildArtifact): { containerId: number; folder: string } | undefined {
  if (String(artifact.resource?.type ?? '').toLowerCase() !== 'container') return undefined;
  const m = /^#\/(\d+)\/(.*)$/.exec(artifact.resource?.data ?? '');
  return m ? { containerId: Number(m[1]), folder: m[2].replace(/\/$/, '') } : undefined;
}

/**
 * Container artifacts in the order to look in: the task's own names first, then any other
 * (the artifact name is a task input), newest first within each (a retry publishes a newer one).
 */
function candidates(artifacts: readonly BuildArtifact[]): Array<{ artifact: BuildArtifact; containerId: number; folder: string }> {
  const own = (a: BuildArtifact) => (a.name.toLowerCase().startsWith(SARIF_ARTIFACT_PREFIX) ? 0 : 1);
  return [...artifacts]
    .sort((a, b) => own(a) - own(b) || b.id - a.id)
    .flatMap((artifact) => {
      const where = containerOf(artifact);
      return where ? [{ artifact, ...where }] : [];
    });
}

export class BuildArtifactReader {
  constructor(
    private readonly builds: ArtifactLister,
    private readonly containers: ContainerFileClient,
    private readonly projectId: string,
  ) {}

  /**
   * The file `name` in the build's artifacts: 1 call to list the artifacts, then 1 per artifact
   * tried. `all` reads every artifact that has it (one per job and attempt); otherwise the first.
   */
  async readFile(buildId: number, name: string, all: boolean): Promise<ArtifactText[]> {
    const artifacts = (await this.builds.getArtifacts(this.projectId, buildId)) ?? [];
    const out: ArtifactText[] = [];
    for (const c of candidates(artifacts)) {
      const text = await this.containers.readText(c.containerId, `${c.folder}/${name}`, this.projectId);
      if (text === null) continue;
      out.push({ buildId, artifactName: c.artifact.name, artifactId: c.artifact.id, text });
      if (!all) break;
    }
    return out;
  }

  readRecords(buildId: number, all: boolean): Promise<ArtifactText[]> {
    return this.readFile(buildId, SCAN_RECORD_FILE, all);
  }

  async readSarif(buildId: number): Promise<ArtifactText | null> {
    return (await this.readFile(buildId, SARIF_FILE, false))[0] ?? null;
  }
}
