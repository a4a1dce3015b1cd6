/**
 * The task's Azure DevOps side for one run: the connection (with retries logged) and calls
 * whose failure must not cost the scan result. The task needs only what a build identity has
 * by default: read the repository and the project's properties, view builds, contribute to
 * pull requests.
 */
import type { AzureClients, ConnectionOptions } from './connection';
import { stripQuery, type RetryOptions } from './retryPolicy';
import type { PipelineContext } from '../context/pipelineContext';
import type { TaskLog } from '../log/taskLog';

/** HTTP status of a failed azure-devops-node-api call. */
export function statusOf(e: unknown): number | undefined {
  const s = (e as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/** Retries logged one by one; the rest only count towards the closing line. */
const MAX_RETRY_LINES = 10;

export function describe(e: unknown): string {
  if (e instanceof Error) {
    const status = statusOf(e);
    return status ? `HTTP ${status}: ${e.message}` : e.message;
  }
  return String(e);
}

/** Runs a REST step whose failure must not cost the scan result; logs a warning instead. */
export async function safe<T>(log: TaskLog, what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    log.warning(`Could not ${what}: ${describe(e)}`);
    return undefined;
  }
}

export interface ConnectHost {
  log: TaskLog;
  accessToken(): string | undefined;
  proxy(url: string): ConnectionOptions['proxy'];
  caFile(): string | undefined;
  connect(opts: ConnectionOptions): Promise<AzureClients>;
  retry?: ConnectionOptions['retry'];
}

/** The REST clients, or undefined (with a warning saying what is off) when there is no way in. */
export async function connectAzure(host: ConnectHost, ctx: PipelineContext): Promise<AzureClients | undefined> {
  const token = host.accessToken();
  if (!ctx.collectionUri) return undefined;
  if (!token) {
    host.log.warning('No access token: the project\'s Palisade settings and triage, earlier results and pull request feedback are off. Allow scripts to access the OAuth token (or map System.AccessToken) in the job.');
    return undefined;
  }
  let reported = 0;
  const line = (text: string) => {
    if (++reported <= MAX_RETRY_LINES) host.log.info(text);
    else if (reported === MAX_RETRY_LINES + 1) host.log.info('Azure DevOps: more retries and throttling follow; their count is in the last line of this log.');
  };
  // One line per throttle or retry: when, what, and how long the task waits.
  const onRetry: RetryOptions['onRetry'] = (r) => {
    if (r.throttle) {
      const resource = r.throttle.resource ? `, resource ${r.throttle.resource}` : '';
      const why = r.throttle.source === 'Retry-After' ? 'as Retry-After asks' : '(no Retry-After: backing off)';
      line(`Azure DevOps throttled ${r.verb} ${apiPath(r.url)} (${r.status}${resource}) at ${clock(r.at)}; waiting ${formatWait(r.waitMs)} ${why} (retry ${r.attempt}).`);
    } else {
      line(`Azure DevOps: ${r.reason} on ${r.verb} ${apiPath(r.url)}; retrying in ${formatWait(r.waitMs)} (retry ${r.attempt}).`);
    }
  };
  const onThrottleHint: RetryOptions['onThrottleHint'] = (h) => {
    const reset = h.resetAt ? `; usage resets at ${clock(h.resetAt)}` : '';
    line(`Azure DevOps held ${h.verb} ${apiPath(h.url)} for ${formatWait(h.delayedMs ?? 0)} before serving it${h.resource ? ` (resource ${h.resource})` : ''} at ${clock(h.at)}${reset}; not waiting on top of that.`);
  };
  try {
    return await host.connect({
      orgUrl: ctx.collectionUri, token, proxy: host.proxy(ctx.collectionUri), caFile: host.caFile(), retry: { ...host.retry, onRetry, onThrottleHint },
    });
  } catch (e) {
    host.log.warning(`Could not connect to ${ctx.collectionUri}: ${describe(e)}. The project's Palisade settings and triage, earlier results and pull request feedback are off.`);
    return undefined;
  }
}

/** The closing line of the log. */
export function callsLine(azure: AzureClients): string {
  const c = azure.counter;
  return `Azure DevOps REST calls: ${c.calls} (${c.retries} retried${c.throttledMs ? `, ${Math.round(c.throttledMs / 1000)} s throttled` : ''}).`;
}

/** `/{org}/{project}/_apis/git/...` without the query (ids, not secrets, but long). */
function apiPath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return stripQuery(url);
  }
}

/** UTC time of day, as the agent's log timestamps are. */
function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

function formatWait(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s` : `${ms} ms`;
}
