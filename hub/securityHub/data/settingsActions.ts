/**
 * Settings writes by project administrators: the project defaults and per-repository settings,
 * each a project property (`Palisade.Settings.Defaults`, `Palisade.Settings.Repo.{id}`) written
 * with the user's token, so Azure DevOps refuses anyone without *Manage project properties*.
 * Properties have no etag: the value is read again just before the write, only the fields the
 * admin changed are applied onto it, and a field someone else changed meanwhile is reported
 * instead of overwritten. Each value records who changed it and when.
 */
import {
  parseSettingsProperty, serializeSettingsProperty, SETTINGS_DEFAULTS_KEY, settingsRepoKey, type ScanSettings, type SettingsProperty,
} from '../../../tasks/contract/projectSettings';
import type { HubServices } from '../../shared/services/hubServices';
import type { HubUser } from '../../shared/data/model';
import { parseProjectState } from './projectProperties';
import { writeRefused } from './writeErrors';

export const SETTING_KEYS = ['enabled', 'managedScan', 'scanners', 'failOn', 'prStatus', 'prComments', 'excludes', 'allowAuthorDismiss'] as const satisfies readonly (keyof ScanSettings)[];
export type SettingKey = (typeof SETTING_KEYS)[number];

/** A field's new value, or `null` to drop it (inherit the project default or the built-in value again). */
export type SettingsChanges = { [K in SettingKey]?: ScanSettings[K] | null };

type PropertyServices = Pick<HubServices, 'readProperties' | 'writeProperties'>;

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

function applyChanges(settings: Partial<ScanSettings>, changes: SettingsChanges): Partial<ScanSettings> {
  const next: Record<string, unknown> = { ...settings };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined) delete next[k];
    else next[k] = v;
  }
  return next as Partial<ScanSettings>;
}

async function readSetting(services: PropertyServices, key: string): Promise<SettingsProperty | null> {
  const found = (await services.readProperties([key])).find((p) => p.name === key);
  return found ? parseSettingsProperty(found.value, key) : null;
}

/**
 * Saves one settings property. `base` is the value the form loaded (null when there was none):
 * fields changed since then that the admin also changed are a conflict. Two calls: a read and
 * the write. A value left with no field is removed (the repository inherits everything again).
 */
export async function saveSettings(
  services: PropertyServices, key: string, base: SettingsProperty | null | undefined, changes: SettingsChanges, user: HubUser, now = new Date(),
): Promise<SettingsProperty | null> {
  const current = await readSetting(services, key);
  const clash = conflicts(base === undefined ? undefined : base?.settings ?? null, current?.settings ?? null, changes);
  if (clash.length) throw new SettingsConflictError(clash, current?.changedBy.displayName);
  const next = applyChanges(current?.settings ?? {}, changes);
  const stamp = { id: user.id, displayName: user.displayName };
  try {
    if (!Object.keys(next).length) {
      if (current) await services.writeProperties([{ name: key, remove: true }]);
      return null;
    }
    const value = serializeSettingsProperty(next, stamp, now.toISOString());
    await services.writeProperties([{ name: key, value }]);
    return parseSettingsProperty(value, key);
  } catch (e) {
    throw writeRefused(e, 'change settings');
  }
}

export function saveProjectDefaults(services: PropertyServices, base: SettingsProperty | null, changes: SettingsChanges, user: HubUser, now = new Date()): Promise<SettingsProperty | null> {
  return saveSettings(services, SETTINGS_DEFAULTS_KEY, base, changes, user, now);
}

export function saveRepoSettings(
  services: PropertyServices, repoId: string, base: SettingsProperty | null | undefined, changes: SettingsChanges, user: HubUser, now = new Date(),
): Promise<SettingsProperty | null> {
  return saveSettings(services, settingsRepoKey(repoId), base, changes, user, now);
}

/**
 * Switches scanning on or off for several repositories: a deliberate, idempotent command, so it
 * applies on top of whatever is stored (no conflict check). Two calls whatever the number of
 * repositories: one read of every repository's settings, one write of all of them.
 */
export async function setReposEnabled(services: PropertyServices, repoIds: readonly string[], enabled: boolean, user: HubUser, now = new Date()): Promise<number> {
  if (!repoIds.length) return 0;
  const state = parseProjectState(await services.readProperties([settingsRepoKey('*')]));
  const stamp = { id: user.id, displayName: user.displayName };
  const changes = repoIds.map((repoId) => {
    const current = state.repoSettings.get(repoId.toLowerCase());
    return { name: settingsRepoKey(repoId), value: serializeSettingsProperty({ ...(current?.settings ?? {}), enabled }, stamp, now.toISOString()) };
  });
  try {
    await services.writeProperties(changes);
  } catch (e) {
    throw writeRefused(e, 'change settings');
  }
  return changes.length;
}
