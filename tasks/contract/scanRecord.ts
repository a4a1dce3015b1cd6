/**
 * The scan record: one JSON file (`palisade-scan.json`) the task publishes in the build
 * artifact beside `palisade.sarif`, on a build it tags `palisade`. It is immutable once
 * uploaded; whoever may view the project's builds may read it (the hub and build tab with the
 * user's token, the next run with the build identity's), and nobody else. History (first seen,
 * new, fixed) is derived from earlier builds' records, never read-modified-written.
 */
import { isSeverity, SEVERITIES, type FailOn, type Finding, type Severity } from './findings';
import type { Scanner } from './projectSettings';
import type { Dismissal, IgnoredDismissal } from './triage';
import { checkReadable, CONTRACT_VERSION } from './version';

export const SCAN_RECORD_FILE = 'palisade-scan.json';
export const SARIF_FILE = 'palisade.sarif';
/** Build tag that marks builds carrying a scan record (Build API `tagFilters`). */
export const PALISADE_BUILD_TAG = 'palisade';

export type ScanTrigger = 'pullRequest' | 'branch' | 'manual';
export type ScanOutcome = 'succeeded' | 'succeededWithIssues' | 'failed' | 'error' | 'skipped';
export type SeverityCounts = Record<Severity, number>;

export function emptyCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, note: 0 };
}

/** A finding as recorded by one scan, with what that scan knew of its history on the ref. */
export interface RecordedFinding extends Finding {
  /** Unset when the scan could not read earlier records (`history: 'unavailable'`): unknown, not "now". */
  firstSeenAt?: string;
  /** Build whose record first held the finding. */
  firstSeenBuildId?: number;
  lastSeenAt: string;
  /** `fixed`: held by the previous record, gone now (kept for FIXED_RETENTION_DAYS). */
  state: 'open' | 'fixed';
  fixedAt?: string;
  /** PR scans: introduced by the PR (absent at the merge base). Branch scans: absent from the previous record. Unset when unknown. */
  isNew?: boolean;
}

export const FIXED_RETENTION_DAYS = 30;

export interface ScanRecord {
  /** `{buildId}-{jobAttempt}-{job}`: unique per job attempt. */
  scanId: string;
  buildId?: number;
  buildNumber?: string;
  jobAttempt: number;
  jobName?: string;
  /** Artifact holding this file (its name survives retries: a later attempt gets a suffix). */
  artifactName?: string;
  repoId: string;
  repoName?: string;
  projectId: string;
  trigger: ScanTrigger;
  /** Full ref scanned (`refs/heads/main`; for PRs the source branch). */
  ref?: string;
  /** Short key: `main`, or `pr/42` for pull requests. */
  branch: string;
  /** Whether `branch` is the repository's default branch. */
  isDefaultBranch?: boolean;
  pullRequestId?: number;
  pullRequest?: { iterationId?: number; targetBranch?: string; authorId?: string };
  commit?: string;
  requestedBy?: string;
  outcome: ScanOutcome;
  /** Why, in one line, for error and skipped outcomes. */
  outcomeReason?: string;
  /** Open (not suppressed, not dismissed) findings by severity. */
  counts: SeverityCounts;
  /** New findings: a PR's own (from the merge base), or a branch scan's since the previous record (0 when history is unavailable). */
  newFindings: number;
  fixedFindings: number;
  startedAt: string;
  finishedAt: string;
  durationMs?: number;
  filesScanned?: number;
  filesSkipped?: number;
  scanners: Scanner[];
  failOn: FailOn;
  toolVersion: string;
  /** `derived`: first-seen and fixed come from the earlier records read; `unavailable`: they could not be read. */
  history: 'derived' | 'unavailable';
  /** Builds whose records history was derived from (newest first). */
  historyFrom?: number[];
  /** Where the settings came from, as the log printed it. */
  settingsSource?: string;
}

export interface ScanRecordFile {
  schemaVersion: number;
  scan: ScanRecord;
  findings: RecordedFinding[];
  dismissals: { honoured: Dismissal[]; ignored: IgnoredDismissal[] };
  /** The build summary (Markdown, masked). */
  summary: string;
  /** The task's log (masked). */
  log: string;
}

