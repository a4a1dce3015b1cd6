/**
 * The REST calls the official clients do not cover (hub/shared/sdk/restClients.ts), against a
 * scripted fetch: the requests as sent, errors shaped like the API package's, the retry at the
 * version a refusal names, and a missing container file as null.
 */
import assert from 'node:assert/strict';
import { ApiVersionNegotiator } from '../../../../hub/shared/sdk/apiVersions';
import { ContainerFileClient, PROJECT_MANAGE_PROPERTIES, PROJECT_NAMESPACE_ID, projectSecurityToken, RestError, SecurityPermissionsClient } from '../../../../hub/shared/sdk/restClients';
import { scripted } from '../../scriptedFetch';
import { withFetch } from '../../withFetch';

const options = { rootPath: 'https://server/tfs/Coll', authTokenProvider: { getAuthorizationHeader: async () => 'Bearer T' } };
const outOfRange = { status: 400, body: { message: 'The requested REST API version of 7.1 is out of range for this server. The latest REST API version this server supports is 7.0.', typeKey: 'VssVersionOutOfRangeException' } };

describe('hub REST clients: permissions', () => {
  it('asks about the project permission bit for each token, and reads wrapped or bare answers', async () => {
    const { sent, fetchFn } = scripted([{ body: { count: 2, value: [true, false] } }, { body: [true] }]);
    await withFetch(fetchFn, async () => {
      const client = new SecurityPermissionsClient(options);
      assert.deepEqual(await client.hasPermissions(PROJECT_NAMESPACE_ID, PROJECT_MANAGE_PROPERTIES, [projectSecurityToken('p1'), projectSecurityToken('p2')]), [true, false]);
      assert.deepEqual(await client.hasPermissions(PROJECT_NAMESPACE_ID, PROJECT_MANAGE_PROPERTIES, ['t']), [true]);
    });
    const url = new URL(sent[0].url);
    assert.equal(url.pathname, `/tfs/Coll/_apis/permissions/${PROJECT_NAMESPACE_ID}/131072`);
    assert.equal(url.searchParams.get('tokens'), '$PROJECT:vstfs:///Classification/TeamProject/p1,$PROJECT:vstfs:///Classification/TeamProject/p2');
    assert.equal(url.searchParams.get('alwaysAllowAdministrators'), 'true');
    assert.equal(url.searchParams.get('api-version'), '7.1');
    assert.equal(sent[0].headers.Authorization, 'Bearer T');
    assert.equal(sent[0].headers['X-TFS-FedAuthRedirect'], 'Suppress');
  });

  it('throws errors with the status and the server\'s message, like the API package', async () => {
    await withFetch(scripted([{ status: 401, body: { message: 'TF400813: not authorized', typeKey: 'UnauthorizedRequestException' } }]).fetchFn, async () => {
      await assert.rejects(new SecurityPermissionsClient(options).hasPermissions('n', 1, ['t']), (e: unknown) =>
        e instanceof RestError && e.status === 401 && e.message === 'TF400813: not authorized' && e.serverError?.typeKey === 'UnauthorizedRequestException');
    });
    await withFetch(scripted([{ status: 502 }]).fetchFn, async () => {
      await assert.rejects(new SecurityPermissionsClient(options).hasPermissions('n', 1, ['t']), (e: unknown) => e instanceof RestError && e.status === 502 && e.serverError === undefined);
    });
  });
});

describe('hub REST clients: container files', () => {
  it('reads a file of a container as text, scoped to the project, and a missing one as null', async () => {
    const { sent, fetchFn } = scripted((req) => (req.url.includes('missing') ? { status: 404, body: { message: 'not found' } } : { body: { scan: 1 } }));
    await withFetch(fetchFn, async () => {
      const client = new ContainerFileClient(options);
      assert.equal(await client.readText(7, 'CodeAnalysisLogs/palisade-scan.json', 'p1'), '{"scan":1}');
      assert.equal(await client.readText(7, 'missing/file'), null);
    });
    const url = new URL(sent[0].url);
    assert.equal(url.pathname, '/tfs/Coll/_apis/resources/Containers/7');
    assert.equal(url.searchParams.get('itemPath'), 'CodeAnalysisLogs/palisade-scan.json');
    assert.equal(url.searchParams.get('$format'), 'OctetStream');
    assert.equal(url.searchParams.get('scope'), 'p1');
    assert.equal(sent[0].headers.Accept, 'application/octet-stream');
    assert.equal(new URL(sent[1].url).searchParams.has('scope'), false);
  });

  it('passes on other errors', async () => {
    await withFetch(scripted([{ status: 403, body: { message: 'no View builds' } }]).fetchFn, async () => {
      await assert.rejects(new ContainerFileClient(options).readText(1, 'x'), /no View builds/);
    });
  });
});

describe('hub REST clients: api-version', () => {
  it('sends the negotiated version, and after a refusal naming the newest retries once at it and remembers', async () => {
    const { sent, fetchFn } = scripted((req, n) => (n === 0 ? outOfRange : { body: [true], ...(req ? {} : {}) }));
    const negotiator = new ApiVersionNegotiator(async () => []);
    await withFetch(fetchFn, async () => {
      const client = new SecurityPermissionsClient(options).negotiateWith(negotiator);
      assert.deepEqual(await client.hasPermissions('n', 1, ['t']), [true]);
      await client.hasPermissions('n', 1, ['t']);
    });
    assert.deepEqual(sent.map((s) => new URL(s.url).searchParams.get('api-version')), ['7.1', '7.0', '7.0']);
  });

  it('without a negotiator sends the version as written and does not retry', async () => {
    const { sent, fetchFn } = scripted([outOfRange]);
    await withFetch(fetchFn, async () => {
      await assert.rejects(new SecurityPermissionsClient(options).hasPermissions('n', 1, ['t']), (e: unknown) => e instanceof RestError && e.status === 400);
    });
    assert.equal(sent.length, 1);
  });
});
