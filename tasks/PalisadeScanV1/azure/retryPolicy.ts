import type { IncomingHttpHeaders } from 'node:http';

/**
 * Retries for Azure DevOps REST calls, as Microsoft Learn's "Rate and usage limits" asks: a 429
 * waits for Retry-After (seconds or an HTTP date; backoff when absent), a Retry-After on a
 * served response holds the next call, 5xx backs off exponentially, and dropped connections are
 * retried for idempotent verbs. `X-RateLimit-Delay` (how long the service already held the
 * request) and `X-RateLimit-Reset` (the epoch second usage is back to zero, possibly an hour
 * away) are reported, never waited for. No single wait exceeds `maxWaitMs`.
 */
export interface RetryOptions {
  maxRetries: number;
  /** First backoff in ms; doubles each retry, with jitter. */
  baseDelayMs: number;
  /** Longest single wait we accept; a longer Retry-After fails the call with a clear error. */
  maxWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  onRetry?: (info: RetryInfo) => void;
  /** A served response said the service is holding this caller back (X-RateLimit-Delay). */
  onThrottleHint?: (info: ThrottleHint) => void;
}

export interface RetryInfo {
  verb: string;
  url: string;
  status?: number;
  waitMs: number;
  attempt: number;
  reason: string;
  /** When the answer came (opts.now()). */
  at: number;
  /** 429 only: where the wait came from, and the throttled resource (X-RateLimit-Resource). */
  throttle?: { source: 'Retry-After' | 'backoff'; resource?: string };
}

export interface ThrottleHint {
  verb: string;
  url: string;
  at: number;
  resource?: string;
  /** X-RateLimit-Delay in ms: time the service already held this request. */
  delayedMs?: number;
  /** X-RateLimit-Reset: when usage is back to zero (ms since the epoch). */
  resetAt?: number;
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

/**
 * Wait asked for by the server, in ms, or undefined: Retry-After only, as seconds or an HTTP
 * date. The X-RateLimit-* headers inform; they are never a wait.
 */
export function serverWait(headers: IncomingHttpHeaders, now: number): number | undefined {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter === undefined || retryAfter.trim() === '') return undefined;
  const text = retryAfter.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The X-RateLimit-* headers of an answer, or undefined when it carries none worth reporting. */
export function throttleHint(headers: IncomingHttpHeaders): Omit<ThrottleHint, 'verb' | 'url' | 'at'> | undefined {
  const delay = Number(header(headers, 'x-ratelimit-delay'));
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  const resource = header(headers, 'x-ratelimit-resource');
  const delayedMs = Number.isFinite(delay) && delay > 0 ? delay * 1000 : undefined;
  if (delayedMs === undefined) return undefined;
  return { resource, delayedMs, resetAt: Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
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
        opts.onRetry?.({ verb, url, waitMs, attempt: attempt + 1, at: opts.now(), reason: code || 'connection dropped' });
        await opts.sleep(waitMs);
        continue;
      }
      const status = res.message.statusCode ?? 0;
      const asked = serverWait(res.message.headers, opts.now());
      const retryable = (NOT_PROCESSED.has(status) || (status >= 500 && IDEMPOTENT.has(verb))) && replayable;
      if (!retryable || attempt >= opts.maxRetries) {
        if (status < 400) {
          // Throttled but served: Retry-After holds the next call rather than waiting for a 429.
          if (asked !== undefined) notBefore = opts.now() + Math.min(asked, opts.maxWaitMs);
          const hint = throttleHint(res.message.headers);
          if (hint) opts.onThrottleHint?.({ verb, url, at: opts.now(), ...hint });
        }
        return res;
      }
      const waitMs = asked ?? backoff(attempt, opts);
      if (waitMs > opts.maxWaitMs) {
        await res.readBody();
        throw new RateLimitError(`Azure DevOps asked to wait ${Math.ceil(waitMs / 1000)} s before retrying ${verb} ${stripQuery(url)} (status ${status}); the longest wait Palisade accepts is ${Math.round(opts.maxWaitMs / 1000)} s, so it gives up. Re-run later or reduce parallel pipelines.`);
      }
      await res.readBody();
      counter.retries++;
      if (status === 429) counter.throttledMs += waitMs;
      opts.onRetry?.({
        verb, url, status, waitMs, attempt: attempt + 1, at: opts.now(),
        reason: status === 429 ? 'rate limited' : `HTTP ${status}`,
        throttle: status === 429 ? { source: asked !== undefined ? 'Retry-After' : 'backoff', resource: header(res.message.headers, 'x-ratelimit-resource') } : undefined,
      });
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
