/**
 * The hub's api-version negotiation (hub/shared/sdk/apiVersions.ts) against the emulator playing
 * Azure DevOps Server 2022 (REST API up to 7.0) and the cloud service: the API package's
 * clients as the hub builds them, unmodified but for the negotiated version.
 */
import assert from 'node:assert/strict';
import { ApiVersionNegotiator, capVersion, fetchLocations, maxVersionFromError, negotiateVersion, negotiating } from '../../../../hub/shared/sdk/apiVersions';
import { ContainerFileClient, PROJECT_MANAGE_PROPERTIES, PROJECT_NAMESPACE_ID, projectSecurityToken, SecurityPermissionsClient } from '../../../../hub/shared/sdk/restClients';
import type { Emulator } from '../../../emulator/index';
import { browserClients } from '../../../emulator/testing/clients';
import { emulatorFixture } from '../../../emulator/testing/fixture';

function negotiated(emulator: Emulator) {
  const auth = () => Promise.resolve(`Bearer ${emulator.tokens.admin}`);
  const negotiator = new ApiVersionNegotiator(fetchLocations(auth));
  const raw = browserClients(emulator, 'admin');
  const options = { rootPath: emulator.orgUrl, authTokenProvider: { getAuthorizationHeader: auth } };
  return {
    git: negotiating(raw.git, 'git', negotiator),
    build: negotiating(raw.build, 'build', negotiator),
    security: new SecurityPermissionsClient(options).negotiateWith(negotiator),
    containers: new ContainerFileClient(options).negotiateWith(negotiator),
  };
}

describe('hub api-version negotiation: rules', () => {
  it('keeps what the server has, else falls back to its newest (node-api VsoClient rules)', () => {
    const released70 = { maxVersion: '7.0', releasedVersion: '7.0', resourceVersion: 2 };
    const preview70 = { maxVersion: '7.0', releasedVersion: '0.0', resourceVersion: 1 };
    const cloud = { maxVersion: '7.2', releasedVersion: '7.1', resourceVersion: 2 };
    assert.equal(negotiateVersion('7.2-preview.2', released70), '7.0');
    assert.equal(negotiateVersion('7.1', released70), '7.0');
    assert.equal(negotiateVersion('7.2-preview.1', preview70), '7.0-preview.1');
    assert.equal(negotiateVersion('6.0', released70), '6.0');
    assert.equal(negotiateVersion('7.2-preview.2', cloud), '7.2-preview.2');
    assert.equal(negotiateVersion('7.1', cloud), '7.1');
    assert.equal(negotiateVersion('7.2-preview.9', cloud), '7.2-preview.2', 'a resource version the server lacks');
  });

  it('caps a version at the one a refusal names', () => {
    assert.equal(maxVersionFromError('The requested REST API version of 7.1 is out of range for this server. The latest REST API version this server supports is 7.0.'), '7.0');
    assert.equal(maxVersionFromError('something else'), undefined);
    assert.equal(capVersion('7.2-preview.4', '7.0'), '7.0-preview.4');
    assert.equal(capVersion('7.1', '7.0'), '7.0');
    assert.equal(capVersion('6.0', '7.0'), '6.0');
  });
});

describe('hub api-version negotiation against Azure DevOps Server 2022', () => {
  const fixture = emulatorFixture({ serverVersion: '2022' });
  const emu = () => fixture.emulator;

  it('the API package alone sends 7.2-preview and is refused with the server\'s error', async () => {
    const raw = browserClients(emu(), 'admin');
    await assert.rejects(raw.git.getRepositories(), (e: { status?: number; serverError?: { typeKey?: string; message?: string } }) =>
      e.status === 400 && e.serverError?.typeKey === 'VssVersionOutOfRangeException'
      && /The requested REST API version of 7\.2-preview\.\d is out of range for this server\. The latest REST API version this server supports is 7\.0\./.test(e.serverError.message ?? ''));
  });

  it('negotiated clients read repositories, builds, permissions and container files at 7.0', async () => {
    const c = negotiated(emu());
    const project = emu().store.data.projects[0];
    const repos = await c.git.getRepositories(project.id);
    assert.ok(repos.length > 0);
    const builds = await c.build.getBuilds(project.id);
    assert.ok(builds.length > 0);
    const [allowed] = await c.security.hasPermissions(PROJECT_NAMESPACE_ID, PROJECT_MANAGE_PROPERTIES, [projectSecurityToken(project.id)]);
    assert.equal(allowed, true);
    assert.equal(await c.containers.readText(999_999, 'x/y.sarif'), null, 'a missing container file is null, not a version error');
    const versions = emu().requestLog.entries.filter((e) => e.method !== 'OPTIONS' && e.apiVersion).map((e) => `${e.route} ${e.apiVersion} ${e.status}`);
    assert.ok(versions.every((v) => !/ 7\.[12]/.test(v.split(' ')[1] ?? '') || / 400$/.test(v)), versions.join('\n'));
    assert.ok(versions.some((v) => /^git\.repositories\.list 7\.0 200$/.test(v)), versions.join('\n'));
    // The location data is read once per area, not per call.
    assert.equal(emu().requestLog.entries.filter((e) => e.method === 'OPTIONS' && /_apis\/git$/i.test(e.path)).length, 1);
  });
});

describe('hub api-version negotiation against the cloud service', () => {
  const fixture = emulatorFixture();

  it('sends the versions the API package asks for, unchanged', async () => {
    const c = negotiated(fixture.emulator);
    await c.git.getRepositories(fixture.emulator.store.data.projects[0].id);
    const call = fixture.emulator.requestLog.entries.find((e) => e.route === 'git.repositories.list');
    assert.match(call?.apiVersion ?? '', /^7\.2-preview\.\d$/);
    assert.equal(call?.status, 200);
  });
});
