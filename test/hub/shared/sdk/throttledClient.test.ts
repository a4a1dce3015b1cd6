/**
 * The inventory's REST caller (hub/shared/sdk/throttledClient.ts) against a scripted fetch:
 * requests as sent, Retry-After pausing every request, backoff, the concurrency it lowers and
 * raises again, paging, and errors that name the call.
 */
import assert from 'node:assert/strict';
import { InventoryRequestError, ThrottledClient, type ThrottleOptions } from '../../../../hub/shared/sdk/throttledClient';
import { scripted } from '../../scriptedFetch';

function client(fetchFn: typeof fetch, options: ThrottleOptions = {}) {
  const slept: number[] = [];
  let t = 1_000_000;
  const c = new ThrottledClient('https://dev.azure.com/org', async () => 'Bearer T', {
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
    now: () => t,
    ...options,
  }, fetchFn);
  return { c, slept };
}

describe('hub throttled client: requests', () => {
  it('sends GETs under the organization with the query, the token and no sign-in redirect', async () => {
    const { sent, fetchFn } = scripted([{ body: { value: [1] }, headers: { 'x-ms-continuationtoken': 'next' } }]);
    const { c } = client(fetchFn);
    const { body, headers } = await c.getJson<{ value: number[] }>('/P1/_apis/git/repositories', { 'api-version': '7.0', skip: undefined, top: 5 });
    assert.deepEqual(body, { value: [1] });
    assert.equal(headers.get('x-ms-continuationtoken'), 'next');
    assert.equal(sent[0].url, 'https://dev.azure.com/org/P1/_apis/git/repositories?api-version=7.0&top=5');
    assert.equal(sent[0].method, 'GET');
    assert.equal(sent[0].headers.Authorization, 'Bearer T');
    assert.equal(sent[0].headers['X-TFS-FedAuthRedirect'], 'Suppress');
    assert.equal(sent[0].headers['Content-Type'], undefined);
  });

  it('sends writes as JSON, or with the content type asked for', async () => {
    const { sent, fetchFn } = scripted([{ body: {} }]);
    const { c } = client(fetchFn);
    await c.send('PATCH', '_apis/projects/p/properties', { 'api-version': '7.0-preview.1' }, [{ op: 'add' }], 'application/json-patch+json');
    assert.equal(sent[0].method, 'PATCH');
    assert.equal(sent[0].headers['Content-Type'], 'application/json-patch+json');
    assert.equal(sent[0].body, '[{"op":"add"}]');
  });

  it('reads every page of a list, and says when it stopped early', async () => {
    const { sent, fetchFn } = scripted((_req, n) => ({ body: { value: [n] }, headers: n < 2 ? { 'x-ms-continuationtoken': `t${n + 1}` } : ({} as Record<string, string>) }));
    const { c } = client(fetchFn);
    assert.deepEqual(await c.allPages('x', { a: 1 }), { items: [0, 1, 2], complete: true });
    assert.match(sent[1].url, /continuationToken=t1/);
    const short = client(scripted((_r, n) => ({ body: [n], headers: { 'x-ms-continuationtoken': 'more' } })).fetchFn).c;
    assert.deepEqual(await short.allPages('x', {}, 2), { items: [0, 1], complete: false });
  });
});

describe('hub throttled client: rate limits and failures', () => {
  it('waits as long as Retry-After says, halves the requests in flight, and retries', async () => {
    const waits: string[] = [];
    const { sent, fetchFn } = scripted([{ status: 429, headers: { 'Retry-After': '3' } }, { body: { ok: 1 } }]);
    const { c, slept } = client(fetchFn, { concurrency: 4, onWait: (w) => waits.push(`${w.status} ${w.waitMs} ${w.reason}`) });
    assert.deepEqual((await c.getJson('x')).body, { ok: 1 });
    assert.equal(sent.length, 2);
    assert.deepEqual(slept, [3000]);
    assert.deepEqual(waits, ['429 3000 Retry-After']);
    assert.equal(c.stats.throttled, 1);
    assert.equal(c.stats.retries, 1);
    assert.equal(c.stats.waitedMs, 3000);
    assert.equal(c.concurrency, 3, 'halved to 2, then one back after a served answer');
  });

  it('backs off exponentially on server errors and network failures, then succeeds', async () => {
    const { fetchFn } = scripted([{ status: 503 }, new Error('socket hang up'), { status: 500 }, { body: {} }]);
    const { c, slept } = client(fetchFn, { backoffMs: 100 });
    await c.getJson('x');
    assert.deepEqual(slept, [100, 200, 400]);
  });

  it('fails at once on an error that retrying cannot fix, with the service\'s message and the call', async () => {
    const { sent, fetchFn } = scripted([{ status: 404, body: { message: 'TF200016: The project does not exist.' } }]);
    const { c } = client(fetchFn);
    await assert.rejects(c.getJson('/P9/_apis/git/repositories'), (e: unknown) =>
      e instanceof InventoryRequestError && e.status === 404 && e.message === 'GET /org/P9/_apis/git/repositories: TF200016: The project does not exist.');
    assert.equal(sent.length, 1);
    const bare = client(scripted([{ status: 401 }]).fetchFn).c;
    await assert.rejects(bare.getJson('y'), /GET \/org\/y: 401/);
  });

  it('gives up loudly when its retries are spent', async () => {
    const { sent, fetchFn } = scripted([{ status: 502 }]);
    const { c } = client(fetchFn, { maxRetries: 2, backoffMs: 1 });
    await assert.rejects(c.getJson('x'), (e: unknown) => e instanceof InventoryRequestError && e.status === 502);
    assert.equal(sent.length, 3);
    const net = client(scripted([new Error('ECONNRESET')]).fetchFn, { maxRetries: 0 }).c;
    await assert.rejects(net.getJson('x'), /ECONNRESET/);
  });

  it('slows down on X-RateLimit-Delay or little remaining, and speeds up again', async () => {
    const { fetchFn } = scripted([
      { body: {}, headers: { 'X-RateLimit-Delay': '0.5' } },
      { body: {}, headers: { 'X-RateLimit-Remaining': '5', 'X-RateLimit-Limit': '100' } },
      { body: {} },
    ]);
    const { c, slept } = client(fetchFn, { concurrency: 8 });
    await c.getJson('a');
    assert.equal(c.concurrency, 4);
    await c.getJson('b');
    assert.equal(c.concurrency, 2);
    await c.getJson('c');
    assert.equal(c.concurrency, 3);
    assert.deepEqual(slept, [], 'hints are not waits');
  });

  it('never has more requests in flight than allowed', async () => {
    let active = 0;
    let most = 0;
    const fetchFn = (async () => {
      active++;
      most = Math.max(most, active);
      await new Promise((r) => setTimeout(r, 2));
      active--;
      return new Response('{}', { status: 200 });
    }) as unknown as typeof fetch;
    const c = new ThrottledClient('https://x', async () => 'B', { concurrency: 3 }, fetchFn);
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.getJson(`r${i}`)));
    assert.equal(most, 3);
    assert.equal(c.stats.calls, 12);
  });
});
