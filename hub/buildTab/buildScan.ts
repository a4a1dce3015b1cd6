/**
 * What the build-results tab shows for one build: the Palisade scan records in the build's
 * artifacts (`palisade-scan.json`, one per job; a retried job's newest attempt stands), read
 * with the user's token; or, when the build has none, the findings of its `CodeAnalysisLogs`
 * SARIF artifact.
 */
import { newestAttempt, parseScanRecord, type RecordedFinding, type ScanRecordFile, type SeverityCounts } from '../../tasks/contract/scanRecord';
import { emptyCounts } from '../../tasks/contract/scanRecord';
import { describeError } from '../shared/components/errors';
import { parseSarif } from '../shared/data/sarifFindings';
import type { ArtifactText } from '../shared/services/hubServices';

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

export interface BuildTabServices {
  projectId: string;
  projectName: string;
  collectionUri: string;
  /** The installed extension's ids, from the SDK context (for links to the hub). */
  extension?: { publisherId: string; extensionId: string };
  getBuild(buildId: number): Promise<BuildInfo>;
  /** Every `palisade-scan.json` in the build's artifacts (one per job and attempt). */
  readRecords(buildId: number): Promise<ArtifactText[]>;
  /** The palisade.sarif of the build's newest `CodeAnalysisLogs*` artifact, or null. */
  readBuildSarif(buildId: number): Promise<ArtifactText | null>;
}

export interface JobScan {
  record: ScanRecordFile;
  artifactName: string;
}

export type BuildScanView =
  | { kind: 'record'; build: BuildInfo; scans: JobScan[] }
  | { kind: 'sarif'; build: BuildInfo; artifactName: string; findings: RecordedFinding[]; counts: SeverityCounts; note?: string }
  | { kind: 'none'; build: BuildInfo; note?: string };

/** Open (not suppressed) findings by severity. */
export function countOpen(findings: readonly RecordedFinding[]): SeverityCounts {
  const c = emptyCounts();
  for (const f of findings) if (!f.suppression && f.state !== 'fixed') c[f.severity]++;
  return c;
}

/** The job part of a scan id (`{buildId}-{attempt}-{job}`), which names the job across attempts. */
function jobOf(record: ScanRecordFile): string {
  return record.scan.jobName ?? record.scan.scanId.split('-').slice(2).join('-');
}

/** The newest attempt of each job: a retried job's earlier attempt is history, not this build's result. */
export function latestPerJob(scans: readonly JobScan[]): JobScan[] {
  const byJob = new Map<string, JobScan[]>();
  for (const s of scans) byJob.set(jobOf(s.record), [...(byJob.get(jobOf(s.record)) ?? []), s]);
  return [...byJob.values()]
    .map((list) => newestAttempt(list.map((s) => ({ ...s, scan: s.record.scan }))) as JobScan & { scan: unknown })
    .map(({ record, artifactName }) => ({ record, artifactName }))
    .sort((a, b) => a.record.scan.startedAt.localeCompare(b.record.scan.startedAt));
}

export async function loadBuildScan(services: BuildTabServices, buildId: number): Promise<BuildScanView> {
  const build = await services.getBuild(buildId);
  let note: string | undefined;
  try {
    const texts = await services.readRecords(buildId);
    const scans = texts.map((t) => ({ record: parseScanRecord(t.text, `The scan record in artifact ${t.artifactName}`), artifactName: t.artifactName }));
    if (scans.length) return { kind: 'record', build, scans: latestPerJob(scans) };
  } catch (e) {
    note = `The Palisade scan record of this build could not be read: ${describeError(e)}`;
  }
  const sarif = await services.readBuildSarif(buildId);
  if (sarif) {
    const parsed = parseSarif(sarif.text, build.finishTime ?? new Date().toISOString());
    return { kind: 'sarif', build, artifactName: sarif.artifactName, findings: parsed.findings, counts: countOpen(parsed.findings), note };
  }
  return { kind: 'none', build, note };
}
