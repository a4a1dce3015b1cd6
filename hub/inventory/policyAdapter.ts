/** The gate's PolicyClientLike over the inventory's throttled caller (same calls the Policy client makes). */
import type { PolicyClientLike, PolicyConfigurationLike } from '../shared/data/branchGate';
import type { ThrottledClient } from '../shared/sdk/throttledClient';

export function throttledPolicyClient(client: ThrottledClient): PolicyClientLike {
  return {
    async getPolicyConfigurations(project, _scope, policyType, continuationToken) {
      const { body, headers } = await client.getJson<{ value: PolicyConfigurationLike[] }>(`${project}/_apis/policy/configurations`, { policyType, continuationToken, 'api-version': '7.0' });
      return Object.assign(body.value, { continuationToken: headers.get('x-ms-continuationtoken') });
    },
    async createPolicyConfiguration(configuration, project) {
      return (await (await client.send('POST', `${project}/_apis/policy/configurations`, { 'api-version': '7.0' }, configuration)).json()) as PolicyConfigurationLike;
    },
    async deletePolicyConfiguration(project, id) {
      await client.send('DELETE', `${project}/_apis/policy/configurations/${id}`, { 'api-version': '7.0' }, undefined);
    },
  };
}
