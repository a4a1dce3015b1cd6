/**
 * Managed scanning: the pipeline decorator (tasks/PalisadeDecorator/) puts PalisadeScan@1 after
 * the checkout of every job that builds an Azure Repos Git repository; whether that run scans,
 * and whether it may fail the job, is the administrators' `managedScan` setting (project
 * defaults, then the repository's), which the task reads from the project's properties.
 *
 * The decorator's template cannot read project properties (it is expanded by the service when
 * the run is compiled), so the decision to skip a repository that is not enabled is taken by
 * the injected task, with one REST call.
 */

/** `off`: the decorator's run skips; `observe`: scan and report, never fail; `enforce`: fail by the settings' failOn. */
export const MANAGED_MODES = ['off', 'observe', 'enforce'] as const;
export type ManagedMode = (typeof MANAGED_MODES)[number];

export function isManagedMode(v: unknown): v is ManagedMode {
  return typeof v === 'string' && (MANAGED_MODES as readonly string[]).includes(v);
}

/** PalisadeScan@1's id (task.json); decorators must name tasks by id, not by name. */
export const PALISADE_TASK_ID = '9fe5bdb6-a5ef-4f7d-9edb-edb70ada67d0';
export const PALISADE_TASK_MAJOR = 1;
/**
 * The `checkout` keyword's task id, as Microsoft Learn's "Pipeline decorator expression context"
 * lists it (decorators see steps after names and keywords became ids).
 */
export const CHECKOUT_TASK_ID = '6d15af64-176c-496d-b583-fd2ae21d4df4';

/** The task input the decorator sets: the run is the organization's managed scan, not a pipeline author's step. */
export const MANAGED_INPUT = 'managed';

/** The decorator's template file (in the vsix and under tasks/PalisadeDecorator/). */
export const DECORATOR_TEMPLATE = 'palisade-post-checkout.yml';
export const DECORATOR_CONTRIBUTION_ID = 'palisade-managed-scan';
export const DECORATOR_TARGET = 'ms.azure-pipelines-agent-job.post-checkout-tasks';

export interface ManagedDecision {
  scan: boolean;
  mode: ManagedMode;
  /** One line for the log: why the run scans or skips. */
  reason: string;
}

/**
 * Whether a decorated run scans. `enabled: false` (the hub's "Scanning" switch) wins over
 * `managedScan`; without an administrator's `managedScan` the decorator does nothing, so
 * installing the extension changes no pipeline until an administrator opts a project or
 * repository in.
 */
export function managedDecision(settings: { enabled: boolean; managedScan: ManagedMode }, repository: string): ManagedDecision {
  if (!settings.enabled) return { scan: false, mode: 'off', reason: `Palisade is switched off for repository ${repository} in the project's settings; the managed scan skips.` };
  if (settings.managedScan === 'off') {
    return { scan: false, mode: 'off', reason: `Managed scanning is not enabled for repository ${repository}; the managed scan skips. A project administrator can enable it under Repos > Security > Settings.` };
  }
  const how = settings.managedScan === 'observe' ? 'observe only: findings are reported, the job is not failed' : 'enforced: findings at or above the settings\' threshold fail the job';
  return { scan: true, mode: settings.managedScan, reason: `Managed scan of repository ${repository} (${how}).` };
}
