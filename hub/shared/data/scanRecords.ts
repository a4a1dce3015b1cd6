/**
 * Scan records read from builds (`palisade-scan.json`, see tasks/contract/scanRecord.ts), with
 * the user's token. Full records stay in memory for the page's life (a few, they can be large);
 * a small summary of each goes to the browser cache (recordCache.ts) keyed by build id, so a
 * second visit to the overview reads no record whose build it has already seen.
 */
import { newestAttempt, parseScanRecord, type ScanRecord, type ScanRecordFile } from '../../../tasks/contract/scanRecord';
import type { ArtifactText, HubServices } from '../services/hubServices';
import type { Limiter } from './concurrency';
import { RecordCache } from './recordCache';

/** What the overview and the scans table show of a scan, without its findings and log. */
export interface ScanSummary
  extends Pick<
    ScanRecord,
    | 'buildNumber' | 'scanId' | 'repoId' | 'branch' | 'pullRequestId' | 'commit' | 'trigger' | 'requestedBy' | 'outcome' | 'outcomeReason'
    | 'counts' | 'newFindings' | 'fixedFindings' | 'startedAt' | 'finishedAt' | 'durationMs' | 'filesScanned' | 'filesSkipped' | 'history' | 'toolVersion'
  > {
  buildId: number;
  artifactName: string;
  targetBranch?: string;
  /** Branch triage (project properties) the scan honoured: tells whether triage changed since. */
  honouredTriage: string[];
  /** Findings the scan saw but did not count as open: dismissed or suppressed (absent in summaries cached before it was kept). */
  dismissedFindings?: number;
}

export interface LoadedRecord {
  file: ScanRecordFile;
  artifact: ArtifactText;
  summary: ScanSummary;
}

export function summarize(file: ScanRecordFile, artifact: ArtifactText): ScanSummary {
  const s = file.scan;
  return {
    buildId: s.buildId ?? artifact.buildId,
    buildNumber: s.buildNumber,
    scanId: s.scanId,
    artifactName: artifact.artifactName,
    repoId: s.repoId,
    branch: s.branch,
    pullRequestId: s.pullRequestId,
    targetBranch: s.pullRequest?.targetBranch,
    commit: s.commit,
    trigger: s.trigger,
    requestedBy: s.requestedBy,
    outcome: s.outcome,
    outcomeReason: s.outcomeReason,
    counts: s.counts,
    newFindings: s.newFindings,
    fixedFindings: s.fixedFindings,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    durationMs: s.durationMs,
    filesScanned: s.filesScanned,
    filesSkipped: s.filesSkipped,
    history: s.history,
    toolVersion: s.toolVersion,
    honouredTriage: file.dismissals.honoured.filter((d) => d.channel === 'projectTriage').map((d) => d.fingerprint),
    dismissedFindings: file.findings.filter((f) => f.state === 'open' && f.suppression).length,
  };
}

/** The build id a scan id starts with (`{buildId}-{attempt}-{job}`). */
export function buildIdOfScan(scanId: string | undefined): number | undefined {
  const m = /^(\d+)-/.exec(scanId ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Keeps the last few full records of the page (each can hold thousands of findings and a long log). */
const MEMORY_RECORDS = 24;

export class RecordReader {
  private readonly full = new Map<number, Promise<LoadedRecord[]>>();
  readonly cache: RecordCache<ScanSummary>;

  constructor(
    private readonly services: Pick<HubServices, 'readScanRecords'>,
    private readonly limiter: Limiter,
    cache: RecordCache<ScanSummary>,
  ) {
    this.cache = cache;
  }

  /**
   * Every record of a build (one per job and attempt), parsed. A record that cannot be parsed
   * (newer Palisade, damaged file) throws with the reason, naming the build.
   */
  records(buildId: number, all = true): Promise<LoadedRecord[]> {
    const key = all ? buildId : -buildId;
    let p = this.full.get(key) ?? (all ? undefined : this.full.get(buildId));
    if (!p) {
      p = this.limiter
        .run(() => this.services.readScanRecords(buildId, all))
        .then((texts) => texts.map((artifact) => {
          const file = parseScanRecord(artifact.text, `The scan record of build ${buildId} (${artifact.artifactName})`);
          return { file, artifact, summary: summarize(file, artifact) };
        }));
      p.catch(() => this.full.delete(key));
      this.full.set(key, p);
      if (this.full.size > MEMORY_RECORDS) this.full.delete(this.full.keys().next().value as number);
    }
    return p;
  }

  /** The record that stands for a build: its newest attempt (the newest artifact when only one is read). */
  async record(buildId: number): Promise<LoadedRecord | undefined> {
    const list = await this.records(buildId, false);
    const chosen = newestAttempt(list.map((r) => ({ ...r, scan: r.file.scan })));
    return chosen && list.find((r) => r.file.scan.scanId === chosen.scan.scanId);
  }

  /** A build's summary: from the browser cache, else read from the build (and cached). */
  async summary(buildId: number): Promise<ScanSummary | undefined> {
    const cached = this.cache.get(buildId);
    if (cached) return cached;
    const loaded = await this.record(buildId);
    if (loaded) this.cache.put(buildId, loaded.summary);
    return loaded?.summary;
  }
}
