/**
 * Organization inventory: every project and repository the signed-in user can see, with its
 * managed-coverage state, last scan and open findings by severity. What the user sees is what
 * the service answers for the user's token: projects they are not a member of are not listed,
 * and a project that disappears mid-way (404) is left out.
 *
 * Calls, for P projects, R repositories, S of them scanned (each paged call counts once per
 * page; page sizes below):
 *   projects            ceil(P / 100)
 *   permission check    ceil(P / 50)   (Manage project properties, for bulk enablement)
 *   per project         4 + pages:     repositories, settings (project properties), status
 *                                      policies, pipeline definitions (1,000 a page),
 *                                      Palisade-tagged builds (1,000 a page)
 *   per scanned repo    2              the build's artifacts, then its scan record
 * For 50 projects and 5,000 repositories all scanned: 1 + 1 + 50 x 5 + 5,000 x 2 = 10,252
 * calls (about 250 without the findings counts, `counts: false`). See README.md.
 *
 * Discovery is resumable: after each project a checkpoint is saved (per user: the browser's
 * storage), and a new run continues with the projects not done. Nothing found is dropped when
 * the service throttles: the client waits and retries (throttledClient.ts); a project whose
 * calls still fail is recorded as failed with the reason, and retried by the next run.
 */
import { adminSettings, parseSettingsProperty, PROPERTY_PREFIX, settingsRepoKey, SETTINGS_DEFAULTS_KEY, type ScanSettings, type SettingsProperty } from '../../../tasks/contract/projectSettings';
import { parseScanRecord, PALISADE_BUILD_TAG, SCAN_RECORD_FILE, type SeverityCounts } from '../../../tasks/contract/scanRecord';
import { isPalisadeGate, STATUS_POLICY_TYPE_ID, type PolicyConfigurationLike } from '../../shared/data/branchGate';
import { managedCoverageOf, type ManagedCoverage } from '../../shared/data/managedCoverage';
import type { ThrottledClient } from '../../shared/sdk/throttledClient';

export const PROJECT_NAMESPACE_ID = '52d39943-cb85-4d7f-8fa8-c6baac873819';
export const MANAGE_PROPERTIES = 131072;
const PROJECTS_PAGE = 100;
const PERMISSION_BATCH = 50;
const DEFINITIONS_PAGE = 1000;
const BUILDS_PAGE = 1000;
const MAX_BUILD_PAGES = 5;
const V = '7.0';

export interface InventoryRepo {
  projectId: string;
  projectName: string;
  id: string;
  name: string;
  defaultBranch?: string;
  isDisabled: boolean;
  settings: ScanSettings;
  hasPipeline: boolean;
  gated: boolean;
  coverage: ManagedCoverage;
  warning?: string;
  lastScan?: { buildId: number; finishTime?: string; branch?: string; outcome?: string; counts?: SeverityCounts; unreadable?: string };
}

export interface ProjectInventory {
  id: string;
  name: string;
  /** The user may change the project's Palisade settings (bulk enablement). */
  canManage: boolean;
  defaults: SettingsProperty | null;
  repos: InventoryRepo[];
  failed?: string;
}

export interface DiscoveryCheckpoint {
  version: 1;
  projects: { id: string; name: string }[];
  canManage: Record<string, boolean>;
  done: Record<string, ProjectInventory>;
  updatedAt: string;
}

export interface CheckpointStore {
  load(): DiscoveryCheckpoint | undefined;
  save(c: DiscoveryCheckpoint): void;
  clear(): void;
}

export interface DiscoveryProgress {
  phase: 'projects' | 'permissions' | 'project' | 'done';
  projectsDone: number;
  projectsTotal: number;
  reposFound: number;
  calls: number;
  /** The client is waiting for the service (Retry-After). */
  throttled: number;
  current?: string;
}

export interface DiscoveryOptions {
  store?: CheckpointStore;
  onProgress?: (p: DiscoveryProgress) => void;
  /** Read scan records for the findings counts (2 calls per scanned repository). Default true. */
  counts?: boolean;
  /** Stops after the current project (the checkpoint keeps what was done). */
  signal?: { aborted: boolean };
  now?: () => Date;
}

export interface Inventory {
  projects: ProjectInventory[];
  complete: boolean;
  calls: number;
}

interface Paged<T> {
  value: T[];
}

async function allPages<T>(client: ThrottledClient, path: string, query: Record<string, string | number>, maxPages = 1000): Promise<T[]> {
  return (await client.allPages<T>(path, query, maxPages)).items;
}

