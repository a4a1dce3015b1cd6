import assert from 'node:assert/strict';
import { AdvisorySourceError } from '../../../tasks/engine/deps';
import type { HttpJsonClient, JsonResponse } from '../../../tasks/osv/httpClient';
import { OsvApiSource } from '../../../tasks/osv/osvApiSource';

type Answer = (method: string, url: URL, body: unknown) => JsonResponse;

/** Stands in for HttpJsonClient: records each call and answers from a script. */
function fakeHttp(answer: Answer) {
  const calls: string[] = [];
  const http = {
    async request(method: 'GET' | 'POST', url: URL, body?: unknown) {
      calls.push(`${method} ${url.pathname}${body ? ` ${JSON.stringify(body)}` : ''}`);
      return answer(method, url, body);
    },
  };
  return { calls, http: http as unknown as HttpJsonClient };
}

const q = (name: string, version = '1.0.0') => ({ ecosystem: 'npm' as const, name, version });
const vulnsFor = (body: unknown) => (body as { queries: { package: { name: string } }[] }).queries.map((x) => ({ vulns: [{ id: `GHSA-${x.package.name}` }] }));

describe('OSV API source', () => {
  it('accepts the API root with or without /v1 and a trailing slash; refuses what is not an http(s) URL', () => {
    const { http } = fakeHttp(() => ({ status: 200, body: {} }));
    assert.equal(new OsvApiSource('https://osv.example/v1/', http).label, 'the OSV API at https://osv.example');
    assert.equal(new OsvApiSource('http://127.0.0.1:8080/osv', http).label, 'the OSV API at http://127.0.0.1:8080/osv');
    assert.throws(() => new OsvApiSource('api.osv.dev', http), (e: Error) => e instanceof AdvisorySourceError && /is not a valid URL/.test(e.message));
    assert.throws(() => new OsvApiSource('ftp://osv.example', http), /must be http\(s\), not ftp:/);
  });

  it('asks in batches, once per package version, and answers in query order', async () => {
    const { calls, http } = fakeHttp((_m, _u, body) => ({ status: 200, body: { results: vulnsFor(body) } }));
    const src = new OsvApiSource('https://osv.example', http, 2);
    assert.deepEqual(await src.queryBatch([q('a'), q('b'), q('a'), q('c')]), [{ vulnIds: ['GHSA-a'] }, { vulnIds: ['GHSA-b'] }, { vulnIds: ['GHSA-a'] }, { vulnIds: ['GHSA-c'] }]);
    assert.equal(calls.length, 2, 'three distinct queries in batches of two');
    assert.deepEqual(await src.queryBatch([q('b')]), [{ vulnIds: ['GHSA-b'] }]);
    assert.equal(calls.length, 2, 'answered from the cache');
  });

  it('follows next_page_token for the queries that have more, without repeating ids', async () => {
    const { calls, http } = fakeHttp((_m, _u, body) => {
      const first = !(body as { queries: { page_token?: string }[] }).queries[0].page_token;
      return { status: 200, body: { results: first ? [{ vulns: [{ id: 'A' }, { id: 'B' }], next_page_token: 't1' }, {}] : [{ vulns: [{ id: 'B' }, { id: 'C' }] }] } };
    });
    const src = new OsvApiSource('https://osv.example', http);
    assert.deepEqual(await src.queryBatch([q('x'), q('y')]), [{ vulnIds: ['A', 'B', 'C'] }, { vulnIds: [] }]);
    assert.equal(calls.length, 2);
    assert.match(calls[1], /"page_token":"t1"/);
  });

  it('a failed batch answers its queries and all later ones with the error, uncached; earlier answers stand', async () => {
    let n = 0;
    const { calls, http } = fakeHttp((_m, _u, body) => {
      if (++n === 2) throw new AdvisorySourceError('POST https://osv.example/v1/querybatch failed: HTTP 503');
      return { status: 200, body: { results: vulnsFor(body) } };
    });
    const src = new OsvApiSource('https://osv.example', http, 1);
    const results = await src.queryBatch([q('a'), q('b'), q('c')]);
    assert.deepEqual(results.map((r) => r.error ?? r.vulnIds.join()), ['GHSA-a', 'POST https://osv.example/v1/querybatch failed: HTTP 503', 'POST https://osv.example/v1/querybatch failed: HTTP 503']);
    assert.equal(calls.length, 2, 'no request after the failure');
    assert.deepEqual(await src.queryBatch([q('c')]), [{ vulnIds: ['GHSA-c'] }], 'a failed answer is asked again later');
  });

  it('refuses a querybatch response of the wrong shape', async () => {
    const { http } = fakeHttp(() => ({ status: 200, body: { results: [] } }));
    const [r] = await new OsvApiSource('https://osv.example', http).queryBatch([q('a')]);
    assert.match(r.error ?? '', /malformed querybatch response/);
  });

  it('getVuln fetches each record once, escapes the id, and explains 404 and invalid records', async () => {
    const { calls, http } = fakeHttp((_m, url) => {
      if (url.pathname.endsWith('/GHSA-1')) return { status: 200, body: { id: 'GHSA-1', modified: '2024-01-01T00:00:00Z' } };
      if (url.pathname.endsWith('/BAD')) return { status: 200, body: { hello: 'world' } };
      return { status: 404, body: {} };
    });
    const src = new OsvApiSource('https://osv.example', http);
    assert.equal((await src.getVuln('GHSA-1')).id, 'GHSA-1');
    await src.getVuln('GHSA-1');
    assert.deepEqual(calls, ['GET /v1/vulns/GHSA-1']);
    await assert.rejects(src.getVuln('a/b'), (e: Error) => e instanceof AdvisorySourceError && /vulns\/a%2Fb answered HTTP 404: the service does not know advisory a\/b/.test(e.message));
    await assert.rejects(src.getVuln('BAD'), /returned a record that is not valid OSV/);
  });
});
