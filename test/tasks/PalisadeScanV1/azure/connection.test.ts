import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, resourceAreaUrl } from '../../../../tasks/PalisadeScanV1/azure/connection';

const CORE = '79134c72-4a58-4b42-976c-04e7115f32bf';

describe('azure/connection', () => {
  it('finds each API area\'s host, or the collection URL on a server that lists none', () => {
    const areas = [{ id: CORE.toUpperCase(), locationUrl: 'https://core.example/' }, { id: 'other', locationUrl: 'https://x/' }];
    assert.equal(resourceAreaUrl(areas as never, CORE, 'https://dev.azure.com/org/'), 'https://core.example/');
    assert.equal(resourceAreaUrl([], CORE, 'https://tfs/coll/'), 'https://tfs/coll/');
    assert.equal(resourceAreaUrl({ count: 0 }, CORE, 'https://tfs/coll/'), 'https://tfs/coll/');
    assert.equal(resourceAreaUrl(null, CORE, 'https://tfs/coll/'), 'https://tfs/coll/');
    assert.throws(() => resourceAreaUrl([{ id: 'other', locationUrl: 'https://x/' }] as never, CORE, 'https://dev.azure.com/org/'), /Azure DevOps at https:\/\/dev\.azure\.com\/org\/ does not list the resource area 79134c72/);
  });

  describe('connect (against a local server)', () => {
    let server: Server;
    let base: string;
    const seen: { method: string; url: string; auth?: string }[] = [];
    let failFirst = true;

    before(async () => {
      server = createServer((req: IncomingMessage, res) => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization });
        if (req.method === 'OPTIONS') {
          // The client's route look-up for the Location area: where ResourceAreas lives.
          const location = { id: 'e81700f7-3be2-46de-8624-2eb35882fcaa', area: 'Location', resourceName: 'ResourceAreas', routeTemplate: '_apis/{resource}/{areaId}', resourceVersion: 1, minVersion: '3.2', maxVersion: '7.1', releasedVersion: '7.1' };
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: 1, value: [location] }));
          return;
        }
        if (/ResourceAreas/i.test(req.url ?? '') && failFirst) {
          failFirst = false;
          res.writeHead(503).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: 0, value: [] }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/org/`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    it('sends the bearer token, retries through Palisade\'s policy and counts calls, and builds every client at the collection URL', async () => {
      const retries: string[] = [];
      const azure = await connect({ orgUrl: base, token: 'tok-123', retry: { sleep: async () => undefined, onRetry: (r) => retries.push(r.reason) } });
      const areaCalls = seen.filter((s) => s.method === 'GET' && /ResourceAreas/i.test(s.url));
      assert.equal(areaCalls.length, 2, 'the 503 is retried once');
      assert.ok(areaCalls.every((s) => s.auth === 'Bearer tok-123'));
      assert.deepEqual(retries, ['HTTP 503']);
      assert.equal(azure.counter.retries, 1);
      assert.ok(azure.counter.calls >= 2);
      for (const c of [azure.git, azure.build, azure.core, azure.containers]) assert.equal((c as unknown as { baseUrl: string }).baseUrl.replace(/\/$/, ''), base.replace(/\/$/, ''));
    });
  });
});
