/**
 * The one-click gate: a "Status" branch policy (type cbdc66da-9728-4af8-aada-9a5a32e4a226,
 * what the web UI calls *Status check*) on a repository's default branch that requires
 * `palisade/security-scan` to have succeeded before a pull request completes.
 *
 * Creating or deleting it needs the Git permission *Edit policies* on the repository (Project
 * Administrators hold it by default); the hub asks the Security API first so it can say so
 * instead of offering a button that the service would refuse, and still turns a 403 into the
 * same message. The policy is Azure DevOps' own: removing the extension does not remove it,
 * and an administrator can edit or delete it under Project settings > Repositories > Policies.
 */
import { DEFAULT_STATUS_NAME, STATUS_GENRE } from '../../../tasks/contract/extension';

export const STATUS_POLICY_TYPE_ID = 'cbdc66da-9728-4af8-aada-9a5a32e4a226';
/** Git Repositories security namespace and its EditPolicies bit. */
export const GIT_REPOSITORIES_NAMESPACE_ID = '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87';
export const GIT_EDIT_POLICIES = 2048;
export const EDIT_POLICIES_PERMISSION = 'Edit policies';

export function repositorySecurityToken(projectId: string, repositoryId: string): string {
  return `repoV2/${projectId}/${repositoryId}`;
}

/** The fields of a `PolicyConfiguration` (policy-7.1.json) the gate reads and writes. */
export interface PolicyConfigurationLike {
  id?: number;
  isEnabled?: boolean;
  isBlocking?: boolean;
  isDeleted?: boolean;
  type?: { id?: string; displayName?: string };
  settings?: Record<string, unknown>;
}

/** What the gate needs of `PolicyRestClient` (azure-devops-extension-api/Policy). */
export interface PolicyClientLike {
  /** One page; `continuationToken` (from the previous page) asks for the next. */
  getPolicyConfigurations(project: string, scope?: string, policyType?: string, continuationToken?: string): Promise<PolicyConfigurationLike[] & { continuationToken?: string | null }>;
  createPolicyConfiguration(configuration: PolicyConfigurationLike, project: string): Promise<PolicyConfigurationLike>;
  deletePolicyConfiguration(project: string, configurationId: number): Promise<void>;
}

/** `hasPermissions(namespace, bits, tokens)` of the hub's SecurityPermissionsClient. */
export type PermissionCheck = (namespaceId: string, bits: number, tokens: string[]) => Promise<boolean[]>;

export interface GateTarget {
  projectId: string;
  repositoryId: string;
  repositoryName: string;
  /** `refs/heads/main`; an empty repository has none and cannot be gated yet. */
  defaultBranch?: string;
}

export class GateError extends Error {
  override name = 'GateError';
}

interface ScopeEntry {
  repositoryId?: string | null;
  refName?: string;
  matchKind?: string;
}

/** Whether a configuration requires Palisade's status on this repository's default branch. */
export function isPalisadeGate(c: PolicyConfigurationLike, target: Pick<GateTarget, 'repositoryId' | 'defaultBranch'>, statusName = DEFAULT_STATUS_NAME): boolean {
  if (c.isDeleted || c.type?.id?.toLowerCase() !== STATUS_POLICY_TYPE_ID) return false;
  const s = c.settings ?? {};
  if (String(s.statusGenre ?? '').toLowerCase() !== STATUS_GENRE || String(s.statusName ?? '').toLowerCase() !== statusName.toLowerCase()) return false;
  const scope = Array.isArray(s.scope) ? (s.scope as ScopeEntry[]) : [];
  return scope.some((e) => {
    const repoMatches = !e.repositoryId || e.repositoryId.toLowerCase() === target.repositoryId.toLowerCase();
    if (!repoMatches || !target.defaultBranch) return false;
    if ((e.matchKind ?? 'exact').toLowerCase() === 'prefix') return target.defaultBranch.startsWith(e.refName ?? '');
    return (e.refName ?? '').toLowerCase() === target.defaultBranch.toLowerCase();
  });
}

export interface ProjectGates {
  /** Enabled, blocking Palisade gates by repository id. */
  byRepository: Map<string, PolicyConfigurationLike>;
  /** Palisade gates that exist but do not block (disabled or optional): shown, not counted as gated. */
  weak: Map<string, PolicyConfigurationLike>;
  /** More pages than MAX_POLICY_PAGES: what was not read is not shown as gated. */
  truncated: boolean;
}

/** A project with more status policies than this many pages is read no further (20,000+ policies). */
const MAX_POLICY_PAGES = 200;