export async function listProjects(client: ThrottledClient): Promise<{ id: string; name: string }[]> {
  const out: { id: string; name: string }[] = [];
  for (let skip = 0; ; skip += PROJECTS_PAGE) {
    const { body } = await client.getJson<Paged<{ id: string; name: string }>>('_apis/projects', { $top: PROJECTS_PAGE, $skip: skip, 'api-version': V });
    out.push(...body.value.map((p) => ({ id: p.id, name: p.name })));
    if (body.value.length < PROJECTS_PAGE) return out;
  }
}

export async function manageableProjects(client: ThrottledClient, projectIds: readonly string[]): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (let i = 0; i < projectIds.length; i += PERMISSION_BATCH) {
    const batch = projectIds.slice(i, i + PERMISSION_BATCH);
    const tokens = batch.map((id) => `$PROJECT:vstfs:///Classification/TeamProject/${id}`).join(',');
    const { body } = await client.getJson<Paged<boolean> | boolean[]>(`_apis/permissions/${PROJECT_NAMESPACE_ID}/${MANAGE_PROPERTIES}`, { tokens, alwaysAllowAdministrators: 'true', 'api-version': V });
    const answers = Array.isArray(body) ? body : body.value;
    batch.forEach((id, k) => (out[id] = answers[k] === true));
  }
  return out;
}

interface RepoJson { id: string; name: string; defaultBranch?: string; isDisabled?: boolean }
interface DefinitionJson { id: number; repository?: { id?: string; type?: string } }
interface BuildJson { id: number; finishTime?: string; sourceBranch?: string; result?: string; repository?: { id?: string } }

/** One project's repositories with their coverage (4 calls and pages, plus 2 per scanned repository with `counts`). */
export async function discoverProject(client: ThrottledClient, project: { id: string; name: string }, canManage: boolean, counts = true): Promise<ProjectInventory> {
  const pid = project.id;
  const [repos, props, policies, definitions, builds] = await Promise.all([
    client.getJson<Paged<RepoJson>>(`${pid}/_apis/git/repositories`, { 'api-version': V }).then((r) => r.body.value),
    client.getJson<Paged<{ name: string; value: unknown }>>(`_apis/projects/${pid}/properties`, { keys: `${PROPERTY_PREFIX}Settings.*`, 'api-version': `${V}-preview.1` }).then((r) => r.body.value),
    allPages<PolicyConfigurationLike>(client, `${pid}/_apis/policy/configurations`, { policyType: STATUS_POLICY_TYPE_ID, 'api-version': V }),
    allPages<DefinitionJson>(client, `${pid}/_apis/build/definitions`, { includeAllProperties: 'true', $top: DEFINITIONS_PAGE, 'api-version': V }),
    allPages<BuildJson>(client, `${pid}/_apis/build/builds`, { tagFilters: PALISADE_BUILD_TAG, statusFilter: 'completed', queryOrder: 'finishTimeDescending', $top: BUILDS_PAGE, 'api-version': V }, MAX_BUILD_PAGES),
  ]);
  const prop = (key: string) => props.find((p) => p.name.toLowerCase() === key.toLowerCase());
  const read = (key: string): SettingsProperty | null => {
    const p = prop(key);
    if (!p) return null;
    try {
      return parseSettingsProperty(p.value, p.name);
    } catch {
      // An unreadable setting is shown as the built-in defaults would be; the project's own hub says why.
      return null;
    }
  };
  const defaults = read(SETTINGS_DEFAULTS_KEY);
  const piped = new Set(definitions.filter((d) => !d.repository?.type || d.repository.type.toLowerCase() === 'tfsgit').map((d) => d.repository?.id?.toLowerCase()).filter(Boolean));
  // Newest scan per repository: builds arrive newest first.
  const latest = new Map<string, BuildJson>();
  for (const b of builds) {
    const rid = b.repository?.id?.toLowerCase();
    if (rid && !latest.has(rid)) latest.set(rid, b);
  }
  const out: InventoryRepo[] = [];
  for (const r of repos) {
    const settings = adminSettings(defaults, read(settingsRepoKey(r.id))).settings;
    const gated = policies.some((c) => c.isEnabled !== false && c.isBlocking === true && isPalisadeGate(c, { repositoryId: r.id, defaultBranch: r.defaultBranch }));
    const scan = latest.get(r.id.toLowerCase());
    const hasPipeline = piped.has(r.id.toLowerCase());
    const cov = managedCoverageOf({ enabled: settings.enabled, managedScan: settings.managedScan, scanned: !!scan, gated, hasPipeline });
    out.push({
      projectId: pid, projectName: project.name, id: r.id, name: r.name, defaultBranch: r.defaultBranch, isDisabled: !!r.isDisabled, settings, hasPipeline, gated,
      coverage: cov.state, ...(cov.warning ? { warning: cov.warning } : {}),
      ...(scan ? { lastScan: { buildId: scan.id, finishTime: scan.finishTime, branch: scan.sourceBranch, outcome: scan.result } } : {}),
    });
  }
  if (counts) {
    for (const repo of out) if (repo.lastScan) await readCounts(client, pid, repo);
  }
  return { id: pid, name: project.name, canManage, defaults, repos: out };
}

