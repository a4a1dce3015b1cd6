/** Project properties over REST (hub/shared/sdk/projectPropertiesClient.ts): the read with a keys filter, the JSON-patch write. */
import assert from 'node:assert/strict';
import { ProjectPropertiesClient, propertyPath } from '../../../../hub/shared/sdk/projectPropertiesClient';
import { scripted } from '../../scriptedFetch';
import { withFetch } from '../../withFetch';

const options = { rootPath: 'https://dev.azure.com/org/', authTokenProvider: { getAuthorizationHeader: async () => 'Bearer T' } };

describe('hub project properties client', () => {
  it('reads the properties matching the keys, unwrapping {count, value} and dropping nameless entries', async () => {
    const { sent, fetchFn } = scripted([{ body: { count: 3, value: [{ name: 'Palisade.A', value: '1' }, { value: 'no name' }, null] } }, { body: [{ name: 'Palisade.B', value: 2 }] }, { body: {} }]);
    await withFetch(fetchFn, async () => {
      const client = new ProjectPropertiesClient(options);
      assert.deepEqual(await client.getProperties('p 1', ['Palisade.*', 'Other']), [{ name: 'Palisade.A', value: '1' }]);
      assert.deepEqual(await client.getProperties('p1', ['x']), [{ name: 'Palisade.B', value: 2 }]);
      assert.deepEqual(await client.getProperties('p1', ['x']), []);
    });
    const url = new URL(sent[0].url);
    assert.equal(url.pathname, '/org/_apis/projects/p%201/properties');
    assert.equal(url.searchParams.get('keys'), 'Palisade.*,Other');
    assert.equal(url.searchParams.get('api-version'), '7.1-preview.1');
    assert.equal(sent[0].method, 'GET');
  });

  it('writes a JSON-patch document, and sends nothing for no operations', async () => {
    const { sent, fetchFn } = scripted([{ status: 204 }]);
    const ops = [{ op: 'add' as const, path: propertyPath('Palisade.A'), value: '{"x":1}' }, { op: 'remove' as const, path: '/Palisade.B' }];
    await withFetch(fetchFn, async () => {
      const client = new ProjectPropertiesClient(options);
      await client.setProperties('p1', []);
      await client.setProperties('p1', ops);
    });
    assert.equal(sent.length, 1);
    assert.equal(sent[0].method, 'PATCH');
    assert.equal(sent[0].headers['Content-Type'], 'application/json-patch+json');
    assert.deepEqual(JSON.parse(sent[0].body ?? ''), ops);
    assert.equal(propertyPath('Palisade.Settings.Defaults'), '/Palisade.Settings.Defaults');
  });

  it('fails with the service\'s message when the write is refused', async () => {
    await withFetch(scripted([{ status: 403, body: { message: 'TF50309: no Manage project properties' } }]).fetchFn, async () => {
      await assert.rejects(new ProjectPropertiesClient(options).setProperties('p1', [{ op: 'remove', path: '/x' }]), (e: unknown) => (e as { status?: number }).status === 403 && /TF50309/.test((e as Error).message));
    });
  });
});
