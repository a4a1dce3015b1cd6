/**
 * The emulator as Azure DevOps Server 2022: location data stops at 7.0, higher versions are
 * refused as the server refuses them, the node client negotiates down by itself.
 */
import assert from 'node:assert/strict';
import { profileFromEnv } from './serviceProfile';
import { call, nodeConnection } from './testing/clients';
import { emulatorFixture } from './testing/fixture';

describe('emulator: Azure DevOps Server 2022 mode', () => {
  const fixture = emulatorFixture({ serverVersion: '2022' });
  const emu = () => fixture.emulator;

  it('advertises 7.0 as every resource\'s newest version, preview-only resources staying preview', async () => {
    const git = await call(emu(), 'OPTIONS', '_apis/git');
    const locations = (git.json as { value: Array<{ maxVersion: string; releasedVersion: string }> }).value;
    assert.ok(locations.length > 5);
    assert.ok(locations.every((l) => l.maxVersion === '7.0' && l.releasedVersion === '7.0'));
    const data = (await call(emu(), 'OPTIONS', '_apis/ExtensionManagement')).json as { value: Array<{ maxVersion: string; releasedVersion: string }> };
    assert.ok(data.value.every((l) => l.maxVersion === '7.0' && l.releasedVersion === '0.0'));
    const conn = (await call(emu(), 'GET', '_apis/ConnectionData')).json as { deploymentType: string };
    assert.equal(conn.deploymentType, 'onPremises');
  });

  it('refuses any api-version above 7.0 with 400 VssVersionOutOfRangeException', async () => {
    for (const v of ['7.1', '7.1-preview.1', '7.2-preview.2']) {
      const res = await call(emu(), 'GET', `_apis/projects?api-version=${v}`);
      assert.equal(res.status, 400, v);
      const body = res.json as { typeKey: string; message: string };
      assert.equal(body.typeKey, 'VssVersionOutOfRangeException');
      assert.equal(body.message, `The requested REST API version of ${v} is out of range for this server. The latest REST API version this server supports is 7.0.`);
    }
    assert.equal((await call(emu(), 'GET', '_apis/projects?api-version=7.0')).status, 200);
    assert.equal((await call(emu(), 'GET', '_apis/projects?api-version=6.0')).status, 200);
  });

  it('lets azure-devops-node-api negotiate down to 7.0 from its location data', async () => {
    const git = await nodeConnection(emu(), 'admin').getGitApi();
    const repos = await git.getRepositories(emu().store.data.projects[0].id);
    assert.ok(repos.length > 0);
    const entry = emu().requestLog.entries.find((e) => e.route === 'git.repositories.list');
    assert.equal(entry?.apiVersion, '7.0');
  });

  it('is chosen with PALISADE_EMULATOR_SERVER, and a wrong value is an error naming the variable', () => {
    assert.deepEqual(profileFromEnv({ PALISADE_EMULATOR_SERVER: '2022' }), { serverVersion: '2022' });
    assert.deepEqual(profileFromEnv({ PALISADE_EMULATOR_HOST_AUTHORIZATION: 'off' }), { checkHostAuthorization: false });
    assert.deepEqual(profileFromEnv({}), {});
    assert.throws(() => profileFromEnv({ PALISADE_EMULATOR_SERVER: '2019' }), /PALISADE_EMULATOR_SERVER="2019": use "services" or "2022"/);
  });
});