/** The scan record of the repository's newest scan: its outcome and open counts (2 calls). */
async function readCounts(client: ThrottledClient, projectId: string, repo: InventoryRepo): Promise<void> {
  const scan = repo.lastScan!;
  try {
    const { body } = await client.getJson<Paged<{ name: string; resource?: { type?: string; data?: string } }>>(`${projectId}/_apis/build/builds/${scan.buildId}/artifacts`, { 'api-version': V });
    const artifact = body.value.filter((a) => a.resource?.type === 'Container').find((a) => /^CodeAnalysisLogs/i.test(a.name)) ?? body.value.find((a) => a.resource?.type === 'Container');
    const m = /^#\/(\d+)\/(.+)$/.exec(artifact?.resource?.data ?? '');
    if (!m) {
      scan.unreadable = 'no artifact with a scan record';
      return;
    }
    const res = await client.getJson<unknown>(`_apis/resources/Containers/${m[1]}`, { itemPath: `${m[2]}/${SCAN_RECORD_FILE}`, scope: projectId, $format: 'OctetStream', 'api-version': `${V}-preview.4` });
    const record = parseScanRecord(JSON.stringify(res.body), `build ${scan.buildId}'s ${SCAN_RECORD_FILE}`);
    scan.outcome = record.scan.outcome;
    scan.counts = record.scan.counts;
  } catch (e) {
    scan.unreadable = e instanceof Error ? e.message : String(e);
  }
}

/** The whole organization, resuming from the store's checkpoint. */
export async function discoverOrganization(client: ThrottledClient, opts: DiscoveryOptions = {}): Promise<Inventory> {
  const now = opts.now ?? (() => new Date());
  let cp = opts.store?.load();
  const progress = (phase: DiscoveryProgress['phase'], current?: string) => opts.onProgress?.({
    phase, current, projectsDone: Object.keys(cp?.done ?? {}).length, projectsTotal: cp?.projects.length ?? 0,
    reposFound: Object.values(cp?.done ?? {}).reduce((n, p) => n + p.repos.length, 0), calls: client.stats.calls, throttled: client.stats.throttled,
  });
  if (!cp) {
    progress('projects');
    const projects = await listProjects(client);
    progress('permissions');
    cp = { version: 1, projects, canManage: await manageableProjects(client, projects.map((p) => p.id)), done: {}, updatedAt: now().toISOString() };
    opts.store?.save(cp);
  }
  for (const project of cp.projects) {
    if (cp.done[project.id] && !cp.done[project.id].failed) continue;
    progress('project', project.name);
    if (opts.signal?.aborted) break;
    let inv: ProjectInventory;
    try {
      inv = await discoverProject(client, project, cp.canManage[project.id] === true, opts.counts !== false);
    } catch (e) {
      const status = (e as { status?: number }).status;
      // The user lost access (or the project was deleted) since the list: not theirs to see.
      if (status === 404 || status === 403) {
        cp.projects = cp.projects.filter((p) => p.id !== project.id);
        delete cp.done[project.id];
        opts.store?.save(cp);
        continue;
      }
      inv = { id: project.id, name: project.name, canManage: false, defaults: null, repos: [], failed: e instanceof Error ? e.message : String(e) };
    }
    cp.done[project.id] = inv;
    cp.updatedAt = now().toISOString();
    opts.store?.save(cp);
  }
  const projects = cp.projects.map((p) => cp!.done[p.id]).filter((p): p is ProjectInventory => !!p);
  const complete = projects.length === cp.projects.length && projects.every((p) => !p.failed);
  progress('done');
  return { projects, complete, calls: client.stats.calls };
}
