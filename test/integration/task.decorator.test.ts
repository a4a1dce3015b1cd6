/**
 * Managed scanning end to end: jobs are expanded with the extension's own decorator template
 * (vss-extension.json -> tasks/PalisadeDecorator/palisade-post-checkout.yml) by the emulator's
 * decorator evaluator, and the PalisadeScan step that results runs as the built task against
 * the emulator. An enabled repository is scanned right after checkout (enforced, or observe
 * only); a repository nobody enabled skips with one REST call; a job that already runs the task
 * is not decorated; checkouts that are not Azure Repos Git are not decorated.
 */
import assert from 'node:assert/strict';
import { CHECKOUT_TASK_ID, PALISADE_TASK_ID } from '../../tasks/contract/managedScan';
import { decorateJob, type JobDescription } from '../emulator/decorator/expand';
import { runDecoratedJob, selfRepository } from '../emulator/decorator/decoratedJob';
import type { BuildRecord } from '../emulator/state';
import { assertRun, branchBuild, FAST_RETRY, gitCheckout, materialise, PR_ID, prBuild, prStatuses, setSettings, storedScan, taskSuite } from './taskHarness';

describe('Pipeline decorator: managed scans without editing a pipeline', function () {
  this.timeout(240_000);
  const suite = taskSuite();
  const emu = () => suite.emulator;

  const yamlJob = (build: BuildRecord, steps: JobDescription['steps']): JobDescription => ({ steps, repositories: { self: selfRepository(emu(), build) } });
  const ids = (job: JobDescription) => decorateJob(job).map((s) => `${s.task.name}${s.injectedBy ? ' (injected)' : ''}`);

  async function branchJob(steps: JobDescription['steps']) {
    const build = branchBuild(emu());
    const dir = materialise(emu(), suite.tempDir(), build.sourceVersion);
    return runDecoratedJob(emu(), yamlJob(build, steps), { buildId: build.id, sourcesDirectory: dir, workDirectory: suite.tempDir(), env: FAST_RETRY });
  }

  it('scans an enabled repository right after checkout and fails the job where enforced', async () => {
    await setSettings(emu(), null, { managedScan: 'enforce', scanners: ['secrets'] });
    const job = await branchJob([{ checkout: 'self' }, { script: 'npm test' }]);
    assert.deepEqual(job.steps.map((s) => s.task.name), ['checkout', 'PalisadeScan', 'CmdLine'], 'the scan goes right after the checkout');
    assert.equal(job.steps[1].injectedBy, 'palisade-managed-scan');
    assert.equal(job.runs.length, 1);
    const { run } = job.runs[0];
    assertRun(run, run.result === 'Failed', 'the PAT on main fails the job (enforce, failOn high)');
    assert.match(run.logText, /Managed scan of repository secure-app \(enforced/);
    assert.equal(run.outputs.criticalCount, '1');
    assert.ok(run.tags.includes('palisade') && run.artifacts.includes('CodeAnalysisLogs'), 'published for the hub like a pipeline author\'s step');
    assert.equal(storedScan(emu(), 'main').record.findings.length >= 1, true);
  });

  it('observe only: a PR build is scanned diff-aware, reported in full, and neither fails the job nor blocks the PR', async () => {
    await setSettings(emu(), { managedScan: 'observe', scanners: ['secrets'] }, null);
    const build = prBuild(emu());
    const dir = gitCheckout(suite.tempDir()).dir;
    const job = await runDecoratedJob(emu(), yamlJob(build, [{ checkout: 'self' }]), { buildId: build.id, sourcesDirectory: dir, workDirectory: suite.tempDir(), env: FAST_RETRY });
    assert.equal(job.runs.length, 1);
    const { run } = job.runs[0];
    assertRun(run, run.result === 'SucceededWithIssues', 'observe mode never fails the job');
    assert.match(run.resultMessage ?? '', /^Observe only .*1 new finding/);
    assert.equal(run.outputs.newFindingCount, '1', 'only the PR\'s new secret is judged (diff-aware, like the task)');
    const statuses = prStatuses(emu()).filter((s) => s.context.genre === 'palisade');
    const last = statuses[statuses.length - 1];
    assert.equal(last.state, 'succeeded', 'a required status is not failed in observe mode');
    assert.match(last.description ?? '', /1 new finding.*observe only/);
    assert.equal(PR_ID, 7);
  });

  it('a repository nobody enabled: the injected step skips after one REST call, publishing nothing', async () => {
    const job = await branchJob([{ checkout: 'self' }, { script: 'make' }]);
    assert.equal(job.runs.length, 1, 'the template cannot read settings, so the step is injected and decides at run time');
    const { run } = job.runs[0];
    assertRun(run, run.result === 'Succeeded' && run.outputs.result === 'skipped', 'skipped, not failed');
    assert.match(run.logText, /Managed scanning is not enabled for repository secure-app/);
    // The client's version negotiation (OPTIONS, resource areas) aside, one call.
    const routes = run.requests.map((r) => r.route).filter((r) => r && !r.startsWith('location.'));
    assert.deepEqual(routes, ['core.projectProperties.get'], `one settings read, nothing else: ${run.requests.map((r) => `${r.method} ${r.route}`).join(', ')}`);
    assert.deepEqual([run.artifacts, run.tags], [[], []]);
  });

  it('the hub\'s "Scanning: Off" wins over managed scanning', async () => {
    await setSettings(emu(), { managedScan: 'enforce' }, { enabled: false });
    const { runs } = await branchJob([{ checkout: 'self' }]);
    assertRun(runs[0].run, runs[0].run.outputs.result === 'skipped', 'switched off');
    assert.match(runs[0].run.logText, /switched off for repository secure-app/);
  });

  it('a job that already runs PalisadeScan@1 is not decorated: exactly one scan, the author\'s', async () => {
    await setSettings(emu(), null, { managedScan: 'enforce' });
    const job = await branchJob([{ checkout: 'self' }, { task: 'PalisadeScan@1', inputs: { failOn: 'critical', scanners: 'secrets' } }]);
    assert.deepEqual(job.steps.map((s) => [s.task.name, s.injectedBy ?? 'author']), [['checkout', 'author'], ['PalisadeScan', 'author']]);
    assert.equal(job.runs.length, 1);
    assertRun(job.runs[0].run, job.runs[0].run.result === 'Failed', 'the author\'s step runs with the author\'s inputs');
    assert.doesNotMatch(job.runs[0].run.logText, /Managed scan/);
  });

  it('decorates only jobs that check out an Azure Repos Git repository', () => {
    const build = branchBuild(emu());
    const self = selfRepository(emu(), build);
    // A job without checkout steps checks out self first (implicit checkout).
    assert.deepEqual(ids({ steps: [{ script: 'make' }], repositories: { self } }), ['checkout', 'PalisadeScan (injected)', 'CmdLine']);
    assert.deepEqual(ids({ steps: [{ checkout: 'none' }, { script: 'make' }], repositories: { self } }), ['checkout', 'CmdLine'], 'checkout: none');
    assert.deepEqual(ids({ steps: [{ checkout: 'self' }], repositories: { self: { ...self, type: 'GitHub' } } }), ['checkout'], 'GitHub');
    assert.deepEqual(ids({ steps: [{ checkout: 'self' }], repositories: { self: { ...self, type: 'Bitbucket' } } }), ['checkout'], 'Bitbucket');
    // Only another Azure Repos repository is checked out: the run's repository is not scanned by a guess.
    assert.deepEqual(ids({ steps: [{ checkout: 'tools' }], repositories: { self: { ...self, type: 'GitHub' }, tools: { ...self, alias: 'tools' } } }), ['checkout']);
    // Two checkouts: the scan goes after the last one.
    assert.deepEqual(ids({ steps: [{ checkout: 'self' }, { checkout: 'tools' }, { script: 'make' }], repositories: { self, tools: { ...self, alias: 'tools' } } }), ['checkout', 'checkout', 'PalisadeScan (injected)', 'CmdLine']);
    // Classic build of an Azure Repos repository (designer repository, sources synced before the tasks).
    assert.deepEqual(ids({ classic: true, steps: [{ script: 'make' }], repositories: { __designer_repo: { ...self, alias: '__designer_repo' } } }), ['PalisadeScan (injected)', 'CmdLine']);
    assert.deepEqual(ids({ classic: true, steps: [{ script: 'make' }], repositories: { __designer_repo: { ...self, alias: '__designer_repo', type: 'TfsVersionControl' } } }), ['CmdLine'], 'TFVC');
    // The injected step names the task by id and carries the managed input and the job token.
    const [, injected] = decorateJob({ steps: [{ checkout: 'self' }], repositories: { self } });
    assert.equal(injected.task.id, PALISADE_TASK_ID);
    assert.deepEqual(injected.inputs, { managed: 'true' });
    assert.equal(injected.env.SYSTEM_ACCESSTOKEN, '$(System.AccessToken)');
    assert.equal(decorateJob({ steps: [{ checkout: 'self' }], repositories: { self } })[0].task.id, CHECKOUT_TASK_ID);
  });
});
