import type { IncomingHttpHeaders } from 'node:http';

/**
 * Retries for Azure DevOps REST calls: 429 waits for Retry-After (or X-RateLimit-Reset), 5xx
 * backs off exponentially, dropped connections are retried for idempotent verbs, and a
 * throttling hint on a successful response (Retry-After / X-RateLimit-Delay) delays the next
 * call instead of waiting for a 429.
 */
export interface RetryOptions {
  maxRetries: number;
  /** First backoff in ms; doubles each retry, with jitter. */
  baseDelayMs: number;
  /** Longest single wait we accept; a longer Retry-After fails the call with a clear error. */
  maxWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  onRetry?: (info: { verb: string; url: string; status?: number; waitMs: number; attempt: number; reason: string }) => void;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxRetries: 5,
  baseDelayMs: 1000,
  maxWaitMs: 120_000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  now: () => Date.now(),
};

/**
 * Overrides read from the environment: `PALISADE_RETRY_BASE_MS` sets the first backoff of
 * 5xx and dropped-connection retries (tests use a few ms). A server's Retry-After is always
 * honoured as sent.
 */
export function retryOptionsFromEnv(env: NodeJS.ProcessEnv): Partial<RetryOptions> {
  const base = Number(env.PALISADE_RETRY_BASE_MS);
  return env.PALISADE_RETRY_BASE_MS && Number.isFinite(base) && base >= 0 ? { baseDelayMs: base } : {};
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** Statuses that mean the request was not processed, so any verb may be retried. */
const NOT_PROCESSED = new Set([429, 502, 503, 504]);

/** Wait asked for by the server, in ms, or undefined. */
export function serverWait(headers: IncomingHttpHeaders, now: number): number | undefined {
  const retryAfter = headers['retry-after'];
  if (typeof retryAfter === 'string' && retryAfter.trim() !== '') {
    const secs = Number(retryAfter);
    if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = headers['x-ratelimit-reset'];
  const remaining = headers['x-ratelimit-remaining'];
  if (typeof reset === 'string' && remaining === '0') {
    const at = Number(reset) * 1000;
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  const delay = headers['x-ratelimit-delay'];
  if (typeof delay === 'string' && Number(delay) > 0) return Number(delay) * 1000;
  return undefined;
}

/** The shape of typed-rest-client's HttpClient.request we wrap. */
interface Requester {
  request(verb: string, url: string, data: unknown, headers: unknown): Promise<{ message: { statusCode?: number; headers: IncomingHttpHeaders }; readBody(): Promise<string> }>;
}

export interface CallCounter {
  calls: number;
  retries: number;
  throttledMs: number;
}

export class RateLimitError extends Error {
  override name = 'RateLimitError';
}

/**
 * Wraps `client.request` in place. Bodies that are streams cannot be replayed, so those
 * requests get one try.
 */
export function installRetryPolicy(client: Requester, counter: CallCounter, opts: RetryOptions = DEFAULT_RETRY): void {
  const original = client.request.bind(client);
  let notBefore = 0;
  client.request = async (verb, url, data, headers) => {
    const replayable = data === null || data === undefined || typeof data === 'string';
    for (let attempt = 0; ; attempt++) {
      const hold = notBefore - opts.now();
      if (hold > 0) {
        counter.throttledMs += hold;
        await opts.sleep(Math.min(hold, opts.maxWaitMs));
      }
      counter.calls++;
      let res;
      try {
        res = await original(verb, url, data, headers);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        const transient = /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|UND_ERR_SOCKET)$/.test(code) || /socket hang up/i.test((e as Error).message);
        if (!transient || !replayable || !IDEMPOTENT.has(verb) || attempt >= opts.maxRetries) throw e;
        const waitMs = backoff(attempt, opts);
        counter.retries++;
        opts.onRetry?.({ verb, url, waitMs, attempt: attempt + 1, reason: code || 'connection dropped' });
        await opts.sleep(waitMs);
        continue;
      }
      const status = res.message.statusCode ?? 0;
      const asked = serverWait(res.message.headers, opts.now());
      const retryable = (NOT_PROCESSED.has(status) || (status >= 500 && IDEMPOTENT.has(verb))) && replayable;
      if (!retryable || attempt >= opts.maxRetries) {
        // Throttled but served: slow the next call down rather than hit a 429.
        if (asked !== undefined && status < 400) notBefore = opts.now() + Math.min(asked, opts.maxWaitMs);
        return res;
      }
      const waitMs = asked ?? backoff(attempt, opts);
      if (waitMs > opts.maxWaitMs) {
        await res.readBody();
        throw new RateLimitError(`Azure DevOps asked to wait ${Math.ceil(waitMs / 1000)} s before retrying ${verb} ${stripQuery(url)} (status ${status}); giving up. Re-run later or reduce parallel pipelines.`);
      }
      await res.readBody();
      counter.retries++;
      if (status === 429) counter.throttledMs += waitMs;
      opts.onRetry?.({ verb, url, status, waitMs, attempt: attempt + 1, reason: status === 429 ? 'rate limited' : `HTTP ${status}` });
      await opts.sleep(waitMs);
    }
  };
}

function backoff(attempt: number, opts: RetryOptions): number {
  const base = opts.baseDelayMs * 2 ** attempt;
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export function stripQuery(url: string): string {
  const i = url.indexOf('?');
  return i === -1 ? url : url.slice(0, i);
}
