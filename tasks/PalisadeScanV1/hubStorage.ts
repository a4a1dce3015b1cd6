import type { Finding } from '../contract/findings';
import { ConflictError, MAX_CONFLICT_RETRIES, updateDocument, type DocumentStore } from '../contract/documentStore';
import {
  carryForward, chunkLog, collections, dismissedFingerprints, documentIds, effectiveSettings, emptyCounts, paginateFindings,
  recordScanInSummary, type FindingsPageDoc, type LogChunkDoc, type ProjectDefaultsDoc, type RepoSettingsDoc, type RepoSummaryDoc,
  type ScanRecordDoc, type ScanSettings, type SeverityCounts, type StoredFinding, type TriageDoc,
} from '../contract/storage';
import { checkReadable, CONTRACT_VERSION } from '../contract/version';

/** Reads what the hub's admins decided: effective settings for the repository. */
export async function readSettings(store: DocumentStore, projectId: string, repoId: string): Promise<{ settings: ScanSettings; fromHub: boolean }> {
  const coll = collections.settings(projectId);
  const [defaults, repo] = await Promise.all([
    store.get<ProjectDefaultsDoc>(coll, documentIds.projectDefaults),
    store.get<RepoSettingsDoc>(coll, documentIds.repoSettings(repoId)),
  ]);
  if (defaults) checkReadable(defaults, 'the project defaults');
  if (repo) checkReadable(repo, 'the repository settings');
  return { settings: effectiveSettings(defaults, repo), fromHub: !!(defaults || repo) };
}

/** Fingerprints dismissed in the hub for this repository. */
export async function readDismissed(store: DocumentStore, repoId: string): Promise<Set<string>> {
  return dismissedFingerprints(await store.list<TriageDoc>(collections.triage(repoId)));
}

export async function readSummary(store: DocumentStore, repoId: string): Promise<RepoSummaryDoc | null> {
  const s = await store.get<RepoSummaryDoc>(collections.repo(repoId), documentIds.summary);
  if (s) checkReadable(s, 'the repository summary');
  return s;
}

/** Findings of the latest stored scan of `ref`, or [] when it was never scanned. */
export async function readRefFindings(store: DocumentStore, repoId: string, summary: RepoSummaryDoc | null, ref: string): Promise<StoredFinding[]> {
  const entry = summary?.refs[ref];
  if (!entry) return [];
  const coll = collections.repo(repoId);
  const pages = await Promise.all(
    Array.from({ length: entry.findingsPages }, (_, i) => store.get<FindingsPageDoc>(coll, documentIds.findingsPage(entry.scanId, i))),
  );
  return pages.flatMap((p) => p?.findings ?? []);
}

export function openCounts(findings: readonly Finding[], dismissed: ReadonlySet<string>): SeverityCounts {
  const c = emptyCounts();
  for (const f of findings) if (!f.suppression && !dismissed.has(f.fingerprint)) c[f.severity]++;
  return c;
}

export interface ScanToPublish {
  record: Omit<ScanRecordDoc, 'id' | 'schemaVersion' | 'findingsPages' | 'logChunks' | 'newFindings' | 'fixedFindings'> & { newFindings?: number };
  findings: readonly Finding[];
  /** In PR scans, which findings the PR introduced. */
  newFingerprints?: ReadonlySet<string>;
  log: string;
  isDefaultBranch: boolean;
}

/**
 * Writes one scan: immutable findings pages, log chunks and scan record first, then the
 * summary pointer (etag-checked, merged), then removes what the pointer no longer reaches.
 */
