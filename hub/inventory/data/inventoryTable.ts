/** The inventory table's rows: filtered by text, project and coverage, sorted by any column. */
import { SEVERITIES } from '../../../tasks/contract/findings';
import { MANAGED_COVERAGE_ORDER, type ManagedCoverage } from '../../shared/data/managedCoverage';
import type { InventoryRepo, ProjectInventory } from './discovery';

export type SortKey = 'project' | 'repository' | 'coverage' | 'lastScan' | 'findings';

export interface InventoryFilter {
  text?: string;
  projects?: string[];
  coverage?: ManagedCoverage[];
}

/** Open findings weighted by severity, so "most severe first" sorts critical before many lows. */
export function severityWeight(r: InventoryRepo): number {
  const c = r.lastScan?.counts;
  if (!c) return -1;
  return SEVERITIES.reduce((w, s, i) => w + (c[s] ?? 0) * 1000 ** (SEVERITIES.length - 1 - i), 0);
}

export function inventoryRows(projects: readonly ProjectInventory[], filter: InventoryFilter = {}, sort: { key: SortKey; descending?: boolean } = { key: 'coverage' }): InventoryRepo[] {
  const text = filter.text?.trim().toLowerCase();
  const rows = projects.flatMap((p) => p.repos).filter((r) =>
    (!text || r.name.toLowerCase().includes(text) || r.projectName.toLowerCase().includes(text))
    && (!filter.projects?.length || filter.projects.includes(r.projectId))
    && (!filter.coverage?.length || filter.coverage.includes(r.coverage)));
  const by: Record<SortKey, (a: InventoryRepo, b: InventoryRepo) => number> = {
    project: (a, b) => a.projectName.localeCompare(b.projectName),
    repository: (a, b) => a.name.localeCompare(b.name),
    coverage: (a, b) => MANAGED_COVERAGE_ORDER.indexOf(a.coverage) - MANAGED_COVERAGE_ORDER.indexOf(b.coverage),
    lastScan: (a, b) => Date.parse(a.lastScan?.finishTime ?? '0') - Date.parse(b.lastScan?.finishTime ?? '0'),
    findings: (a, b) => severityWeight(a) - severityWeight(b),
  };
  const dir = sort.descending ? -1 : 1;
  return rows.sort((a, b) => dir * by[sort.key](a, b) || a.projectName.localeCompare(b.projectName) || a.name.localeCompare(b.name));
}
