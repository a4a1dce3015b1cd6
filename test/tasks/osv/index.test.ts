import assert from 'node:assert/strict';
import { AdvisorySourceError } from '../../../tasks/engine/deps';
import { createAdvisorySource, OsvApiSource, OsvOfflineSource } from '../../../tasks/osv';
import { makeTree, removeTree } from '../../support/tmpTree';

describe('advisory source for a scan (tasks/osv)', () => {
  it('reads the offline database when a folder is given, else the OSV API', () => {
    const dir = makeTree({});
    try {
      const offline = createAdvisorySource({ offlineDir: dir });
      assert.ok(offline instanceof OsvOfflineSource);
      offline.close();
    } finally {
      removeTree(dir);
    }
    const api = createAdvisorySource({ env: {} });
    assert.ok(api instanceof OsvApiSource);
    assert.equal(api.label, 'the OSV API at https://api.osv.dev');
    api.close();
    const custom = createAdvisorySource({ baseUrl: 'http://127.0.0.1:1/v1', env: {} });
    assert.equal(custom.label, 'the OSV API at http://127.0.0.1:1');
    custom.close();
  });

  it('throws AdvisorySourceError for unusable settings', () => {
    assert.throws(() => createAdvisorySource({ baseUrl: 'not a url', env: {} }), AdvisorySourceError);
    assert.throws(() => createAdvisorySource({ offlineDir: '/nonexistent/palisade-osv' }), AdvisorySourceError);
  });
});
