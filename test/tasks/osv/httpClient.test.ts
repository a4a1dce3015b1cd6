import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdvisorySourceError } from '../../../tasks/engine/deps';
import { HttpJsonClient, retryAfterMs } from '../../../tasks/osv/httpClient';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A local HTTP server whose answers the test scripts, one handler per request in turn. */
async function serve(handlers: Handler[]): Promise<{ url: URL; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body}`.trim());
      (handlers.shift() ?? ((_q, _b, r) => r.writeHead(500).end()))(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}/`), seen, close: () => new Promise((r) => server.close(() => r())) };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_q, _b, res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};

/** No proxy from the environment, and delays recorded instead of slept. */
function client(delays: number[], opts: ConstructorParameters<typeof HttpJsonClient>[0] = {}): HttpJsonClient {
  return new HttpJsonClient({ env: {}, sleep: async (ms) => void delays.push(ms), backoffMs: 10, ...opts });
}

describe('OSV HTTP client', () => {
  it('retryAfterMs reads delay-seconds and HTTP dates, never a negative wait', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs(' 0 ', now), 0);
    assert.equal(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now), 0, 'a date in the past means now');
    assert.equal(retryAfterMs(undefined, now), undefined);
    assert.equal(retryAfterMs('', now), undefined);
    assert.equal(retryAfterMs('soon', now), undefined);
  });

  it('POSTs JSON and returns the parsed 2xx body; statuses in accept come back too', async () => {
    const s = await serve([json(200, { results: [1] }), json(404, { code: 5, message: 'not found' })]);
    try {
      const c = client([]);
      assert.deepEqual(await c.request('POST', new URL('v1/querybatch', s.url), { queries: [] }), { status: 200, body: { results: [1] } });
      assert.deepEqual(await c.request('GET', new URL('v1/vulns/X', s.url), undefined, [404]), { status: 404, body: { code: 5, message: 'not found' } });
      assert.deepEqual(s.seen, ['POST /v1/querybatch {"queries":[]}', 'GET /v1/vulns/X']);
    } finally {
      await s.close();
    }
  });

  it('retries 503 and 429 with back-off or the Retry-After the server asks for', async () => {
    const s = await serve([json(503, {}), json(429, {}, { 'retry-after': '2' }), json(200, { ok: true })]);
    try {
      const delays: number[] = [];
      const res = await client(delays).request('GET', s.url);
      assert.deepEqual(res.body, { ok: true });
      assert.equal(delays.length, 2);
      assert.ok(delays[0] > 0 && delays[0] <= 1000, `back-off ${delays[0]}`);
      assert.equal(delays[1], 2000);
    } finally {
      await s.close();
    }
  });

  it('does not wait longer than maxDelayMs: a long Retry-After fails at once, saying so', async () => {
    const s = await serve([json(429, {}, { 'retry-after': '3600' })]);
    try {
      const delays: number[] = [];
      await assert.rejects(client(delays, { maxDelayMs: 5000 }).request('GET', s.url), (e: Error) => e instanceof AdvisorySourceError && /retry after 3600 s, longer than the 5 s this scan waits/.test(e.message));
      assert.deepEqual(delays, []);
      assert.equal(s.seen.length, 1);
    } finally {
      await s.close();
    }
  });

  it('a 400 is not retried, and its error names the request and quotes the OSV message', async () => {
    const s = await serve([json(400, { code: 3, message: 'Invalid query.' })]);
    try {
      await assert.rejects(client([]).request('POST', s.url, {}), (e: Error) => e instanceof AdvisorySourceError && e.message.startsWith(`POST ${s.url.href} failed: HTTP 400`) && e.message.includes('Invalid query') && !/tried/.test(e.message));
      assert.equal(s.seen.length, 1);
    } finally {
      await s.close();
    }
  });

  it('a 2xx body that is not JSON is an AdvisorySourceError, not a SyntaxError', async () => {
    const s = await serve([(_q, _b, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>')]);
    try {
      await assert.rejects(client([]).request('GET', s.url), AdvisorySourceError);
    } finally {
      await s.close();
    }
  });

  it('gives up after the configured attempts when nothing listens, saying how often it tried', async () => {
    const s = await serve([]);
    const url = s.url;
    await s.close();
    const delays: number[] = [];
    await assert.rejects(client(delays, { attempts: 2 }).request('GET', url), (e: Error) => e instanceof AdvisorySourceError && /connection refused/.test(e.message) && /tried 2 times/.test(e.message));
    assert.equal(delays.length, 1);
  });

  it('invalid proxy settings are the user\'s to fix, said plainly', async () => {
    const c = new HttpJsonClient({ env: { HTTPS_PROXY: 'not a url' }, sleep: async () => {} });
    await assert.rejects(c.request('GET', new URL('https://osv.invalid/')), /Proxy settings are invalid/);
  });
});
