/**
 * What the project's administrators decided, read from the project's properties with the job
 * token (one GET; the build identity may read them, only administrators may write them): the
 * gate settings (project defaults, then the repository's) and the repository's branch triage.
 */
import {
  adminSettings, parseSettingsProperty, parseTriageProperty, ProjectPropertyError, settingsRepoKey, SETTINGS_DEFAULTS_KEY, triageKeysFilter,
  type AdminSettings, type ProjectProperty, type TriageEntry,
} from '../../contract/projectSettings';
import { ContractVersionError } from '../../contract/version';
import type { AzureClients } from '../azure/connection';
import { readProjectProperties } from '../azure/projectReads';
import { describe } from '../azure/session';
import type { PipelineContext } from './pipelineContext';

export interface ProjectPolicy {
  admin: AdminSettings;
  triage: TriageEntry[];
  /** Where the settings came from, or why they are the built-in defaults. */
  sourceNote?: string;
}

export class PolicyError extends Error {
  override name = 'PolicyError';
}

/**
 * The policy for this repository. Without a connection, or when the read fails, the built-in
 * defaults apply and no branch dismissal counts (the strict side); `sourceNote` says why. A
 * stored value that cannot be read throws PolicyError: guessing could loosen the gate.
 */
export async function readProjectPolicy(azure: AzureClients | undefined, ctx: PipelineContext): Promise<ProjectPolicy> {
  const builtin = (note: string): ProjectPolicy => ({ admin: adminSettings(null, null), triage: [], sourceNote: note });
  if (!azure || !ctx.projectId || !ctx.repositoryId) return builtin('Settings: built-in defaults (no connection to Azure DevOps, so the project\'s Palisade settings and triage were not read).');
  const keys = [SETTINGS_DEFAULTS_KEY, settingsRepoKey(ctx.repositoryId), triageKeysFilter(ctx.repositoryId)];
  let props: ProjectProperty[];
  try {
    props = await readProjectProperties(azure, ctx.projectId, keys);
  } catch (e) {
    return builtin(`Settings: built-in defaults; the project's Palisade settings and branch triage could not be read (${describe(e)}). No branch dismissal counts in this run.`);
  }
  try {
    const find = (key: string) => props.find((p) => p.name.toLowerCase() === key.toLowerCase());
    const defaults = find(SETTINGS_DEFAULTS_KEY);
    const repo = find(settingsRepoKey(ctx.repositoryId));
    return {
      admin: adminSettings(defaults ? parseSettingsProperty(defaults.value, defaults.name) : null, repo ? parseSettingsProperty(repo.value, repo.name) : null),
      triage: parseTriageProperty(ctx.repositoryId, props),
    };
  } catch (e) {
    if (e instanceof ProjectPropertyError || e instanceof ContractVersionError) {
      throw new PolicyError(`The project's Palisade settings cannot be used: ${e.message}. A project administrator can save them again under Repos > Security > Settings.`);
    }
    throw e;
  }
}
