import assert from 'node:assert/strict';
import type { AzureClients } from '../../../../tasks/PalisadeScanV1/azure/connection';
import { readDefaultBranch, readProjectProperties } from '../../../../tasks/PalisadeScanV1/azure/projectReads';

describe('azure/projectReads', () => {
  it('reads the named project properties as name and value, an empty list when none', async () => {
    const asked: unknown[] = [];
    const azure = {
      core: {
        getProjectProperties: async (id: string, keys: string[]) => {
          asked.push([id, keys]);
          return [{ name: 'Palisade.Settings.Defaults', value: '{"v":1}' }, { value: 'no name' }];
        },
      },
    } as unknown as AzureClients;
    assert.deepEqual(await readProjectProperties(azure, 'p1', ['Palisade.*']), [{ name: 'Palisade.Settings.Defaults', value: '{"v":1}' }, { name: '', value: 'no name' }]);
    assert.deepEqual(asked, [['p1', ['Palisade.*']]]);
    const none = { core: { getProjectProperties: async () => null } } as unknown as AzureClients;
    assert.deepEqual(await readProjectProperties(none, 'p1', []), []);
  });

  it('reads a repository\'s default branch, undefined when it has none or is not found', async () => {
    const azure = (repo: unknown) => ({ git: { getRepository: async () => repo } }) as unknown as AzureClients;
    assert.equal(await readDefaultBranch(azure({ defaultBranch: 'refs/heads/main' }), 'p', 'r'), 'refs/heads/main');
    assert.equal(await readDefaultBranch(azure({}), 'p', 'r'), undefined);
    assert.equal(await readDefaultBranch(azure(null), undefined, 'r'), undefined);
  });

  it('lets read failures through to the caller', async () => {
    const azure = { core: { getProjectProperties: async () => { throw new Error('401'); } } } as unknown as AzureClients;
    await assert.rejects(readProjectProperties(azure, 'p', []), /401/);
  });
});
