/** The handshake with the Azure DevOps host (hub/shared/sdk/hostConnection.ts), against an in-memory SDK. */
import { host, resetHost } from '../../fakeSdk';
import assert from 'node:assert/strict';
import { connectHost, hostConfiguration, hostService, notifyFailed, notifyLoaded } from '../../../../hub/shared/sdk/hostConnection';

describe('hub host connection', () => {
  beforeEach(resetHost);

  it('initialises the SDK, waits for the host, and reads the project, the organization, the user and our ids', async () => {
    const c = await connectHost('Security hub');
    assert.deepEqual(host.calls, ['init {"loaded":false,"applyTheme":true}', 'ready']);
    assert.deepEqual(c, {
      project: { id: 'p-1', name: 'My Project' },
      collectionUri: 'https://dev.azure.com/org/',
      user: { id: 'u-1', displayName: 'Avery Admin' },
      extension: { publisherId: 'palisade-pub', extensionId: 'palisade' },
    });
  });

  it('names the page when it is opened outside a project', async () => {
    host.project = undefined;
    await assert.rejects(connectHost('Security tab'), /The Security tab opens inside a project/);
  });

  it('falls back to the user\'s name, and leaves our ids out when the host does not say them', async () => {
    host.user = { id: 'u-2', name: 'casey@example.com', displayName: '' };
    host.extensionContext = { publisherId: 'palisade-pub' };
    const c = await connectHost('Security hub');
    assert.equal(c.user.displayName, 'casey@example.com');
    assert.equal(c.extension, undefined);
  });

  it('hands out host services and the page\'s configuration, and reports loaded or failed', async () => {
    const nav = { getHash: async () => '' };
    host.services['ms.vss-features.host-navigation-service'] = nav;
    assert.equal(await hostService('ms.vss-features.host-navigation-service'), nav);
    host.configuration = { buildId: 4 };
    assert.deepEqual(hostConfiguration(), { buildId: 4 });
    host.configuration = undefined;
    assert.deepEqual(hostConfiguration(), {});
    notifyLoaded();
    notifyFailed(new Error('no repositories'));
    notifyFailed('plain');
    assert.deepEqual(host.calls, ['loaded', 'failed no repositories', 'failed plain']);
  });
});