export async function publishScan(store: DocumentStore, summary: RepoSummaryDoc | null, scan: ScanToPublish): Promise<{ newCount: number; fixedCount: number; pages: number; chunks: number }> {
  const r = scan.record;
  const coll = collections.repo(r.repoId);
  const previous = await readRefFindings(store, r.repoId, summary, r.ref);
  const carried = carryForward(scan.findings, previous, { scanId: r.scanId, at: r.finishedAt }, scan.newFingerprints);
  const pages = paginateFindings(carried.findings);
  const chunks = chunkLog(scan.log);

  await Promise.all(
    pages.map((findings, page) =>
      putImmutable<FindingsPageDoc>(store, coll, { id: documentIds.findingsPage(r.scanId, page), schemaVersion: CONTRACT_VERSION, scanId: r.scanId, page, pageCount: pages.length, findings }),
    ),
  );
  await Promise.all(
    chunks.map((text, n) => putImmutable<LogChunkDoc>(store, coll, { id: documentIds.logChunk(r.scanId, n), schemaVersion: CONTRACT_VERSION, scanId: r.scanId, n, text })),
  );
  const newCount = scan.record.newFindings ?? carried.newCount;
  await putImmutable<ScanRecordDoc>(store, coll, {
    ...r,
    id: documentIds.scan(r.scanId),
    schemaVersion: CONTRACT_VERSION,
    newFindings: newCount,
    fixedFindings: carried.fixedCount,
    findingsPages: pages.length,
    logChunks: chunks.length,
  });

  let supersededScan: string | undefined;
  let evicted: string[] = [];
  const written = await updateDocument<RepoSummaryDoc>(store, coll, documentIds.summary, (cur) => {
    if (cur) checkReadable(cur, 'the repository summary');
    const before = cur?.refs[r.ref]?.scanId;
    const next = recordScanInSummary(
      cur,
      { repoId: r.repoId, projectId: r.projectId },
      { ref: r.ref, scanId: r.scanId, finishedAt: r.finishedAt, outcome: r.outcome, counts: r.counts, commit: r.commit, findingsPages: pages.length },
      { isDefaultBranch: scan.isDefaultBranch, now: r.finishedAt },
    );
    supersededScan = before && next.refs[r.ref]?.scanId !== before ? before : undefined;
    evicted = (cur?.history ?? []).filter((id) => !next.history.includes(id));
    return next;
  });

  // Best effort: stale documents cost storage, not correctness.
  const stillReferenced = new Set(Object.values(written?.refs ?? {}).map((e) => e.scanId));
  const cleanups: Promise<void>[] = [];
  if (supersededScan && !stillReferenced.has(supersededScan)) cleanups.push(deletePages(store, coll, supersededScan));
  for (const id of evicted) if (!stillReferenced.has(id)) cleanups.push(deleteScan(store, coll, id));
  await Promise.allSettled(cleanups);
  return { newCount, fixedCount: carried.fixedCount, pages: pages.length, chunks: chunks.length };
}

/**
 * Creates a document; when the id is taken (a retried run wrote it already) it overwrites its
 * own copy. Conflicts of both steps (a racing writer) are retried a few times.
 */
async function putImmutable<T extends { id: string; __etag?: number }>(store: DocumentStore, coll: string, doc: T): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await store.create(coll, doc);
      return;
    } catch (e) {
      if (!isConflict(e)) throw e;
    }
    try {
      await store.replace(coll, { ...doc, __etag: -1 });
      return;
    } catch (e) {
      if (!isConflict(e) || attempt >= MAX_CONFLICT_RETRIES) throw e;
    }
  }
}

/** By name: stores in other bundles (the hub's, tests') throw their own copy of the class. */
const isConflict = (e: unknown): boolean => e instanceof ConflictError || (e as Error | undefined)?.name === 'ConflictError';

async function deletePages(store: DocumentStore, coll: string, scanId: string): Promise<void> {
  const rec = await store.get<ScanRecordDoc>(coll, documentIds.scan(scanId));
  for (let i = 0; i < (rec?.findingsPages ?? 0); i++) await store.delete(coll, documentIds.findingsPage(scanId, i));
}

async function deleteScan(store: DocumentStore, coll: string, scanId: string): Promise<void> {
  const rec = await store.get<ScanRecordDoc>(coll, documentIds.scan(scanId));
  if (!rec) return;
  for (let i = 0; i < rec.findingsPages; i++) await store.delete(coll, documentIds.findingsPage(scanId, i));
  for (let i = 0; i < rec.logChunks; i++) await store.delete(coll, documentIds.logChunk(scanId, i));
  await store.delete(coll, documentIds.scan(scanId));
}
