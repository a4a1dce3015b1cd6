/**
 * The REST clients the pages use (hub/shared/sdk/clients.ts), over an in-memory SDK and a
 * scripted fetch: each carries the SDK's token to the host's location, and every one of them
 * negotiates its api-version with the server (Azure DevOps Server 2022 answers up to 7.0).
 */
import { host, resetHost } from '../../fakeSdk';
import assert from 'node:assert/strict';
import { hubClients } from '../../../../hub/shared/sdk/clients';
import { scripted, type Sent } from '../../scriptedFetch';
import { withFetch } from '../../withFetch';

/** A server whose every area goes up to 7.0 (the API package asks for bare arrays: `noArrayWrap`). */
function server2022() {
  return scripted((req: Sent) => {
    const url = req.url.toLowerCase();
    if (req.method === 'OPTIONS') return { body: { count: 1, value: [{ area: 'any', routeTemplate: 'not/this/one', maxVersion: '7.0', releasedVersion: '7.0' }] } };
    if (url.includes('/_apis/git/repositories')) return { body: [{ id: 'r1', name: 'web' }] };
    if (url.includes('/_apis/permissions/')) return { body: { count: 1, value: [true] } };
    if (url.includes('/_apis/projects/')) return { body: { count: 0, value: [] } };
    if (url.includes('/_apis/build/builds')) return { body: [] };
    return { body: 'file text' };
  });
}

/** In the query (our own clients) or the Accept header (the API package's). */
const versionOf = (s: Sent) => new URL(s.url).searchParams.get('api-version') ?? /api-version=([^;]+)/.exec(new Headers(s.headers).get('Accept') ?? '')?.[1];

describe('hub REST clients from the host', () => {
  beforeEach(resetHost);

  it('sends the SDK\'s token to the host\'s location, at versions the server supports', async () => {
    host.location = 'https://server/tfs/Coll/';
    host.accessToken = 'tok-1';
    const { sent, fetchFn } = server2022();
    await withFetch(fetchFn, async () => {
      const c = hubClients();
      assert.deepEqual((await c.git.getRepositories('p-1')).map((r) => r.name), ['web']);
      assert.deepEqual(await c.security.hasPermissions('ns', 1, ['t']), [true]);
      assert.deepEqual(await c.properties.getProperties('p-1', ['Palisade.*']), []);
      await c.builds.getBuilds('p-1');
      assert.equal(await c.containers.readText(1, 'a/b'), '"file text"');
    });
    const calls = sent.filter((s) => s.method !== 'OPTIONS');
    assert.equal(calls.length, 5);
    for (const s of calls) {
      assert.ok(s.url.startsWith('https://server/tfs/Coll/'), s.url);
      assert.equal(new Headers(s.headers).get('Authorization'), 'Bearer tok-1', s.url);
      assert.match(versionOf(s) ?? '', /^7\.0(-preview(\.\d+)?)?$/, `${s.url} at a version the server has`);
    }
    const options = sent.filter((s) => s.method === 'OPTIONS').map((s) => new URL(s.url).pathname);
    assert.deepEqual([...new Set(options)].sort(), ['/tfs/Coll/_apis/Container', '/tfs/Coll/_apis/Security', '/tfs/Coll/_apis/build', '/tfs/Coll/_apis/core', '/tfs/Coll/_apis/git']);
    assert.equal(options.length, 5, 'each area\'s versions are read once');
  });

  it('sends no Authorization header when the SDK has no token', async () => {
    host.accessToken = '';
    const { sent, fetchFn } = server2022();
    await withFetch(fetchFn, async () => {
      await hubClients().security.hasPermissions('ns', 1, ['t']);
    });
    assert.ok(sent.every((s) => !new Headers(s.headers).has('Authorization')));
  });
});
