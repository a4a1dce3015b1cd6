import * as tl from 'azure-pipelines-task-lib/task';
import { connect } from './azure/connection';
import { retryOptionsFromEnv } from './azure/retryPolicy';
import { neutralisingDebugStream, taskLibOutput } from './log/agentOutput';
import { neutralise } from './log/logText';
import { runTask, describe, type TaskHost } from './run';
import { TaskLog } from './log/taskLog';

// task-lib's own debug lines carry repository paths (findMatch): print them neutralised too.
tl.setStdStream(neutralisingDebugStream((t) => process.stdout.write(t), neutralise));

/** Wires the task to the agent through azure-pipelines-task-lib. */
function agentHost(log: TaskLog): TaskHost {
  return {
    inputs: { get: (name) => tl.getInput(name, false) },
    variable: (name) => tl.getVariable(name),
    log,
    accessToken: () => tl.getEndpointAuthorizationParameter('SystemVssConnection', 'AccessToken', true) ?? tl.getVariable('System.AccessToken'),
    proxy: (url) => {
      const p = tl.getHttpProxyConfiguration(url);
      return p ? { proxyUrl: p.proxyUrl, proxyUsername: p.proxyUsername, proxyPassword: p.proxyPassword, proxyBypassHosts: p.proxyBypassHosts } : null;
    },
    caFile: () => tl.getHttpCertConfiguration()?.caFile,
    findFiles: (root, patterns) => tl.findMatch(root, patterns, undefined, { matchBase: true, nocase: process.platform === 'win32' }).filter((p) => tl.stats(p).isFile()),
    connect,
    retry: retryOptionsFromEnv(process.env),
    historyTimeoutMs: Number(process.env.PALISADE_HISTORY_TIMEOUT_MS) || undefined,
  };
}

const RESULT = { Succeeded: tl.TaskResult.Succeeded, SucceededWithIssues: tl.TaskResult.SucceededWithIssues, Failed: tl.TaskResult.Failed } as const;

async function main(): Promise<void> {
  // Every logging command through task-lib's functions (which escape them); every line masked and neutralised.
  const log = new TaskLog(taskLibOutput(tl));
  try {
    const outcome = await runTask(agentHost(log));
    tl.setResult(RESULT[outcome.result], log.clean(outcome.message));
  } catch (e) {
    // A bug, not a user mistake: say so plainly, keep the stack in the debug log only.
    for (const line of ((e as Error).stack ?? String(e)).split(/\r?\n/)) tl.debug(log.clean(line));
    tl.setResult(tl.TaskResult.Failed, log.clean(`Palisade failed unexpectedly: ${describe(e)}. Re-run with system.debug=true and report the log.`));
  }
}

void main();
