/** The gate's policy client over the inventory's throttled caller (hub/inventory/policyAdapter.ts): the calls the Policy client makes. */
import assert from 'node:assert/strict';
import { throttledPolicyClient } from '../../../hub/inventory/policyAdapter';
import { ThrottledClient } from '../../../hub/shared/sdk/throttledClient';
import { scripted } from '../scriptedFetch';

const TYPE = 'cbdc66da-9728-4af8-aada-9a5a32e4a226';

describe('hub inventory: policy client over the throttled caller', () => {
  it('lists one page of configurations of a type, with the continuation token the service returned', async () => {
    const { sent, fetchFn } = scripted([{ body: { value: [{ id: 1 }, { id: 2 }] }, headers: { 'x-ms-continuationtoken': 'page2' } }, { body: { value: [] } }]);
    const policy = throttledPolicyClient(new ThrottledClient('https://dev.azure.com/org', async () => 'Bearer t', {}, fetchFn));
    const first = await policy.getPolicyConfigurations('p1', undefined, TYPE);
    assert.deepEqual([...first].map((c) => c.id), [1, 2]);
    assert.equal(first.continuationToken, 'page2');
    assert.equal(sent[0].url, `https://dev.azure.com/org/p1/_apis/policy/configurations?policyType=${TYPE}&api-version=7.0`);
    const last = await policy.getPolicyConfigurations('p1', undefined, TYPE, 'page2');
    assert.match(sent[1].url, /continuationToken=page2/);
    assert.equal(last.continuationToken, null);
  });

  it('creates and deletes configurations with the methods and bodies the REST API takes', async () => {
    const { sent, fetchFn } = scripted([{ body: { id: 42, isBlocking: true } }, { status: 204 }]);
    const policy = throttledPolicyClient(new ThrottledClient('https://dev.azure.com/org', async () => 'Bearer t', {}, fetchFn));
    const created = await policy.createPolicyConfiguration({ isBlocking: true, isEnabled: true, type: { id: TYPE }, settings: {} } as never, 'p1');
    assert.equal(created.id, 42);
    assert.equal(sent[0].method, 'POST');
    assert.equal(sent[0].url, 'https://dev.azure.com/org/p1/_apis/policy/configurations?api-version=7.0');
    assert.deepEqual(JSON.parse(sent[0].body ?? ''), { isBlocking: true, isEnabled: true, type: { id: TYPE }, settings: {} });
    await policy.deletePolicyConfiguration('p1', 42);
    assert.equal(sent[1].method, 'DELETE');
    assert.equal(sent[1].url, 'https://dev.azure.com/org/p1/_apis/policy/configurations/42?api-version=7.0');
  });
});
