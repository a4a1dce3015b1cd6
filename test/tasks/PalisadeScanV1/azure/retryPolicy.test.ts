import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { installRetryPolicy, RateLimitError, serverWait, throttleHint, type CallCounter, type RetryOptions } from '../../../../tasks/PalisadeScanV1/azure/retryPolicy';

interface Reply {
  status?: number;
  headers?: IncomingHttpHeaders;
  error?: NodeJS.ErrnoException;
}

/** A scripted HTTP client and a virtual clock: waits are recorded, not slept. */
function harness(replies: Reply[], opts: Partial<RetryOptions> = {}) {
  let now = 1_000_000;
  const waits: number[] = [];
  const seen: string[] = [];
  const client = {
    async request(verb: string, url: string, _data?: unknown, _headers?: unknown) {
      seen.push(`${verb} ${url}`);
      const r = replies.shift() ?? { status: 200 };
      if (r.error) throw r.error;
      return { message: { statusCode: r.status ?? 200, headers: r.headers ?? {} }, readBody: async () => '' };
    },
  };
  const counter: CallCounter = { calls: 0, retries: 0, throttledMs: 0 };
  installRetryPolicy(client, counter, {
    maxRetries: 3,
    baseDelayMs: 100,
    maxWaitMs: 60_000,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
    now: () => now,
    ...opts,
  });
  return { client, counter, waits, seen };
}

