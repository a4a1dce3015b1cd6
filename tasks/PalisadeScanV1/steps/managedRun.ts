/**
 * The run the pipeline decorator injected (`managed: true`): it scans only where an
 * administrator enabled managed scanning for the repository, and in observe mode it reports
 * without failing the job. Every doubt skips: a decorator runs in every pipeline of the
 * organization, and a skip leaves a required `palisade/security-scan` status unposted, so a
 * gated pull request still waits for a real scan.
 */
import { managedDecision, type ManagedMode } from '../../contract/managedScan';
import { setOutput } from './outputs';
import type { PipelineContext } from '../context/pipelineContext';
import { PolicyError, type ProjectPolicy } from '../context/projectPolicy';
import type { TaskLog } from '../log/taskLog';
import type { TaskResultKind, Verdict } from './verdict';

export interface ManagedSkip {
  skip: { result: TaskResultKind; message: string; outcome: 'skipped' };
}

export interface ManagedScan {
  mode: Exclude<ManagedMode, 'off'>;
}

/** What a decorated run does, from the policy read (or its failure) before anything else. */
export function managedGate(log: TaskLog, ctx: PipelineContext, connected: boolean, policy: ProjectPolicy | PolicyError): ManagedSkip | ManagedScan {
  const repo = ctx.repositoryName ?? ctx.repositoryId ?? '(unknown)';
  const skip = (message: string, warn = false): ManagedSkip => {
    if (warn) log.warning(message);
    else log.info(message);
    setOutput(log, 'result', 'skipped');
    return { skip: { result: 'Succeeded', message, outcome: 'skipped' } };
  };
  // The template's `type: Git` is the first filter; the agent's provider is the authoritative one.
  if (ctx.repositoryProvider && ctx.repositoryProvider !== 'TfsGit') return skip(`Managed scan skipped: repository ${repo} is not an Azure Repos Git repository (provider ${ctx.repositoryProvider}).`);
  if (!connected || !ctx.repositoryId) return skip(`Managed scan skipped: without a connection to Azure DevOps the task cannot read whether managed scanning is enabled for repository ${repo}.`, true);
  if (policy instanceof PolicyError) return skip(`Managed scan skipped: ${policy.message}`, true);
  if (policy.sourceNote) return skip(`Managed scan skipped: ${policy.sourceNote}`, true);
  const decision = managedDecision(policy.admin.settings, repo);
  if (!decision.scan || decision.mode === 'off') return skip(decision.reason);
  log.info(decision.reason);
  return { mode: decision.mode };
}

/** Observe mode: the verdict is reported in full, but the job never fails because of it. */
export function observeOnly(verdict: Verdict): Verdict {
  if (verdict.result !== 'Failed') return verdict;
  return { ...verdict, result: 'SucceededWithIssues', message: `Observe only (managed scanning does not fail jobs in this repository yet): ${verdict.message}` };
}
