/**
 * The storage layout in Azure DevOps extension data (scope Default/Current), shared by the
 * task (writer of results) and the hub (writer of settings and triage). This module is the
 * only place that knows collection and document names.
 *
 * Writes follow two rules: immutable documents are written before the pointer that makes them
 * visible (so a reader never sees half a scan), and mutable documents are changed with an
 * etag-checked read-merge-write loop (see documentStore.ts), so concurrent writers never
 * overwrite each other.
 */
import type { Finding, FindingKind } from './findings';
import type { ScanSettings } from './projectSettings';
import { FIXED_RETENTION_DAYS, type ScanOutcome, type ScanTrigger, type SeverityCounts } from './scanRecord';
import { MAX_TRIAGE_COMMENT, type DismissReason } from './triage';
import { CONTRACT_VERSION } from './version';

// Settings, scan and triage vocabulary now live in the modules of the build-record model;
// re-exported here for the extension-data readers that remain.
export { BUILTIN_DEFAULTS, effectiveSettings, SCANNERS, type Scanner, type ScanSettings } from './projectSettings';
export { emptyCounts, FIXED_RETENTION_DAYS, scanIdFor, type ScanOutcome, type ScanTrigger, type SeverityCounts } from './scanRecord';
export { DISMISS_REASONS, MAX_TRIAGE_COMMENT, type DismissReason } from './triage';

/** Azure DevOps rejects longer document ids. */
export const MAX_DOCUMENT_ID = 50;
/** Upper bound for one serialised document; the service limit is higher, this keeps latency low. */
export const MAX_DOCUMENT_BYTES = 256 * 1024;

/* ------------------------------------------------------------------ names */

export const collections = {
  settings: (projectId: string) => `settings-${projectId}`,
  repo: (repoId: string) => `repo-${repoId}`,
  triage: (repoId: string) => `triage-${repoId}`,
} as const;

export const documentIds = {
  projectDefaults: 'defaults',
  repoSettings: (repoId: string) => checkId(`repo-${repoId}`),
  summary: 'summary',
  scan: (scanId: string) => checkId(`scan-${scanId}`),
  findingsPage: (scanId: string, page: number) => checkId(`findings-${scanId}-${page}`),
  logChunk: (scanId: string, n: number) => checkId(`log-${scanId}-${n}`),
  /** Triage is one small document per finding, so admins editing different findings never conflict. */
  triage: (fingerprint: string) => checkId(`t-${fingerprint.slice(0, 40)}`),
} as const;

function checkId(id: string): string {
  if (id.length > MAX_DOCUMENT_ID) throw new Error(`document id "${id}" is longer than ${MAX_DOCUMENT_ID} characters`);
  return id;
}

