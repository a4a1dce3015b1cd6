/**
 * Gate settings and branch triage as the project's properties hold them (one read with the
 * user's token: every `Palisade.*` property), parsed with the contract's checks. A property
 * that cannot be read is reported by name; the others still load.
 */
import {
  parseSettingsProperty, parseTriageProperty, PROPERTY_PREFIX, SETTINGS_DEFAULTS_KEY, settingsRepoKey, type SettingsProperty, type TriageEntry,
} from '../../../tasks/contract/projectSettings';
import type { HubServices, ProjectPropertyValue } from '../../shared/services/hubServices';

export const ALL_PALISADE_PROPERTIES = `${PROPERTY_PREFIX}*`;
const REPO_SETTINGS_PREFIX = settingsRepoKey('');
const TRIAGE_PREFIX = 'Palisade.Triage.Repo.';

export interface ProjectState {
  defaults: SettingsProperty | null;
  /** By lower-cased repository id. */
  repoSettings: Map<string, SettingsProperty>;
  /** Branch triage by lower-cased repository id. */
  triage: Map<string, TriageEntry[]>;
  /** Names of every Palisade property present (a triage write removes parts it no longer needs). */
  names: string[];
  /** Properties that could not be read, each with the reason. */
  problems: string[];
}

export function parseProjectState(properties: readonly ProjectPropertyValue[]): ProjectState {
  const state: ProjectState = { defaults: null, repoSettings: new Map(), triage: new Map(), names: [], problems: [] };
  const triageRepos = new Set<string>();
  for (const p of properties) {
    if (!p.name.startsWith(PROPERTY_PREFIX)) continue;
    state.names.push(p.name);
    try {
      if (p.name === SETTINGS_DEFAULTS_KEY) state.defaults = parseSettingsProperty(p.value, p.name);
      else if (p.name.startsWith(REPO_SETTINGS_PREFIX)) state.repoSettings.set(p.name.slice(REPO_SETTINGS_PREFIX.length).toLowerCase(), parseSettingsProperty(p.value, p.name));
      else if (p.name.startsWith(TRIAGE_PREFIX)) triageRepos.add(p.name.slice(TRIAGE_PREFIX.length).split('.')[0]);
    } catch (e) {
      state.problems.push((e as Error).message);
    }
  }
  for (const repoId of triageRepos) {
    try {
      state.triage.set(repoId.toLowerCase(), parseTriageProperty(repoId, properties));
    } catch (e) {
      state.problems.push((e as Error).message);
    }
  }
  return state;
}

export async function readProjectState(services: Pick<HubServices, 'readProperties'>): Promise<ProjectState> {
  return parseProjectState(await services.readProperties([ALL_PALISADE_PROPERTIES]));
}

export function triageOf(state: ProjectState | undefined, repoId: string): ReadonlyMap<string, TriageEntry> {
  return new Map((state?.triage.get(repoId.toLowerCase()) ?? []).map((e) => [e.fingerprint, e]));
}
