/**
 * Settings writes by project administrators: the project defaults and per-repository overrides.
 * Only the fields the admin changed are written, onto a fresh copy of the document (etag-checked
 * read-merge-write), so a concurrent edit of other fields survives. A concurrent edit of the
 * same field is not overwritten: it is reported, and the admin decides again.
 */
import { updateDocument, type DocumentStore } from '../../../tasks/contract/documentStore';
import {
  collections, documentIds, type ProjectDefaultsDoc, type RepoSettingsDoc, type ScanSettings, BUILTIN_DEFAULTS,
} from '../../../tasks/contract/storage';
import { checkReadable, CONTRACT_VERSION } from '../../../tasks/contract/version';
import { mapLimit } from './concurrency';
import type { HubUser } from './model';

export const SETTING_KEYS = ['enabled', 'scanners', 'failOn', 'prStatus', 'prComments', 'excludes'] as const satisfies readonly (keyof ScanSettings)[];
export type SettingKey = (typeof SETTING_KEYS)[number];

/** A field's new value, or `null` to drop a repository override (inherit the default again). */
export type SettingsChanges = { [K in SettingKey]?: ScanSettings[K] | null };

export class SettingsConflictError extends Error {
  override name = 'SettingsConflictError';
  constructor(
    readonly fields: SettingKey[],
    readonly by: string | undefined,
  ) {
    super(`${fields.join(', ')} changed while you were editing${by ? ` (last change by ${by})` : ''}. Review the values shown now and save again.`);
  }
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** `base` undefined: the caller does not care what is stored now (a deliberate switch). */
function conflicts(base: Partial<ScanSettings> | null | undefined, current: Partial<ScanSettings> | null, changes: SettingsChanges): SettingKey[] {
  const out: SettingKey[] = [];
  if (base === undefined) return out;
  for (const k of Object.keys(changes) as SettingKey[]) {
    const theirs = current?.[k];
    // Changed underneath us to something other than what we are about to write.
    if (!sameValue(theirs, base?.[k]) && !sameValue(theirs, changes[k])) out.push(k);
  }
  return out;
}

function applyChanges<T extends Partial<ScanSettings>>(doc: T, changes: SettingsChanges): T {
  const next: Record<string, unknown> = { ...doc };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined) delete next[k];
    else next[k] = v;
  }
  return next as T;
}

function stamp(user: HubUser, now: Date) {
  return { updatedBy: { id: user.id, displayName: user.displayName }, updatedAt: now.toISOString() };
}

/**
 * `base` is the document as the form loaded it (null when it did not exist): fields that
 * changed since then and that the admin also changed are a conflict.
 */
export async function saveProjectDefaults(
  store: DocumentStore, projectId: string, base: ProjectDefaultsDoc | null, changes: SettingsChanges, user: HubUser, now = new Date(),
): Promise<ProjectDefaultsDoc> {
  const doc = await updateDocument<ProjectDefaultsDoc>(store, collections.settings(projectId), documentIds.projectDefaults, (current) => {
    if (current) checkReadable(current, 'The project defaults');
    const clash = conflicts(base, current, changes);
    if (clash.length) throw new SettingsConflictError(clash, current?.updatedBy?.displayName);
    const start: ProjectDefaultsDoc = current ?? { id: documentIds.projectDefaults, schemaVersion: CONTRACT_VERSION, ...BUILTIN_DEFAULTS };
    // Defaults are complete documents: clearing a field means the built-in value.
    const full: SettingsChanges = {};
    for (const [k, v] of Object.entries(changes) as [SettingKey, unknown][]) (full as Record<string, unknown>)[k] = v ?? BUILTIN_DEFAULTS[k];
    return { ...applyChanges(start, full), schemaVersion: Math.max(start.schemaVersion ?? 0, CONTRACT_VERSION), ...stamp(user, now) };
  });
  return doc as ProjectDefaultsDoc;
}

export async function saveRepoSettings(
  store: DocumentStore, projectId: string, repoId: string, base: RepoSettingsDoc | null | undefined, changes: SettingsChanges, user: HubUser, now = new Date(),
): Promise<RepoSettingsDoc> {
  const doc = await updateDocument<RepoSettingsDoc>(store, collections.settings(projectId), documentIds.repoSettings(repoId), (current) => {
    if (current) checkReadable(current, 'The repository settings');
    const clash = conflicts(base, current, changes);
    if (clash.length) throw new SettingsConflictError(clash, current?.updatedBy?.displayName);
    const start: RepoSettingsDoc = current ?? { id: documentIds.repoSettings(repoId), schemaVersion: CONTRACT_VERSION, repoId };
    return { ...applyChanges(start, changes), repoId, schemaVersion: Math.max(start.schemaVersion ?? 0, CONTRACT_VERSION), ...stamp(user, now) };
  });
  return doc as RepoSettingsDoc;
}

export interface BulkResult {
  saved: RepoSettingsDoc[];
  failed: { repoId: string; error: Error }[];
}

/**
 * Switches scanning on or off for several repositories. A switch is a deliberate, idempotent
 * command, so it applies on top of whatever is stored (no conflict check), one document each.
 */
export async function setReposEnabled(
  store: DocumentStore, projectId: string, repoIds: readonly string[], enabled: boolean, user: HubUser, now = new Date(),
): Promise<BulkResult> {
  const out: BulkResult = { saved: [], failed: [] };
  await mapLimit(repoIds, 4, async (repoId) => {
    try {
      out.saved.push(await saveRepoSettings(store, projectId, repoId, undefined, { enabled }, user, now));
    } catch (e) {
      out.failed.push({ repoId, error: e instanceof Error ? e : new Error(String(e)) });
    }
  });
  return out;
}
