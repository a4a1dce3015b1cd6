/**
 * The one-click gate against the emulator's Policy API, through azure-devops-extension-api's
 * PolicyRestClient as the hub uses it: an administrator adds the status check requiring
 * palisade/security-scan on the default branch (once) and removes it; a contributor is told the
 * permission they lack before trying, and a refused write names it; the coverage states. Every
 * response is validated against policy-7.1.json.
 */
import assert from 'node:assert/strict';
import {
  addGate, canEditPolicies, gatePolicy, GateError, readProjectGates, removeGate, STATUS_POLICY_TYPE_ID, type GateTarget, type PermissionCheck,
  type PolicyClientLike, type PolicyConfigurationLike,
} from '../../../../hub/shared/data/branchGate';
import { browserClients, call } from '../../../emulator/testing/clients';
import { emulatorFixture, validateResponsesAgainstSpecs } from '../../../emulator/testing/fixture';

describe('hub: the one-click gate (status check branch policy)', () => {
  const fixture = emulatorFixture();
  validateResponsesAgainstSpecs(fixture);
  const emu = () => fixture.emulator;

  function target(name = 'web-shop'): GateTarget {
    const repo = emu().store.repository(name);
    return { projectId: repo.projectId, repositoryId: repo.id, repositoryName: repo.name, defaultBranch: repo.defaultBranch };
  }

  const permissions = (identity: string): PermissionCheck => async (ns, bits, tokens) => {
    const r = await call(emu(), 'GET', `_apis/permissions/${ns}/${bits}?tokens=${encodeURIComponent(tokens.join(','))}&api-version=7.1`, { identity });
    return (r.json as { value: boolean[] }).value;
  };

  it('an administrator adds the required status check on the default branch once, and removes it', async () => {
    const t = target();
    const policy = browserClients(emu(), 'admin').policy;
    assert.deepEqual([...(await canEditPolicies(permissions('admin'), t.projectId, [t.repositoryId])).values()], [true]);

    const first = await addGate(policy, t);
    assert.equal(first.created, true);
    const again = await addGate(policy, t);
    assert.equal(again.created, false, 'a second click finds the gate instead of adding another');
    const stored = (emu().store.data.policyConfigurations ?? []).filter((c) => !c.isDeleted);
    assert.equal(stored.length, 1);
    assert.deepEqual(
      [stored[0].typeId, stored[0].isBlocking, stored[0].isEnabled, stored[0].settings.statusGenre, stored[0].settings.statusName, stored[0].settings.scope],
      [STATUS_POLICY_TYPE_ID, true, true, 'palisade', 'security-scan', [{ repositoryId: t.repositoryId, refName: 'refs/heads/main', matchKind: 'Exact' }]],
    );
    const gates = await readProjectGates(policy, t.projectId, [t, target('payments-api')]);
    assert.deepEqual([...gates.byRepository.keys()], [t.repositoryId], 'only web-shop is gated');

    // Someone else's status policy on the same branch is left alone.
    const other = await policy.createPolicyConfiguration({ ...gatePolicy(t), settings: { ...gatePolicy(t).settings, statusGenre: 'sonarqube', statusName: 'quality-gate' } } as never, t.projectId);
    assert.equal(await removeGate(policy, t), 1);
    const left = (emu().store.data.policyConfigurations ?? []).filter((c) => !c.isDeleted).map((c) => c.id);
    assert.deepEqual(left, [other.id]);
    assert.equal((await readProjectGates(policy, t.projectId, [t])).byRepository.size, 0);
  });

  it('a contributor is told beforehand, and a refused write names "Edit policies" and creates nothing', async () => {
    const t = target();
    assert.deepEqual([...(await canEditPolicies(permissions('contributor'), t.projectId, [t.repositoryId])).values()], [false]);
    await assert.rejects(addGate(browserClients(emu(), 'contributor').policy, t), (e: unknown) => e instanceof GateError && /"Edit policies"/.test(e.message) && /TF401027/.test(e.message));
    assert.deepEqual((emu().store.data.policyConfigurations ?? []).length, 0);
    // The same for removal.
    await addGate(browserClients(emu(), 'admin').policy, t);
    await assert.rejects(removeGate(browserClients(emu(), 'reader').policy, t), /"Edit policies"/);
    assert.equal((emu().store.data.policyConfigurations ?? []).filter((c) => !c.isDeleted).length, 1);
  });

  it('an empty repository cannot be gated yet, and another project\'s member sees no policies here', async () => {
    await assert.rejects(addGate(browserClients(emu(), 'admin').policy, target('docs-site')), /empty \(no default branch yet\)/);
    const t = target();
    const r = await call(emu(), 'GET', `${t.projectId}/_apis/policy/configurations?api-version=7.1`, { identity: 'outsider' });
    assert.equal(r.status, 404);
  });
});

describe('hub: the gate reads every page of a project\'s status policies', () => {
  const t: GateTarget = { projectId: 'p1', repositoryId: 'r-late', repositoryName: 'late', defaultBranch: 'refs/heads/main' };

  /** A Policy client over fixed pages of `size`, paged by continuation token as the service pages. */
  function pagedClient(configs: PolicyConfigurationLike[], size: number, honourToken = true) {
    const calls: (string | undefined)[] = [];
    const created: PolicyConfigurationLike[] = [];
    const deleted: number[] = [];
    const client: PolicyClientLike = {
      async getPolicyConfigurations(_project, _scope, _type, token) {
        calls.push(token);
        const from = honourToken && token ? Number(token) : 0;
        const page = configs.slice(from, from + size);
        const more = from + size < configs.length;
        return Object.assign(page, { continuationToken: more ? String(from + size) : null });
      },
      async createPolicyConfiguration(c) {
        created.push(c);
        return { ...c, id: 999 };
      },
      async deletePolicyConfiguration(_p, id) {
        deleted.push(id);
      },
    };
    return { client, calls, created, deleted };
  }

  const others = Array.from({ length: 25 }, (_, i) => ({ ...gatePolicy({ ...t, repositoryId: `r${i}` }), id: i + 1 }));
  const late = { ...gatePolicy(t), id: 100 };

  it('finds a gate on the third page: no duplicate is added, and removing deletes it', async () => {
    const { client, calls, created, deleted } = pagedClient([...others, late], 10);
    assert.equal((await addGate(client, t)).created, false);
    assert.deepEqual(calls, [undefined, '10', '20']);
    assert.equal(created.length, 0);
    const gates = await readProjectGates(client, 'p1', [t, { repositoryId: 'r3', defaultBranch: 'refs/heads/main' }]);
    assert.deepEqual([...gates.byRepository.keys()].sort(), ['r-late', 'r3']);
    assert.equal(gates.truncated, false);
    assert.equal(await removeGate(client, t), 1);
    assert.deepEqual(deleted, [100]);
  });

  it('stops, and says the list is incomplete, when a client hands the same page back', async () => {
    const { client, calls } = pagedClient([...others, late], 10, false);
    const gates = await readProjectGates(client, 'p1', [t]);
    assert.equal(gates.truncated, true);
    assert.equal(calls.length, 2, 'the second answer repeats the token it was asked with');
  });
});
