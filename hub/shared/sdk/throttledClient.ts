/**
 * The organization inventory's REST caller: a few requests in flight, and Azure DevOps' rate
 * limits honoured (Microsoft Learn, "Rate and usage limits"): a 429 or 503 with `Retry-After`
 * pauses every request of the page until that time, then the request is retried; without it,
 * exponential backoff. `X-RateLimit-Delay` (the service already held the request) and a low
 * `X-RateLimit-Remaining` are not waits: they halve how many requests run at once, so the
 * inventory slows down before it is blocked. Nothing is dropped: a request is retried until it
 * succeeds or `maxRetries` is spent, and then it fails loudly (the discovery keeps what it had
 * and can resume).
 *
 * api-versions are fixed at 7.0 (7.0-preview.1 for project properties): the highest every
 * supported server has (Azure DevOps Server 2022 stops at 7.0), so no negotiation round-trips.
 */

export interface ThrottleOptions {
  /** Requests in flight at most (default 4). */
  concurrency?: number;
  /** Retries of one request after 5xx/network errors, or a 429 without Retry-After (default 8). */
  maxRetries?: number;
  /** Retries of one request the service throttled with a Retry-After (default 50: it says when to come back). */
  maxThrottleRetries?: number;
  /** First backoff without Retry-After (default 1000 ms), doubling. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Each wait, for the progress line. */
  onWait?: (w: { url: string; status: number; waitMs: number; reason: 'Retry-After' | 'backoff' }) => void;
}

export class InventoryRequestError extends Error {
  override name = 'InventoryRequestError';
  constructor(message: string, readonly status: number, readonly url: string) {
    super(message);
  }
}

export interface CallStats {
  calls: number;
  retries: number;
  throttled: number;
  waitedMs: number;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

export class ThrottledClient {
  readonly stats: CallStats = { calls: 0, retries: 0, throttled: 0, waitedMs: 0 };
  private inFlight = 0;
  private limit: number;
  private readonly maxLimit: number;
  private readonly queue: (() => void)[] = [];
  /** Until when every request waits (a Retry-After seen by any of them). */
  private pausedUntil = 0;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(
    private readonly root: string,
    private readonly authorization: () => Promise<string>,
    private readonly options: ThrottleOptions = {},
    private readonly fetchFn: typeof fetch = (...a) => fetch(...a),
  ) {
    this.maxLimit = this.limit = Math.max(1, options.concurrency ?? 4);
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
  }

  /** Requests allowed in flight right now (lowered by rate-limit hints). */
  get concurrency(): number {
    return this.limit;
  }

  async getJson<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<{ body: T; headers: Headers }> {
    const res = await this.request('GET', path, query);
    return { body: (await res.json()) as T, headers: res.headers };
  }

  /**
   * Every page of a list that pages by `x-ms-continuationtoken` (policies, definitions, builds).
   * Stopping at `maxPages` is reported, never silent: a caller deciding from the list must know
   * it saw only part of it.
   */
  async allPages<T>(path: string, query: Record<string, string | number | undefined>, maxPages = 1000): Promise<{ items: T[]; complete: boolean }> {
    const items: T[] = [];
    let token: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const { body, headers } = await this.getJson<{ value?: T[] } | T[]>(path, { ...query, ...(token ? { continuationToken: token } : {}) });
      items.push(...(Array.isArray(body) ? body : body.value ?? []));
      token = headers.get('x-ms-continuationtoken') ?? undefined;
      if (!token) return { items, complete: true };
    }
    return { items, complete: false };
  }

  async send(method: 'PATCH' | 'POST' | 'PUT' | 'DELETE', path: string, query: Record<string, string | number | undefined>, body: unknown, contentType = 'application/json'): Promise<Response> {
    return this.request(method, path, query, { body: JSON.stringify(body), contentType });
  }

  private url(path: string, query: Record<string, string | number | undefined>): string {
    const u = new URL(path.replace(/^\//, ''), this.root.endsWith('/') ? this.root : `${this.root}/`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** Waits for a place among the requests in flight (the releaser hands its place over). */
  private async slot(): Promise<void> {
    if (this.inFlight < this.limit) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }

  private release(): void {
    this.inFlight--;
    while (this.queue.length && this.inFlight < this.limit) {
      this.inFlight++;
      this.queue.shift()!();
    }
  }

  private async request(method: string, path: string, query: Record<string, string | number | undefined>, write?: { body: string; contentType: string }): Promise<Response> {
    const url = this.url(path, query);
    let attempt = 0;
    for (;;) {
      const pause = this.pausedUntil - this.now();
      if (pause > 0) {
        this.stats.waitedMs += pause;
        await this.sleep(pause);
      }
      await this.slot();
      let res: Response | undefined;
      let networkError: unknown;
      try {
        this.stats.calls++;
        res = await this.fetchFn(url, {
          method,
          headers: {
            Accept: 'application/json',
            Authorization: await this.authorization(),
            'X-TFS-FedAuthRedirect': 'Suppress',
            ...(write ? { 'Content-Type': write.contentType } : {}),
          },
          ...(write ? { body: write.body } : {}),
        });
      } catch (e) {
        networkError = e;
      } finally {
        this.release();
      }
      if (res && res.ok) {
        this.adapt(res.headers);
        return res;
      }
      const status = res?.status ?? 0;
      const told = !!res?.headers.has('Retry-After');
      const budget = status === 429 && told ? this.options.maxThrottleRetries ?? 50 : this.options.maxRetries ?? 8;
      if ((res && !RETRYABLE.has(status)) || attempt >= budget) {
        let message = networkError instanceof Error ? networkError.message : `${status}`;
        if (res) {
          try {
            message = ((await res.json()) as { message?: string }).message ?? `${res.status} ${res.statusText}`;
          } catch {
            message = `${res.status} ${res.statusText}`;
          }
        }
        throw new InventoryRequestError(`${method} ${new URL(url).pathname}: ${message}`, status, url);
      }
      attempt++;
      this.stats.retries++;
      const retryAfter = Number(res?.headers.get('Retry-After'));
      if (status === 429) {
        this.stats.throttled++;
        this.limit = Math.max(1, Math.floor(this.limit / 2));
      }
      if (Number.isFinite(retryAfter) && retryAfter >= 0 && told) {
        const waitMs = retryAfter * 1000;
        this.pausedUntil = Math.max(this.pausedUntil, this.now() + waitMs);
        this.options.onWait?.({ url, status, waitMs, reason: 'Retry-After' });
      } else {
        const waitMs = (this.options.backoffMs ?? 1000) * 2 ** (attempt - 1);
        this.options.onWait?.({ url, status, waitMs, reason: 'backoff' });
        this.stats.waitedMs += waitMs;
        await this.sleep(waitMs);
      }
    }
  }

  /** Rate-limit hints on a served answer: slow down, do not sleep. */
  private adapt(headers: Headers): void {
    const delay = Number(headers.get('X-RateLimit-Delay') ?? 0);
    const remaining = headers.get('X-RateLimit-Remaining');
    const limit = Number(headers.get('X-RateLimit-Limit') ?? 0);
    const low = remaining !== null && limit > 0 && Number(remaining) < limit * 0.1;
    if (delay > 0 || low) this.limit = Math.max(1, Math.floor(this.limit / 2));
    else if (this.limit < this.maxLimit && !headers.has('X-RateLimit-Resource')) this.limit++;
  }
}