export class ScanRecordError extends Error {
  override name = 'ScanRecordError';
}

/**
 * Parses and checks a record file. A record from a newer Palisade throws ContractVersionError
 * (naming the versions); anything malformed throws ScanRecordError naming the field, with
 * `where` (e.g. "build 42's scan record") at the start.
 */
export function parseScanRecord(text: string, where = 'the scan record'): ScanRecordFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ScanRecordError(`${where} is not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(doc)) throw new ScanRecordError(`${where} is not a JSON object`);
  checkReadable(doc, where);
  const bad = (field: string, expected: string) => new ScanRecordError(`${where}: "${field}" ${expected}`);
  const scan = doc.scan;
  if (!isObject(scan)) throw bad('scan', 'is missing');
  for (const k of ['scanId', 'repoId', 'projectId', 'branch', 'outcome', 'startedAt', 'finishedAt', 'failOn', 'toolVersion', 'history'] as const) {
    if (typeof scan[k] !== 'string') throw bad(`scan.${k}`, 'is missing or not text');
  }
  if (scan.history !== 'derived' && scan.history !== 'unavailable') throw bad('scan.history', 'must be "derived" or "unavailable"');
  for (const k of ['newFindings', 'fixedFindings', 'jobAttempt'] as const) if (typeof scan[k] !== 'number') throw bad(`scan.${k}`, 'is missing or not a number');
  if (!isObject(scan.counts) || SEVERITIES.some((s) => typeof (scan.counts as Record<string, unknown>)[s] !== 'number')) throw bad('scan.counts', 'must give a number for each severity');
  if (!Array.isArray(scan.scanners)) throw bad('scan.scanners', 'must be a list');
  if (!Array.isArray(doc.findings)) throw bad('findings', 'must be a list');
  doc.findings.forEach((f, i) => {
    if (!isObject(f) || typeof f.fingerprint !== 'string' || typeof f.ruleId !== 'string' || typeof f.path !== 'string' || !isSeverity(f.severity) || !isObject(f.region)) {
      throw bad(`findings[${i}]`, 'is not a finding (fingerprint, ruleId, path, severity, region)');
    }
    if (f.state !== 'open' && f.state !== 'fixed') throw bad(`findings[${i}].state`, 'must be "open" or "fixed"');
  });
  const dismissals = doc.dismissals ?? { honoured: [], ignored: [] };
  if (!isObject(dismissals) || !Array.isArray(dismissals.honoured) || !Array.isArray(dismissals.ignored)) throw bad('dismissals', 'must hold "honoured" and "ignored" lists');
  if (typeof doc.log !== 'string') throw bad('log', 'is missing');
  return {
    schemaVersion: doc.schemaVersion as number,
    scan: scan as unknown as ScanRecord,
    findings: doc.findings as RecordedFinding[],
    dismissals: dismissals as ScanRecordFile['dismissals'],
    summary: typeof doc.summary === 'string' ? doc.summary : '',
    log: doc.log,
  };
}

export function serializeScanRecord(record: Omit<ScanRecordFile, 'schemaVersion'>): string {
  return JSON.stringify({ schemaVersion: CONTRACT_VERSION, ...record });
}

/** Key of a scanned ref: `refs/heads/main` -> `main`, a PR -> `pr/42`. */
export function branchKey(ref: { branch?: string; pullRequestId?: number }): string {
  if (ref.pullRequestId !== undefined) return `pr/${ref.pullRequestId}`;
  return (ref.branch ?? 'unknown').replace(/^refs\/heads\//, '');
}

/**
 * Scan ids are unique per job attempt so a retried job never replaces the record of the
 * attempt before it: `{buildId}-{attempt}-{job}`, or a time-based id outside pipelines.
 */
export function scanIdFor(build: { buildId?: number | string; jobAttempt?: number | string; jobId?: string }, now = new Date()): string {
  if (build.buildId !== undefined && build.buildId !== '') {
    const job = (build.jobId ?? '').replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || 'job';
    return `${build.buildId}-${build.jobAttempt ?? 1}-${job}`.slice(0, 30);
  }
  return `local${now.getTime().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
}

/**
 * Of several records of one build (jobs, attempts), the one that stands: the newest attempt,
 * then the latest finish. Returns undefined for an empty list.
 */
export function newestAttempt<T extends { scan: Pick<ScanRecord, 'jobAttempt' | 'finishedAt'> }>(records: readonly T[]): T | undefined {
  return [...records].sort((a, b) => b.scan.jobAttempt - a.scan.jobAttempt || Date.parse(b.scan.finishedAt) - Date.parse(a.scan.finishedAt))[0];
}

/** What a scan knows of its ref's past: earlier records (newest first), or nothing readable. */
export type EarlierRecords = { available: true; records: readonly Pick<ScanRecordFile, 'scan' | 'findings'>[] } | { available: false };

/**
 * First-seen, new and fixed for this scan, from earlier builds' records (newest first).
 * - A finding's first-seen is the earliest first-seen any earlier record gives it; one that no
 *   earlier record holds is first seen now (and new, on branch scans).
 * - Findings the newest earlier record held open and this scan lacks are fixed; fixed ones are
 *   kept for FIXED_RETENTION_DAYS.
 * - With no readable history, first-seen stays unset and nothing counts as new or fixed: a
 *   delayed or failed read never turns old findings into new ones.
 * `newFingerprints` (PR scans, from the merge base) decides "new" instead of history.
 */
export function deriveHistory(
  current: readonly Finding[],
  earlier: EarlierRecords,
  scan: { at: string; buildId?: number },
  newFingerprints?: ReadonlySet<string>,
): { findings: RecordedFinding[]; newCount: number; fixedCount: number; history: 'derived' | 'unavailable' } {
  const firstSeen = new Map<string, { at: string; buildId?: number }>();
  const heldBefore = new Set<string>();
  const previous = earlier.available ? earlier.records[0] : undefined;
  const previousOpen = new Set(previous?.findings.filter((f) => f.state === 'open').map((f) => f.fingerprint) ?? []);
  if (earlier.available) {
    for (const r of earlier.records) {
      for (const f of r.findings) {
        heldBefore.add(f.fingerprint);
        if (!f.firstSeenAt) continue;
        const prior = firstSeen.get(f.fingerprint);
        if (!prior || Date.parse(f.firstSeenAt) < Date.parse(prior.at)) firstSeen.set(f.fingerprint, { at: f.firstSeenAt, buildId: f.firstSeenBuildId });
      }
    }
  }
  const seen = new Set<string>();
  const out: RecordedFinding[] = [];
  let newCount = 0;
  for (const f of current) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    let isNew: boolean | undefined;
    if (newFingerprints) isNew = newFingerprints.has(f.fingerprint);
    else if (earlier.available) isNew = !previousOpen.has(f.fingerprint);
    if (isNew && !f.suppression) newCount++;
    const known = firstSeen.get(f.fingerprint);
    const rec: RecordedFinding = { ...f, lastSeenAt: scan.at, state: 'open' };
    if (known) {
      rec.firstSeenAt = known.at;
      if (known.buildId !== undefined) rec.firstSeenBuildId = known.buildId;
    } else if (earlier.available && !heldBefore.has(f.fingerprint)) {
      rec.firstSeenAt = scan.at;
      if (scan.buildId !== undefined) rec.firstSeenBuildId = scan.buildId;
    }
    if (isNew !== undefined) rec.isNew = isNew;
    out.push(rec);
  }
  let fixedCount = 0;
  if (previous) {
    const cutoff = Date.parse(scan.at) - FIXED_RETENTION_DAYS * 86_400_000;
    for (const p of previous.findings) {
      if (seen.has(p.fingerprint)) continue;
      seen.add(p.fingerprint);
      const { isNew: _drop, ...rest } = p;
      void _drop;
      if (p.state === 'open') {
        fixedCount++;
        out.push({ ...rest, state: 'fixed', fixedAt: scan.at });
      } else if (p.fixedAt && Date.parse(p.fixedAt) >= cutoff) {
        out.push(rest);
      }
    }
  }
  return { findings: out, newCount, fixedCount, history: earlier.available ? 'derived' : 'unavailable' };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
