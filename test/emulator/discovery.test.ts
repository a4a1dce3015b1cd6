/**
 * What surrounds every call: discovery (resource areas, OPTIONS location data), routing,
 * authentication, api-version negotiation, CORS and the two JSON dialects.
 */
import assert from 'node:assert/strict';
import * as azdev from 'azure-devops-node-api';
import { VsoClient } from 'azure-devops-node-api/VsoClient';
import { parseAccept, toWire, fromWire, types } from './dialect';
import { startEmulator } from './index';
import { LOCATIONS } from './locations';
import { createRouter } from './routes';
import { call, nodeConnection } from './testing/clients';
import { emulatorFixture } from './testing/fixture';

const PROJECT = 'Palisade Demo';

/** The node client's own URL expansion (route template + route values), as it builds request URLs. */
class TemplateExpander extends VsoClient {
  expand(template: string, area: string, resource: string, values: Record<string, string>): string {
    return this.getRequestUrl(template, area, resource, values);
  }
}

describe('emulator: discovery, auth, api-version, CORS and dialects', () => {
  const fixture = emulatorFixture();
  const emu = () => fixture.emulator;

  it('lets azure-devops-node-api find areas with ResourceAreas and routes with OPTIONS location data', async () => {
    const api = await nodeConnection(emu()).getGitApi();
    await api.getPullRequestStatuses('web-shop', 1, PROJECT);
    const calls = emu().requestLog.entries.map((e) => `${e.method} ${e.route}`);
    assert.deepEqual(calls, ['OPTIONS location.options', 'GET location.resourceAreas.list', 'OPTIONS location.options', 'GET git.pullRequestStatuses.list']);
    const options = emu().requestLog.entries[2];
    assert.equal(options.path, '/palisade-demo/_apis/git');
    const locations = (options.responseBody as { value: Array<{ id: string; routeTemplate: string; resourceVersion: number }> }).value;
    const statuses = locations.find((l) => l.id === LOCATIONS.pullRequestStatuses.id);
    assert.equal(statuses?.routeTemplate, '{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/statuses/{statusId}');
    assert.equal(emu().requestLog.entries[3].apiVersion, '7.2-preview.2', 'negotiated from the location data');
  });

  it('routes every resource location template, as the node client expands it, to its route', () => {
    const router = createRouter();
    const vso = new TemplateExpander('http://emulator/org/', undefined as never);
    for (const route of router.routes) {
      const params = [...route.template.matchAll(/\{\*?(\w+)\}/g)].map((m) => m[1]);
      const values = Object.fromEntries(params.map((p) => [p, p === 'path' || p === 'itemPath' ? 'a/b' : `v-${p}`]));
      const url = new URL(vso.expand(route.location.routeTemplate, route.location.area, route.location.resourceName, values));
      const segments = decodeURIComponent(url.pathname).split('/').filter(Boolean).slice(1);
      const match = router.match(route.method, segments);
      assert.ok(match && 'route' in match, `${route.name}: ${url.pathname} does not route`);
      assert.equal(match.route.template, route.template, `${route.name}: ${url.pathname} routes to ${match.route.name}`);
    }
  });

  it('answers 401 without a token or with an unknown one, and accepts Bearer and Basic (PAT) tokens', async () => {
    const anonymous = await call(emu(), 'GET', '_apis/projects?api-version=7.1', { token: '' });
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /Bearer/);
    assert.equal((anonymous.json as { typeKey: string }).typeKey, 'UnauthorizedRequestException');
    assert.equal((await call(emu(), 'GET', '_apis/projects?api-version=7.1', { token: 'forged' })).status, 401);
    const basic = await call(emu(), 'GET', '_apis/projects?api-version=7.1', {
      token: '', headers: { authorization: `Basic ${Buffer.from(`any:${emu().tokens.reader}`).toString('base64')}` },
    });
    assert.equal(basic.status, 200);
    assert.equal(emu().requestLog.entries.at(-1)?.identity, 'reader');
    const pat = new azdev.WebApi(emu().orgUrl, azdev.getPersonalAccessTokenHandler(emu().tokens.contributor));
    assert.equal((await (await pat.getCoreApi()).getProjects()).length, 2);
  });

  it('takes configured tokens in place of the seed\'s', async () => {
    const custom = await startEmulator({ tokens: { build: 'job-token-123' }, faultsFromEnv: false });
    try {
      assert.equal(custom.tokens.build, 'job-token-123');
      assert.equal((await call(custom, 'GET', '_apis/projects?api-version=7.1', { token: 'job-token-123' })).status, 200);
      assert.equal((await call(custom, 'GET', '_apis/projects?api-version=7.1', { token: 'palisade-build-token' })).status, 401);
    } finally {
      await custom.stop();
    }
    await assert.rejects(startEmulator({ tokens: { nobody: 'x' } }), /no identity "nobody"/);
  });

  it('negotiates api-version like the service: required on writes, -preview above 7.1, out of range refused', async () => {
    const projects = (v: string) => call(emu(), 'GET', `_apis/projects${v}`);
    assert.equal((await projects('')).status, 200, 'a GET without a version is served');
    assert.equal((await projects('?api-version=7.1')).status, 200);
    assert.equal((await projects('?api-version=7.2-preview.4')).status, 200);
    const preview = await projects('?api-version=7.2');
    assert.deepEqual([preview.status, (preview.json as { typeKey: string }).typeKey], [400, 'VssInvalidPreviewVersionException']);
    const future = await projects('?api-version=8.0');
    assert.deepEqual([future.status, (future.json as { typeKey: string }).typeKey], [400, 'VssVersionOutOfRangeException']);
    const inAccept = await call(emu(), 'GET', '_apis/projects', { accept: 'application/json;api-version=7.1' });
    assert.equal(inAccept.status, 200);
    assert.equal(emu().requestLog.entries.at(-1)?.apiVersion, '7.1');
    const write = await call(emu(), 'POST', `${PROJECT}/_apis/git/repositories/web-shop/pullRequests/1/statuses`,
      { identity: 'build', body: { state: 'pending', context: { name: 'x' } } });
    assert.deepEqual([write.status, (write.json as { typeKey: string }).typeKey], [400, 'VssVersionNotSpecifiedException']);
    const notReleased = await call(emu(), 'GET',
      '_apis/ExtensionManagement/InstalledExtensions/p/e/Data/Scopes/Default/Current/Collections/c/Documents?api-version=7.1');
    assert.equal(notReleased.status, 400, 'extension data has only ever been preview');
  });

  it('answers CORS preflights for local origins and marks responses readable by them', async () => {
    const preflight = await fetch(`${emu().orgUrl}_apis/projects`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /PATCH/);
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization,content-type');
    const actual = await call(emu(), 'GET', '_apis/projects?api-version=7.1', { headers: { origin: 'http://127.0.0.1:9000' } });
    assert.equal(actual.headers.get('access-control-allow-origin'), 'http://127.0.0.1:9000');
    assert.match(actual.headers.get('access-control-expose-headers') ?? '', /x-ms-continuationtoken/);
    const foreign = await call(emu(), 'GET', '_apis/projects?api-version=7.1', { headers: { origin: 'https://elsewhere.example' } });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });

  it('tells a client who it is with ConnectionData', async () => {
    const data = await nodeConnection(emu(), 'build').connect();
    assert.equal(data.authenticatedUser?.id, emu().store.identity('build').id);
    assert.equal(data.instanceId, emu().store.data.organization.id);
  });

  it('answers 404 for unknown routes and 405 for a wrong method', async () => {
    const unknown = await call(emu(), 'GET', '_apis/wit/workitems/1?api-version=7.1');
    assert.equal(unknown.status, 404);
    const wrongMethod = await call(emu(), 'DELETE', `${PROJECT}/_apis/git/repositories/web-shop?api-version=7.1`);
    assert.equal(wrongMethod.status, 405);
  });

  it('shapes the browser dialect flag by flag and reads enums sent as numbers or names', () => {
    const status = { id: 1, state: 'failed', creationDate: '2025-01-10T11:20:00.000Z', url: 'http://x', description: null };
    const standard = JSON.parse(toWire(status, types.gitStatus, parseAccept('application/json;api-version=7.1'), false)) as object;
    assert.deepEqual(standard, { id: 1, state: 'failed', creationDate: '2025-01-10T11:20:00.000Z', url: 'http://x' });
    assert.equal(toWire(status, types.gitStatus, parseAccept('application/json;enumsAsNumbers=true;excludeUrls=true'), false),
      '{"id":1,"state":3,"creationDate":"2025-01-10T11:20:00.000Z"}');
    assert.equal(toWire([status], types.gitStatus, parseAccept('application/json;msDateFormat=true;noArrayWrap=true'), true),
      '[{"id":1,"state":"failed","creationDate":"\\/Date(1736508000000)\\/","url":"http://x"}]');
    const change = { changeType: 'edit, rename', item: { path: '/a' } };
    assert.equal(toWire(change, types.gitPullRequestIterationChanges.fields?.changeEntries?.typeInfo, parseAccept('application/json;enumsAsNumbers=true'), false),
      '{"changeType":10,"item":{"path":"/a"}}');
    assert.deepEqual(fromWire({ state: 2, context: { name: 'x' } }, types.gitStatus), { state: 'succeeded', context: { name: 'x' } });
    assert.deepEqual(fromWire({ state: 'Failed' }, types.gitStatus), { state: 'failed' });
  });
});
