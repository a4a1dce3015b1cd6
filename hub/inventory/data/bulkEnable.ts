/**
 * Bulk enablement per project: the project defaults' `managedScan` (and `enabled`), written to
 * the project's properties like the Security hub's settings, stamped with who and when. Only
 * projects where the user holds *Manage project properties* are offered; a refused write (the
 * permission changed since) is reported per project, never half-applied: one PATCH per project.
 */
import type { ManagedMode } from '../../../tasks/contract/managedScan';
import { settingsPatch, SETTINGS_DEFAULTS_KEY, type SettingsProperty } from '../../../tasks/contract/projectSettings';
import type { IdentityStamp } from '../../../tasks/contract/triage';
import type { ProjectInventory } from './discovery';
import type { ThrottledClient } from '../../shared/sdk/throttledClient';

export interface BulkResult {
  projectId: string;
  projectName: string;
  ok: boolean;
  message: string;
}

export async function enableProjects(
  client: ThrottledClient, projects: readonly Pick<ProjectInventory, 'id' | 'name' | 'canManage' | 'defaults'>[], mode: ManagedMode, by: IdentityStamp, now: () => Date = () => new Date(),
): Promise<BulkResult[]> {
  const out: BulkResult[] = [];
  for (const p of projects) {
    if (!p.canManage) {
      out.push({ projectId: p.id, projectName: p.name, ok: false, message: 'You do not have "Manage project properties" in this project; a project administrator can enable it.' });
      continue;
    }
    const current: SettingsProperty['settings'] = p.defaults?.settings ?? {};
    const next = { ...current, managedScan: mode, ...(mode === 'off' ? {} : { enabled: true }) };
    try {
      await client.send('PATCH', `_apis/projects/${p.id}/properties`, { 'api-version': '7.0-preview.1' }, settingsPatch(SETTINGS_DEFAULTS_KEY, next, by, now().toISOString()), 'application/json-patch+json');
      out.push({ projectId: p.id, projectName: p.name, ok: true, message: mode === 'off' ? 'Managed scanning switched off.' : `Managed scanning on (${mode === 'observe' ? 'observe only' : 'enforced'}) for every repository without its own setting.` });
    } catch (e) {
      out.push({ projectId: p.id, projectName: p.name, ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}