/** A project's status policies, every page of them (the service pages by continuation token). */
async function statusPolicies(client: PolicyClientLike, projectId: string): Promise<{ configs: PolicyConfigurationLike[]; truncated: boolean }> {
  const configs: PolicyConfigurationLike[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_POLICY_PAGES; page++) {
    const got = await client.getPolicyConfigurations(projectId, undefined, STATUS_POLICY_TYPE_ID, token);
    configs.push(...got);
    const next = got.continuationToken ?? undefined;
    if (!next) return { configs, truncated: false };
    // A client that ignores the token would hand the same page back forever.
    if (next === token) return { configs, truncated: true };
    token = next;
  }
  return { configs, truncated: true };
}

/** One read per project (a call per page): its status policies, matched to its repositories. */
export async function readProjectGates(client: PolicyClientLike, projectId: string, repositories: readonly Pick<GateTarget, 'repositoryId' | 'defaultBranch'>[]): Promise<ProjectGates> {
  const { configs, truncated } = await statusPolicies(client, projectId);
  const byRepository = new Map<string, PolicyConfigurationLike>();
  const weak = new Map<string, PolicyConfigurationLike>();
  for (const repo of repositories) {
    for (const c of configs) {
      if (!isPalisadeGate(c, repo)) continue;
      if (c.isEnabled !== false && c.isBlocking) byRepository.set(repo.repositoryId, c);
      else if (!byRepository.has(repo.repositoryId)) weak.set(repo.repositoryId, c);
    }
  }
  return { byRepository, weak, truncated };
}

/** The policy the gate creates: required, on the default branch only, reset by every push. */
export function gatePolicy(target: GateTarget, statusName = DEFAULT_STATUS_NAME): PolicyConfigurationLike {
  if (!target.defaultBranch) throw new GateError(`Repository ${target.repositoryName} is empty (no default branch yet); push a first commit, then add the gate.`);
  return {
    isEnabled: true,
    isBlocking: true,
    type: { id: STATUS_POLICY_TYPE_ID },
    settings: {
      statusGenre: STATUS_GENRE,
      statusName,
      defaultDisplayName: 'Palisade security scan',
      // A push makes the earlier verdict stale: the next scan must vouch for the new code.
      invalidateOnSourceUpdate: true,
      authorId: null,
      policyApplicability: null,
      scope: [{ repositoryId: target.repositoryId, refName: target.defaultBranch, matchKind: 'Exact' }],
    },
  };
}

/** Whether the signed-in user may add or remove gates, per repository id. */
export async function canEditPolicies(check: PermissionCheck, projectId: string, repositoryIds: readonly string[]): Promise<Map<string, boolean>> {
  if (!repositoryIds.length) return new Map();
  const answers = await check(GIT_REPOSITORIES_NAMESPACE_ID, GIT_EDIT_POLICIES, repositoryIds.map((r) => repositorySecurityToken(projectId, r)));
  return new Map(repositoryIds.map((r, i) => [r, answers[i] === true]));
}

function refused(e: unknown, action: string, target: GateTarget): unknown {
  const status = Number((e as { status?: unknown; statusCode?: unknown })?.status ?? (e as { statusCode?: unknown })?.statusCode);
  if (status !== 401 && status !== 403) return e;
  const message = (e as { serverError?: { message?: string }; message?: string }).serverError?.message ?? (e as Error).message;
  return new GateError(`Azure DevOps refused to ${action} for ${target.repositoryName}: it needs the repository permission "${EDIT_POLICIES_PERMISSION}" (project administrators have it). ${message ? `(${message})` : ''}`.trim());
}

/** Adds the gate unless it is there already; returns the configuration in force. */
export async function addGate(client: PolicyClientLike, target: GateTarget): Promise<{ created: boolean; policy: PolicyConfigurationLike }> {
  const body = gatePolicy(target);
  const existing = await readProjectGates(client, target.projectId, [target]);
  const present = existing.byRepository.get(target.repositoryId);
  if (present) return { created: false, policy: present };
  try {
    return { created: true, policy: await client.createPolicyConfiguration(body, target.projectId) };
  } catch (e) {
    throw refused(e, 'add the status check', target);
  }
}

/** Removes every Palisade gate (blocking or not) on the repository's default branch; returns how many. */
export async function removeGate(client: PolicyClientLike, target: GateTarget): Promise<number> {
  const { configs } = await statusPolicies(client, target.projectId);
  const mine = configs.filter((c) => c.id !== undefined && isPalisadeGate(c, target));
  for (const c of mine) {
    try {
      await client.deletePolicyConfiguration(target.projectId, c.id as number);
    } catch (e) {
      throw refused(e, 'remove the status check', target);
    }
  }
  return mine.length;
}
