import assert from 'node:assert/strict';
import { EXTENSION_ID, HUB_CONTRIBUTION_ID, hubUrl, PUBLISHER_ID } from '../../../tasks/contract/extension';

describe('contract/extension: links into the Security hub', () => {
  it('builds the hub link from the packaged ids by default (the task has no SDK context)', () => {
    const url = hubUrl('https://dev.azure.com/org/', 'My Project', { repo: 'web', pr: 7 });
    assert.equal(url, `https://dev.azure.com/org/My%20Project/_apps/hub/${PUBLISHER_ID}.${EXTENSION_ID}.${HUB_CONTRIBUTION_ID}?repo=web&pr=7`);
  });

  it('uses the installed extension\'s ids when a page passes them from the SDK context', () => {
    const url = hubUrl('https://tfs.example/DefaultCollection', 'P', { tab: 'findings', finding: '' }, { publisherId: 'contoso', extensionId: 'palisade-private' });
    assert.equal(url, `https://tfs.example/DefaultCollection/P/_apps/hub/contoso.palisade-private.${HUB_CONTRIBUTION_ID}?tab=findings`);
  });
});
