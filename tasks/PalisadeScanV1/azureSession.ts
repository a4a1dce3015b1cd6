/**
 * The task's Azure DevOps side for one run: the connection (with retries logged), calls whose
 * failure must not cost the scan result, and the Security hub's storage, which degrades to
 * built-in defaults and switches itself off at the first refusal.
 */
import { StoragePermissionError, TokenNotAcceptedError, type DocumentStore } from '../contract/documentStore';
import type { AzureClients, ConnectionOptions } from './azure/connection';
import { RestDocumentStore, statusOf } from './azure/restDocumentStore';
import { stripQuery, type RetryOptions } from './azure/retryPolicy';
import type { PipelineContext } from './pipelineContext';
import type { TaskLog } from './taskLog';

/** Printed (once) when the token may not use the extension's data. */
export const STORAGE_PERMISSION_HELP =
  'The pipeline token may not use Palisade\'s extension data (results for the Security hub). Grant "Project Collection Build Service" (or the project\'s build service identity) access, or set publishToHub: false. The SARIF artifact is still published and the hub falls back to it.';

/**
 * Printed (once) when the service does not accept the pipeline's token for extension data at
 * all (401 TokenMissingHostAuthorizationClaimException): no permission can fix that.
 */
export const STORAGE_TOKEN_HELP =
  'Azure DevOps does not accept the pipeline\'s token for extension data (TokenMissingHostAuthorizationClaimException: only tokens issued to the extension may use it), so this scan is not stored for the Security hub. The build is not affected: the results are in the SARIF artifact and this log, and the hub reads the artifact.';

/** The one warning for a storage refusal. */
export function storageRefusal(e: StoragePermissionError): string {
  return e instanceof TokenNotAcceptedError || e.name === 'TokenNotAcceptedError' ? STORAGE_TOKEN_HELP : STORAGE_PERMISSION_HELP;
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
    if (e instanceof StoragePermissionError) log.warning(storageRefusal(e));
    else log.warning(`Could not ${what}: ${describe(e)}`);
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
    host.log.warning('No access token: pull request feedback and Security hub publishing are off. Allow scripts to access the OAuth token (or map System.AccessToken) in the job.');
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
    host.log.warning(`Could not connect to ${ctx.collectionUri}: ${describe(e)}. Pull request feedback and Security hub publishing are off.`);
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

/**
 * The Security hub's storage for this run. Reads fall back to a default when they fail; any
 * failure (a refused permission, a newer data version, an outage after retries) switches
 * storage off for the rest of the run, with one warning, so the task neither repeats failing
 * calls nor publishes on top of data it could not read.
 */
export class HubAccess {
  private on: boolean;

  constructor(
    private readonly store: DocumentStore | undefined,
    private readonly log: TaskLog,
    readonly projectId: string,
    readonly repoId: string | undefined,
  ) {
    this.on = !!store && !!repoId && !!projectId;
  }

  static for(azure: AzureClients | undefined, publishToHub: boolean, ctx: PipelineContext, log: TaskLog): HubAccess {
    return new HubAccess(azure && publishToHub ? new RestDocumentStore(azure.extensionData) : undefined, log, ctx.projectId, ctx.repositoryId);
  }

  get usable(): boolean {
    return this.on;
  }

  /** `fn(store, repoId)`, or `fallback` when storage is off or the read fails (then storage goes off). */
  async read<T>(what: string, fallback: T, fn: (store: DocumentStore, repoId: string) => Promise<T>): Promise<T> {
    if (!this.on) return fallback;
    try {
      return await fn(this.store!, this.repoId!);
    } catch (e) {
      this.on = false;
      if (e instanceof StoragePermissionError) this.log.warning(storageRefusal(e));
      else this.log.warning(`Could not ${what}: ${describe(e)}`);
      return fallback;
    }
  }

  /**
   * A write that must not cost the scan result; undefined when off or failed. A refused token
   * switches storage off, so the refusal is reported once, not once per write.
   */
  async write<T>(what: string, fn: (store: DocumentStore, repoId: string) => Promise<T>): Promise<T | undefined> {
    if (!this.on) return undefined;
    try {
      return await fn(this.store!, this.repoId!);
    } catch (e) {
      if (e instanceof StoragePermissionError) {
        this.on = false;
        this.log.warning(storageRefusal(e));
      } else this.log.warning(`Could not ${what}: ${describe(e)}`);
      return undefined;
    }
  }
}
