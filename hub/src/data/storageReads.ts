/**
 * Reads of the documents the pipeline task publishes (and the hub's own settings and triage),
 * through the contract's DocumentStore. Every document is checked with `checkReadable`, so a
 * newer pipeline's data is explained instead of misread.
 */
import type { DocumentStore } from '../../../tasks/contract/documentStore';
import {
  collections, documentIds, type FindingsPageDoc, type LogChunkDoc, type ProjectDefaultsDoc, type RepoSettingsDoc,
  type RepoSummaryDoc, type ScanRecordDoc, type StoredFinding, type TriageDoc,
} from '../../../tasks/contract/storage';
import { checkReadable } from '../../../tasks/contract/version';
import { mapLimit } from './concurrency';

export async function readSummary(store: DocumentStore, repoId: string): Promise<RepoSummaryDoc | null> {
  const doc = await store.get<RepoSummaryDoc>(collections.repo(repoId), documentIds.summary);
  if (doc) checkReadable(doc, 'The scan summary of this repository');
  return doc;
}

export async function readFindings(store: DocumentStore, repoId: string, scanId: string, pages: number): Promise<StoredFinding[]> {
  const coll = collections.repo(repoId);
  const docs = await Promise.all(Array.from({ length: pages }, (_, i) => store.get<FindingsPageDoc>(coll, documentIds.findingsPage(scanId, i))));
  const out: StoredFinding[] = [];
  for (const d of docs) {
    if (!d) continue;
    checkReadable(d, 'A findings page');
    for (const f of d.findings) out.push(f);
  }
  return out;
}

/** Scan records of the history, newest first; records already deleted are skipped. */
export async function readScanRecords(store: DocumentStore, repoId: string, scanIds: readonly string[]): Promise<ScanRecordDoc[]> {
  const coll = collections.repo(repoId);
  const docs = await mapLimit(scanIds, 8, (id) => store.get<ScanRecordDoc>(coll, documentIds.scan(id)));
  return docs.filter((d): d is ScanRecordDoc => {
    if (!d) return false;
    checkReadable(d, `The record of scan ${d.scanId}`);
    return true;
  });
}

export async function readScanRecord(store: DocumentStore, repoId: string, scanId: string): Promise<ScanRecordDoc | null> {
  const doc = await store.get<ScanRecordDoc>(collections.repo(repoId), documentIds.scan(scanId));
  if (doc) checkReadable(doc, `The record of scan ${scanId}`);
  return doc;
}

export async function readLog(store: DocumentStore, repoId: string, scan: Pick<ScanRecordDoc, 'scanId' | 'logChunks'>): Promise<{ text: string; missingChunks: number }> {
  const coll = collections.repo(repoId);
  const chunks = await Promise.all(Array.from({ length: scan.logChunks }, (_, n) => store.get<LogChunkDoc>(coll, documentIds.logChunk(scan.scanId, n))));
  let missingChunks = 0;
  const text = chunks
    .map((c) => {
      if (!c) {
        missingChunks++;
        return '';
      }
      checkReadable(c, 'A log chunk');
      return c.text;
    })
    .join('');
  return { text, missingChunks };
}

/** Triage documents of a repository by fingerprint. */
export async function readTriage(store: DocumentStore, repoId: string): Promise<Map<string, TriageDoc>> {
  const docs = await store.list<TriageDoc>(collections.triage(repoId));
  const out = new Map<string, TriageDoc>();
  for (const d of docs) {
    if (!d.fingerprint) continue;
    checkReadable(d, 'A triage decision');
    out.set(d.fingerprint, d);
  }
  return out;
}

export interface ProjectSettingsDocs {
  defaults: ProjectDefaultsDoc | null;
  /** By repository id. */
  repos: Map<string, RepoSettingsDoc>;
}

/** All settings of the project in one read: the defaults and every repository's overrides. */
export async function readProjectSettings(store: DocumentStore, projectId: string): Promise<ProjectSettingsDocs> {
  const docs = await store.list<ProjectDefaultsDoc | RepoSettingsDoc>(collections.settings(projectId));
  let defaults: ProjectDefaultsDoc | null = null;
  const repos = new Map<string, RepoSettingsDoc>();
  for (const d of docs) {
    if (d.id === documentIds.projectDefaults) {
      checkReadable(d, 'The project defaults');
      defaults = d as ProjectDefaultsDoc;
    } else if ('repoId' in d && typeof d.repoId === 'string') {
      checkReadable(d, 'The settings of a repository');
      repos.set(d.repoId.toLowerCase(), d);
    }
  }
  return { defaults, repos };
}
