/**
 * What the build-results tab shows for one build: the Palisade scans the build's jobs stored
 * for the Security hub (scan ids are `{buildId}-{attempt}-{job}`, see `scanIdFor` in
 * tasks/contract/storage.ts), or, when the pipeline could not store them, the findings of the
 * build's `CodeAnalysisLogs` SARIF artifact.
 */
import type { DocumentStore } from '../../tasks/contract/documentStore';
import type { ScanRecordDoc, SeverityCounts, StoredFinding } from '../../tasks/contract/storage';
import { emptyCounts } from '../../tasks/contract/storage';
import { describeError } from '../src/components/common/errors';
import { parseSarif } from '../src/data/sarifFindings';
import { readFindings, readScanRecords, readSummary } from '../src/data/storageReads';

export interface BuildInfo {
  id: number;
  buildNumber?: string;
  repositoryId?: string;
  repositoryName?: string;
  repositoryType?: string;
  sourceBranch?: string;
  sourceVersion?: string;
  finishTime?: string;
}

export interface BuildSarif {
  artifactName: string;
  text: string;
}

export interface BuildTabServices {
  projectId: string;
  projectName: string;
  collectionUri: string;
  getBuild(buildId: number): Promise<BuildInfo>;
  store: DocumentStore;
  /** The palisade.sarif of the build's newest `CodeAnalysisLogs*` artifact, or null. */
  readBuildSarif(buildId: number): Promise<BuildSarif | null>;
}

export interface JobScan {
  record: ScanRecordDoc;
  findings: StoredFinding[];
}

export type BuildScanView =
  | { kind: 'hub'; build: BuildInfo; scans: JobScan[] }
  | { kind: 'sarif'; build: BuildInfo; artifactName: string; findings: StoredFinding[]; counts: SeverityCounts; storeNote?: string }
  | { kind: 'none'; build: BuildInfo; storeNote?: string };

/** Open (not suppressed) findings by severity. */
export function countOpen(findings: readonly StoredFinding[]): SeverityCounts {
  const c = emptyCounts();
  for (const f of findings) if (!f.suppression && f.state !== 'fixed') c[f.severity]++;
  return c;
}

/** The latest attempt of each job: a retried job's earlier attempt is history, not this build's result. */
function latestPerJob(records: ScanRecordDoc[]): ScanRecordDoc[] {
  const byJob = new Map<string, ScanRecordDoc>();
  for (const r of records) {
    const [, attempt = '1', job = ''] = r.scanId.split('-');
    const prev = byJob.get(job);
    if (!prev || Number(attempt) > Number(prev.scanId.split('-')[1] ?? 1)) byJob.set(job, r);
  }
  return [...byJob.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

export async function loadBuildScan(services: BuildTabServices, buildId: number): Promise<BuildScanView> {
  const build = await services.getBuild(buildId);
  let storeNote: string | undefined;
  if (build.repositoryId) {
    try {
      const summary = await readSummary(services.store, build.repositoryId);
      const prefix = `${buildId}-`;
      const ids = (summary?.history ?? []).filter((id) => id.startsWith(prefix));
      const records = (await readScanRecords(services.store, build.repositoryId, ids)).filter((r) => !r.build || r.build.id === buildId);
      if (records.length) {
        const scans = await Promise.all(
          latestPerJob(records).map(async (record) => ({ record, findings: await readFindings(services.store, build.repositoryId as string, record.scanId, record.findingsPages) })),
        );
        return { kind: 'hub', build, scans };
      }
    } catch (e) {
      storeNote = `The Security hub's data could not be read: ${describeError(e)}`;
    }
  }
  const sarif = await services.readBuildSarif(buildId);
  if (sarif) {
    const parsed = parseSarif(sarif.text, build.finishTime ?? new Date().toISOString());
    return { kind: 'sarif', build, artifactName: sarif.artifactName, findings: parsed.findings, counts: countOpen(parsed.findings), storeNote };
  }
  return { kind: 'none', build, storeNote };
}