/** Key of a scanned ref in the summary: `refs/heads/main` -> `main`, a PR -> `pr/42`. */
export function refKey(ref: { branch?: string; pullRequestId?: number }): string {
  if (ref.pullRequestId !== undefined) return `pr/${ref.pullRequestId}`;
  return (ref.branch ?? 'unknown').replace(/^refs\/heads\//, '');
}

/* ------------------------------------------------------------------ settings */

export interface Stamp {
  updatedBy?: { id: string; displayName: string };
  updatedAt?: string;
}

export interface StoredDocument {
  id: string;
  __etag?: number;
  schemaVersion: number;
}

export type ProjectDefaultsDoc = StoredDocument & ScanSettings & Stamp;
export type RepoSettingsDoc = StoredDocument & Partial<ScanSettings> & Stamp & { repoId: string };

/* ------------------------------------------------------------------ scans */

export interface ScanRecordDoc extends StoredDocument {
  scanId: string;
  repoId: string;
  projectId: string;
  trigger: ScanTrigger;
  /** Short ref (`main`) or `pr/42`. */
  ref: string;
  branch?: string;
  commit?: string;
  pullRequest?: { id: number; iterationId?: number; targetBranch?: string };
  build?: { id: number; number?: string; url?: string; definition?: string };
  requestedBy?: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  filesScanned: number;
  filesSkipped: number;
  /** Open (unsuppressed, not dismissed) findings by severity. */
  counts: SeverityCounts;
  newFindings: number;
  fixedFindings: number;
  outcome: ScanOutcome;
  /** Why, in one line, for error/skipped outcomes. */
  outcomeReason?: string;
  findingsPages: number;
  logChunks: number;
  toolVersion: string;
}

export interface RefSummary {
  ref: string;
  scanId: string;
  finishedAt: string;
  outcome: ScanOutcome;
  counts: SeverityCounts;
  commit?: string;
  findingsPages: number;
}

export interface RepoSummaryDoc extends StoredDocument {
  repoId: string;
  projectId: string;
  /** Latest completed scan per ref. */
  refs: Record<string, RefSummary>;
  /** The ref whose scan is shown by default (the last default-branch scan). */
  defaultRef?: string;
  /** Most recent scan ids first, bounded by MAX_SCAN_HISTORY. */
  history: string[];
  updatedAt: string;
}

export const MAX_SCAN_HISTORY = 100;
/** PR refs are dropped from the summary this long after their last scan. */
export const PR_REF_RETENTION_DAYS = 30;

/* ------------------------------------------------------------------ findings */

export type FindingState = 'open' | 'dismissed' | 'fixed';

/** A finding as stored for the hub: the engine's finding plus its history on this ref. */
export interface StoredFinding extends Finding {
  firstSeenAt: string;
  firstSeenScanId: string;
  lastSeenAt: string;
  /** `fixed` findings are kept for FIXED_RETENTION_DAYS after they disappear. */
  state: 'open' | 'fixed';
  fixedAt?: string;
  /** In a PR scan: introduced by the PR (absent at the merge base). */
  isNew?: boolean;
}

export interface FindingsPageDoc extends StoredDocument {
  scanId: string;
  page: number;
  pageCount: number;
  findings: StoredFinding[];
}

/** Splits findings into pages whose serialised size stays under MAX_DOCUMENT_BYTES. */
export function paginateFindings(findings: readonly StoredFinding[], budget = MAX_DOCUMENT_BYTES - 4096): StoredFinding[][] {
  const pages: StoredFinding[][] = [];
  let cur: StoredFinding[] = [];
  let size = 0;
  for (const f of findings) {
    const s = Buffer.byteLength(JSON.stringify(f), 'utf8') + 1;
    if (s > budget) throw new Error(`finding ${f.fingerprint} is larger than a storage page (${s} bytes)`);
    if (size + s > budget && cur.length) {
      pages.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(f);
    size += s;
  }
  if (cur.length || pages.length === 0) pages.push(cur);
  return pages;
}

/**
 * Carries history from the previous scan of the same ref: first-seen dates survive, findings
 * that disappeared become `fixed` (kept for a while), fixed ones that came back reopen.
 */
export function carryForward(
  current: readonly Finding[],
  previous: readonly StoredFinding[],
  scan: { scanId: string; at: string },
  newFingerprints?: ReadonlySet<string>,
): { findings: StoredFinding[]; newCount: number; fixedCount: number } {
  const prev = new Map(previous.map((f) => [f.fingerprint, f]));
  const seen = new Set<string>();
  let newCount = 0;
  const out: StoredFinding[] = [];
  for (const f of current) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    const p = prev.get(f.fingerprint);
    const isNew = newFingerprints ? newFingerprints.has(f.fingerprint) : !p || p.state === 'fixed';
    if (isNew && !f.suppression) newCount++;
    out.push({
      ...f,
      firstSeenAt: p?.firstSeenAt ?? scan.at,
      firstSeenScanId: p?.firstSeenScanId ?? scan.scanId,
      lastSeenAt: scan.at,
      state: 'open',
      ...(newFingerprints ? { isNew } : {}),
    });
  }
  let fixedCount = 0;
  const cutoff = Date.parse(scan.at) - FIXED_RETENTION_DAYS * 86_400_000;
  for (const p of previous) {
    if (seen.has(p.fingerprint)) continue;
    if (p.state === 'open') {
      fixedCount++;
      out.push({ ...p, state: 'fixed', fixedAt: scan.at, isNew: undefined });
    } else if (p.fixedAt && Date.parse(p.fixedAt) >= cutoff) {
      out.push(p);
    }
  }
  return { findings: out, newCount, fixedCount };
}

/* ------------------------------------------------------------------ logs */

export interface LogChunkDoc extends StoredDocument {
  scanId: string;
  n: number;
  text: string;
}

/** Splits a log into chunks under the document budget, on line boundaries where possible. */
export function chunkLog(text: string, budget = MAX_DOCUMENT_BYTES - 4096): string[] {
  // Sizes are measured as serialised JSON: escaping can double a string's size.
  const jsonSize = (s: string): number => Buffer.byteLength(JSON.stringify(s)) - 2;
  const chunks: string[] = [];
  let cur: string[] = [];
  let size = 0;
  const flush = (): void => {
    chunks.push(cur.join(''));
    cur = [];
    size = 0;
  };
  for (const line of text.split(/(?<=\n)/)) {
    let rest = line;
    let restSize = jsonSize(rest);
    while (restSize > budget) {
      if (cur.length) flush();
      // At most 6 bytes per character once escaped (\uXXXX).
      const cut = Math.floor(budget / 6);
      chunks.push(rest.slice(0, cut));
      rest = rest.slice(cut);
      restSize = jsonSize(rest);
    }
    if (size + restSize > budget && cur.length) flush();
    cur.push(rest);
    size += restSize;
  }
  if (cur.length || chunks.length === 0) flush();
  return chunks;
}

/* ------------------------------------------------------------------ triage */

export interface TriageEvent {
  state: 'dismissed' | 'open';
  reason?: DismissReason;
  comment?: string;
  by: { id: string; displayName: string };
  at: string;
}

export interface TriageDoc extends StoredDocument {
  fingerprint: string;
  ruleId: string;
  kind: FindingKind;
  state: 'dismissed' | 'open';
  reason?: DismissReason;
  comment?: string;
  by: { id: string; displayName: string };
  at: string;
  /** Oldest first, bounded by MAX_TRIAGE_HISTORY. */
  history: TriageEvent[];
}

export const MAX_TRIAGE_HISTORY = 50;

/** Applies one triage decision to the stored document (or creates it). */
export function applyTriage(
  existing: TriageDoc | null,
  finding: { fingerprint: string; ruleId: string; kind: FindingKind },
  event: TriageEvent,
): TriageDoc {
  const e: TriageEvent = { ...event, comment: event.comment?.slice(0, MAX_TRIAGE_COMMENT) };
  const history = [...(existing?.history ?? []), e].slice(-MAX_TRIAGE_HISTORY);
  return {
    id: documentIds.triage(finding.fingerprint),
    ...(existing?.__etag !== undefined ? { __etag: existing.__etag } : {}),
    schemaVersion: CONTRACT_VERSION,
    fingerprint: finding.fingerprint,
    ruleId: finding.ruleId,
    kind: finding.kind,
    state: e.state,
    reason: e.state === 'dismissed' ? e.reason : undefined,
    comment: e.comment,
    by: e.by,
    at: e.at,
    history,
  };
}

/** Fingerprints an admin dismissed: they neither count as new nor fail a build. */
export function dismissedFingerprints(docs: readonly TriageDoc[]): Set<string> {
  return new Set(docs.filter((d) => d.state === 'dismissed').map((d) => d.fingerprint));
}

/* ------------------------------------------------------------------ summary */

/**
 * Records a finished scan in the repository summary. Idempotent, and order-independent for
 * concurrent runs: a ref's entry only moves forward in time.
 */
export function recordScanInSummary(
  existing: RepoSummaryDoc | null,
  ids: { repoId: string; projectId: string },
  entry: RefSummary,
  opts: { isDefaultBranch: boolean; now: string },
): RepoSummaryDoc {
  const refs: Record<string, RefSummary> = { ...(existing?.refs ?? {}) };
  const prior = refs[entry.ref];
  if (!prior || Date.parse(prior.finishedAt) <= Date.parse(entry.finishedAt)) refs[entry.ref] = entry;
  const cutoff = Date.parse(opts.now) - PR_REF_RETENTION_DAYS * 86_400_000;
  for (const [k, v] of Object.entries(refs)) if (k.startsWith('pr/') && Date.parse(v.finishedAt) < cutoff) delete refs[k];
  const history = [entry.scanId, ...(existing?.history ?? []).filter((s) => s !== entry.scanId)].slice(0, MAX_SCAN_HISTORY);
  return {
    id: documentIds.summary,
    ...(existing?.__etag !== undefined ? { __etag: existing.__etag } : {}),
    schemaVersion: CONTRACT_VERSION,
    repoId: ids.repoId,
    projectId: ids.projectId,
    refs,
    defaultRef: opts.isDefaultBranch ? entry.ref : existing?.defaultRef,
    history,
    updatedAt: opts.now,
  };
}