describe('REST retry policy', () => {
  it('waits for Retry-After on 429, then succeeds', async () => {
    const h = harness([{ status: 429, headers: { 'retry-after': '7', 'x-ratelimit-remaining': '0' } }, { status: 200 }]);
    const res = await h.client.request('POST', 'https://x/_apis/git/threads', '{}', {});
    assert.equal(res.message.statusCode, 200);
    assert.deepEqual(h.waits, [7000]);
    assert.equal(h.counter.calls, 2);
    assert.equal(h.counter.retries, 1);
    assert.equal(h.counter.throttledMs, 7000);
  });

  it('backs off exponentially on 503 and gives up after maxRetries', async () => {
    const h = harness([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 200 }]);
    const res = await h.client.request('GET', 'https://x/a', null, {});
    assert.equal(res.message.statusCode, 503);
    assert.equal(h.waits.length, 3);
    for (let i = 0; i < 3; i++) assert.ok(h.waits[i] >= 100 * 2 ** i * 0.75 && h.waits[i] <= 100 * 2 ** i * 1.25, String(h.waits));
  });

  it('retries a 500 only for idempotent verbs, and never a streamed body', async () => {
    const post = harness([{ status: 500 }, { status: 200 }]);
    assert.equal((await post.client.request('POST', 'https://x/a', '{}', {})).message.statusCode, 500);
    const put = harness([{ status: 500 }, { status: 200 }]);
    assert.equal((await put.client.request('PUT', 'https://x/a', '{}', {})).message.statusCode, 200);
    const stream = harness([{ status: 503 }, { status: 200 }]);
    assert.equal((await stream.client.request('PUT', 'https://x/a', { pipe() {} }, {})).message.statusCode, 503);
  });

  it('retries dropped connections for idempotent verbs only', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const get = harness([{ error: reset }, { status: 200 }]);
    assert.equal((await get.client.request('GET', 'https://x/a', null, {})).message.statusCode, 200);
    const post = harness([{ error: reset }]);
    await assert.rejects(post.client.request('POST', 'https://x/a', '{}', {}), /socket hang up/);
  });

  it('holds the next call after a Retry-After on a successful response, but never for X-RateLimit-Delay', async () => {
    const hints: number[] = [];
    const h = harness([
      { status: 200, headers: { 'x-ratelimit-delay': '2.5', 'x-ratelimit-resource': 'ATCPU' } }, { status: 200 },
      { status: 200, headers: { 'retry-after': '2' } }, { status: 200 },
    ], { onThrottleHint: (i) => hints.push(i.delayedMs ?? -1) });
    await h.client.request('GET', 'https://x/a', null, {});
    await h.client.request('GET', 'https://x/b', null, {});
    assert.deepEqual(h.waits, [], 'X-RateLimit-Delay is time already spent, not a wait');
    assert.deepEqual(hints, [2500], 'but it is reported');
    await h.client.request('GET', 'https://x/c', null, {});
    await h.client.request('GET', 'https://x/d', null, {});
    assert.deepEqual(h.waits, [2000]);
  });

  it('never sleeps until a far X-RateLimit-Reset: a throttled run is bounded by Retry-After and the cap', async () => {
    const hour = (1_000_000 + 3_600_000) / 1000;
    const throttled = { 'x-ratelimit-reset': String(hour), 'x-ratelimit-remaining': '0', 'x-ratelimit-delay': '600', 'x-ratelimit-resource': 'ATCPU' };
    const retries: Array<{ waitMs: number; source?: string; resource?: string }> = [];
    const h = harness([
      { status: 429, headers: { ...throttled, 'retry-after': '2' } },
      { status: 429, headers: throttled },
      { status: 200, headers: throttled },
      { status: 200 },
    ], { onRetry: (r) => retries.push({ waitMs: r.waitMs, source: r.throttle?.source, resource: r.throttle?.resource }) });
    await h.client.request('POST', 'https://x/_apis/git/statuses', '{}', {});
    await h.client.request('GET', 'https://x/_apis/git/items', null, {});
    // 2 s from Retry-After, then a backoff (100-ish ms at retry 2): no hour, no 600 s.
    assert.equal(h.waits.length, 2);
    assert.equal(h.waits[0], 2000);
    assert.ok(h.waits[1] >= 150 && h.waits[1] <= 250, String(h.waits));
    assert.ok(h.waits.reduce((a, b) => a + b, 0) < 3000);
    assert.deepEqual(retries.map((r) => [r.source, r.resource]), [['Retry-After', 'ATCPU'], ['backoff', 'ATCPU']]);
    assert.equal(h.counter.throttledMs, h.waits[0] + h.waits[1]);
  });

  it('refuses to wait longer than maxWaitMs, with a clear error', async () => {
    const h = harness([{ status: 429, headers: { 'retry-after': '3600' } }]);
    await assert.rejects(h.client.request('GET', 'https://x/_apis/a?secret=1', null, {}), (e: Error) => e instanceof RateLimitError && /wait 3600 s before retrying GET https:\/\/x\/_apis\/a \(status 429\)/.test(e.message));
    const date = harness([{ status: 429, headers: { 'retry-after': new Date(1_000_000 + 3_600_000).toUTCString() } }]);
    await assert.rejects(date.client.request('GET', 'https://x/a', null, {}), RateLimitError);
    assert.deepEqual(date.waits, []);
  });

  it('reads Retry-After as seconds or an HTTP date, and nothing else as a wait', () => {
    assert.equal(serverWait({ 'retry-after': '3' }, 0), 3000);
    assert.equal(serverWait({ 'retry-after': new Date(10_000).toUTCString() }, 4000), 6000);
    assert.equal(serverWait({ 'retry-after': new Date(1000).toUTCString() }, 4000), 0);
    assert.equal(serverWait({ 'retry-after': 'soon' }, 0), undefined);
    assert.equal(serverWait({ 'x-ratelimit-reset': '20', 'x-ratelimit-remaining': '0' }, 15_000), undefined);
    assert.equal(serverWait({ 'x-ratelimit-delay': '30' }, 0), undefined);
  });

  it('describes the X-RateLimit headers of a served answer', () => {
    assert.deepEqual(throttleHint({ 'x-ratelimit-delay': '1.5', 'x-ratelimit-reset': '1700000000', 'x-ratelimit-resource': 'ATCPU' }), { resource: 'ATCPU', delayedMs: 1500, resetAt: 1_700_000_000_000 });
    assert.equal(throttleHint({ 'x-ratelimit-remaining': '10', 'x-ratelimit-limit': '200' }), undefined);
  });
});
