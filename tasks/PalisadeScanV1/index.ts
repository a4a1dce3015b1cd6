import * as tl from 'azure-pipelines-task-lib/task';
import { connect } from './azure/connection';
import { retryOptionsFromEnv } from './azure/retryPolicy';
import { runTask, describe, type TaskHost } from './run';
import { TaskLog } from './taskLog';

/** Wires the task to the agent through azure-pipelines-task-lib. */
function agentHost(): TaskHost {
  return {
    inputs: { get: (name) => tl.getInput(name, false) },
    variable: (name) => tl.getVariable(name),
    log: new TaskLog(),
    accessToken: () => tl.getEndpointAuthorizationParameter('SystemVssConnection', 'AccessToken', true) ?? tl.getVariable('System.AccessToken'),
    proxy: (url) => {
      const p = tl.getHttpProxyConfiguration(url);
      return p ? { proxyUrl: p.proxyUrl, proxyUsername: p.proxyUsername, proxyPassword: p.proxyPassword, proxyBypassHosts: p.proxyBypassHosts } : null;
    },
    caFile: () => tl.getHttpCertConfiguration()?.caFile,
    findFiles: (root, patterns) => tl.findMatch(root, patterns, undefined, { matchBase: true, nocase: process.platform === 'win32' }).filter((p) => tl.stats(p).isFile()),
    connect,
    addBuildTag: (tag) => tl.addBuildTag(tag),
    retry: retryOptionsFromEnv(process.env),
    historyTimeoutMs: Number(process.env.PALISADE_HISTORY_TIMEOUT_MS) || undefined,
  };
}

const RESULT = { Succeeded: tl.TaskResult.Succeeded, SucceededWithIssues: tl.TaskResult.SucceededWithIssues, Failed: tl.TaskResult.Failed } as const;

async function main(): Promise<void> {
  try {
    const outcome = await runTask(agentHost());
    tl.setResult(RESULT[outcome.result], outcome.message);
  } catch (e) {
    // A bug, not a user mistake: say so plainly, keep the stack in the debug log only.
    tl.debug((e as Error).stack ?? String(e));
    tl.setResult(tl.TaskResult.Failed, `Palisade failed unexpectedly: ${describe(e)}. Re-run with system.debug=true and report the log.`);
  }
}

void main();
