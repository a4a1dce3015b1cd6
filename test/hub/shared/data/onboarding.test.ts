/**
 * Onboarding repositories without a pipeline, against the emulator: the plan shown first holds
 * the exact YAML and names; applying it creates exactly that (a branch with the file, a pull
 * request, a YAML pipeline definition, a build validation policy) and the repositories stop
 * being "no pipeline"; removing it from the hub deletes the definition and policy and abandons
 * the pull request; a contributor without *Edit policies* gets a clear partial result.
 */
import assert from 'node:assert/strict';
import { applyOnboarding, BUILD_POLICY_TYPE_ID, findOnboarding, ONBOARDING_BRANCH, PIPELINE_FILE, planOnboarding, removeOnboarding, type OnboardingRepo } from '../../../../hub/shared/data/onboarding';
import { discoverOrganization } from '../../../../hub/inventory/data/discovery';
import { inventoryRows } from '../../../../hub/inventory/data/inventoryTable';
import { ThrottledClient } from '../../../../hub/shared/sdk/throttledClient';
import { emulatorFixture } from '../../../emulator/testing/fixture';
import type { Emulator } from '../../../emulator/index';

const client = (emu: Emulator, identity = 'admin') => new ThrottledClient(emu.orgUrl, async () => `Bearer ${emu.tokens[identity]}`);

describe('hub: onboarding repositories without a pipeline', function () {
  this.timeout(60_000);
  const fixture = emulatorFixture();
  const emu = () => fixture.emulator;

  async function withoutPipeline(): Promise<OnboardingRepo[]> {
    const inv = await discoverOrganization(client(emu()), { counts: false });
    return inventoryRows(inv.projects, { coverage: ['noPipeline'] }, { key: 'repository' })
      .filter((r) => !r.isDisabled)
      .map((r) => ({ projectId: r.projectId, id: r.id, name: r.name, defaultBranch: r.defaultBranch }));
  }

  it('shows the plan, creates exactly what it showed, and the repositories are covered; removal undoes it', async () => {
    const repos = await withoutPipeline();
    assert.deepEqual(repos.map((r) => r.name), ['docs-site', 'old-portal']);
    const plan = planOnboarding(repos);
    assert.equal(plan[0].skip, 'empty repository (no default branch): push a first commit, then onboard it');
    const portal = plan[1];
    assert.deepEqual(portal.actions.map((a) => a.kind), ['pullRequest', 'definition', 'buildValidation']);
    assert.match(portal.yaml, /trigger:\n {2}branches:\n {4}include: \[master\]/);
    assert.match(portal.yaml, /task: PalisadeScan@1/);
    assert.match(portal.yaml, /cron: '0 3 \* \* 1'[\s\S]*always: true/);
    const beforeCreate = JSON.stringify(emu().store.snapshot());
    assert.equal(JSON.stringify(emu().store.snapshot()), beforeCreate, 'planning creates nothing');

    const results = await applyOnboarding(client(emu()), plan);
    assert.deepEqual(results.map((r) => [r.repo.name, r.ok]), [['old-portal', true]], results.map((r) => r.message).join('\n'));
    const repo = emu().store.repository('old-portal');
    // Exactly what the plan showed: the file on the onboarding branch, the PR, the definition, the policy.
    const tip = repo.refs[ONBOARDING_BRANCH];
    assert.equal(emu().store.blob(repo.commits[tip].tree[PIPELINE_FILE]), portal.yaml);
    assert.equal(repo.refs['refs/heads/master'], repo.commits[tip].parents[0], 'the default branch is untouched until the PR completes');
    const pr = emu().store.data.pullRequests.find((p) => p.pullRequestId === results[0].created.pullRequestId)!;
    assert.deepEqual([pr.sourceRefName, pr.targetRefName, pr.title, pr.status], [ONBOARDING_BRANCH, 'refs/heads/master', portal.pullRequestTitle, 'active']);
    const def = emu().store.data.definitions?.find((d) => d.id === results[0].created.definitionId);
    assert.deepEqual([def?.name, def?.path, def?.repositoryId, def?.yamlFilename], [portal.definitionName, '\\Palisade', repo.id, PIPELINE_FILE]);
    const policy = emu().store.data.policyConfigurations?.find((c) => c.id === results[0].created.policyId);
    assert.deepEqual([policy?.typeId, policy?.isBlocking, policy?.settings.buildDefinitionId], [BUILD_POLICY_TYPE_ID, false, def?.id]);

    assert.deepEqual((await withoutPipeline()).map((r) => r.name), ['docs-site'], 'old-portal has a pipeline now');

    const notes = await removeOnboarding(client(emu()), { projectId: repo.projectId, id: repo.id, name: repo.name, defaultBranch: repo.defaultBranch });
    assert.equal(notes.length, 3, notes.join('; '));
    const found = await findOnboarding(client(emu()), { projectId: repo.projectId, id: repo.id, name: repo.name, defaultBranch: repo.defaultBranch });
    assert.deepEqual([found.definitionIds, found.policyIds, found.pullRequests.map((p) => p.status)], [[], [], ['abandoned']]);
    assert.deepEqual((await withoutPipeline()).map((r) => r.name), ['docs-site', 'old-portal']);
  });

  it('a contributor creates the pull request and pipeline but not the policy, and is told what was left', async () => {
    const plan = planOnboarding((await withoutPipeline()).filter((r) => r.name === 'old-portal'));
    const [result] = await applyOnboarding(client(emu(), 'contributor'), plan);
    assert.equal(result.ok, false);
    assert.match(result.message, /EditPolicies/);
    assert.ok(result.created.pullRequestId && result.created.definitionId && !result.created.policyId, JSON.stringify(result.created));
    assert.match(result.message, /remove them from the hub/);
  });
});
