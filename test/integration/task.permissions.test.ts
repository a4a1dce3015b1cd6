/**
 * PalisadeScan@1 end to end under Azure DevOps' own permissions: only project administrators
 * (project properties) and attributed PR replies change a verdict; anything a contributor
 * writes into extension data changes nothing; a member of another project gets nothing of this
 * one through the REST API; a PR build of a never-scanned repository judges only what it adds.
 */
import assert from 'node:assert/strict';
import { settingsRepoKey, SETTINGS_DEFAULTS_KEY } from '../../tasks/contract/projectSettings';
import { call } from '../emulator/testing/clients';
import type { AgentRun } from '../support/agentShim';
import {
  assertRun, branchBuild, dismissOnBranch, extensionDocuments, gitCheckout, materialise, NEW_SECRET_LINE, patchProperties, PR_ID, prBuild, prStatuses,
  prThreads, PROJECT, REPO, replyOnThread, runTask, setSettings, shallowFetch, storedScan, taskSuite, writeExtensionData,
} from './taskHarness';

describe('PalisadeScan@1 against the emulator: permissions decide who changes a verdict', function () {
  // Several task runs per test on a shared machine.
  this.timeout(240_000);
  const suite = taskSuite();
  const emu = () => suite.emulator;
  const INPUTS = { failOn: 'high', scanners: 'secrets' };

  async function mainRun(inputs: Record<string, string> = INPUTS): Promise<AgentRun> {
    const build = branchBuild(emu());
    return runTask(emu(), { buildId: build.id, sourcesDirectory: materialise(emu(), suite.tempDir(), build.sourceVersion), workDirectory: suite.tempDir(), inputs });
  }

  async function prRun(dir: string): Promise<AgentRun> {
    return runTask(emu(), { buildId: prBuild(emu()).id, sourcesDirectory: dir, workDirectory: suite.tempDir(), inputs: INPUTS });
  }

  it('ignores settings and dismissals a contributor writes straight into extension data', async () => {
    const first = await mainRun();
    assertRun(first, first.result === 'Failed', 'the PAT on main fails the build');
    const finding = storedScan(emu(), 'main').record.findings[0];
    const projectId = emu().store.project(PROJECT).id;

    // What the old layout trusted: anyone's writes at Default/Current.
    await writeExtensionData(emu(), 'contributor', `settings-${projectId}`, { id: `repo-${REPO.id}`, schemaVersion: 1, repoId: REPO.id, enabled: false, failOn: 'none' });
    await writeExtensionData(emu(), 'contributor', `settings-${projectId}`, { id: 'defaults', schemaVersion: 1, enabled: false, failOn: 'none' });
    await writeExtensionData(emu(), 'contributor', `triage-${REPO.id}`, { id: `t-${finding.fingerprint.slice(0, 40)}`, schemaVersion: 1, fingerprint: finding.fingerprint, state: 'dismissed', reason: 'falsePositive', by: { id: 'x', displayName: 'Casey Contributor' } });
    const docs = JSON.stringify(extensionDocuments(emu()));

    const second = await mainRun();
    assertRun(second, second.result === 'Failed' && second.resultMessage === first.resultMessage, 'the verdict is unchanged');
    assert.deepEqual([second.outputs.criticalCount, second.outputs.result], ['1', 'failed']);
    assert.match(second.logText, /Settings: built-in defaults \(no administrator has changed/);
    assert.match(second.logText, /Dismissals honoured: 0\./);
    assert.match(second.logText, /Anything written elsewhere \(e\.g\. extension data, which anyone in the organization can write\) is ignored\./);
    assert.deepEqual(second.requests.filter((r) => r.route?.startsWith('extensionData.')), [], 'the task does not even read extension data');
    assert.equal(JSON.stringify(extensionDocuments(emu())), docs, 'and writes none');
  });

  it('an administrator\'s settings change the verdict; a contributor\'s attempt is refused (403) and changes nothing', async () => {
    const refused = await call(emu(), 'PATCH', `_apis/projects/${emu().store.project(PROJECT).id}/properties?api-version=7.1-preview.1`, {
      identity: 'contributor', headers: { 'content-type': 'application/json-patch+json' },
      body: [{ op: 'add', path: `/${settingsRepoKey(REPO.id)}`, value: JSON.stringify({ schemaVersion: 1, settings: { enabled: false }, changedBy: { id: 'c', displayName: 'Casey' }, changedAt: new Date().toISOString() }) }],
    });
    assert.equal(refused.status, 403);
    assert.match((refused.json as { message: string }).message, /Manage project properties/);
    const still = await mainRun();
    assertRun(still, still.result === 'Failed', 'the contributor\'s attempt changed nothing');

    await setSettings(emu(), { failOn: 'none' }, null, '2026-12-01T09:30:00Z');
    // failOn left at "settings" (task.json's default): the administrator's choice applies.
    const relaxed = await mainRun({ scanners: 'secrets' });
    assertRun(relaxed, relaxed.result === 'SucceededWithIssues', 'failOn none from the project defaults: findings no longer fail the build');
    assert.match(relaxed.logText, /Settings: project defaults changed by Avery Admin on 2026-12-01\./);
    assert.match(relaxed.summaries[0], /Settings: project defaults changed by Avery Admin on 2026-12-01/);
    assert.equal(storedScan(emu(), 'main').record.scan.settingsSource, 'Settings: project defaults changed by Avery Admin on 2026-12-01.');

    // The pipeline may tighten what the administrator chose, never loosen it.
    await setSettings(emu(), { failOn: 'critical' }, null);
    const looser = await runTask(emu(), { buildId: branchBuild(emu()).id, sourcesDirectory: materialise(emu(), suite.tempDir(), emu().store.repository(REPO.name).refs['refs/heads/main']), workDirectory: suite.tempDir(), inputs: { failOn: 'none', scanners: 'secrets' } });
    assertRun(looser, looser.result === 'Failed', 'failOn: none in the pipeline cannot undo the administrator\'s critical');
    assert.ok(looser.issues.some((i) => i.type === 'warning' && /failOn "none" from the pipeline is less strict than "critical" set by an administrator/.test(i.message)));

    // A broken value is an error that names the property, not a silent default.
    await patchProperties(emu(), [{ op: 'add', path: `/${SETTINGS_DEFAULTS_KEY}`, value: '{"schemaVersion":1,"settings":{"failOn":"whenever"},"changedBy":{"id":"a","displayName":"A"},"changedAt":"2026-12-01T00:00:00Z"}' }]);
    const broken = await mainRun();
    assertRun(broken, broken.result === 'Failed' && broken.outputs.result === 'error', 'an unreadable setting fails the task');
    assert.match(broken.resultMessage ?? '', /project property Palisade\.Settings\.Defaults: "failOn" must be one of/);
  });

  it('honours an administrator\'s branch dismissal from the project properties', async () => {
    const first = await mainRun();
    assertRun(first, first.result === 'Failed', 'fails first');
    const finding = storedScan(emu(), 'main').record.findings[0];
    await dismissOnBranch(emu(), finding, 'acceptedRisk');
    const second = await mainRun();
    assertRun(second, second.result === 'Succeeded', 'the dismissed finding no longer fails main');
    assert.match(second.logText, /github-pat-classic src\/config\.js:3: accepted-risk by Avery Admin on \d{4}-\d\d-\d\d \(project triage\): Rotated; kept for the legacy client\./);
    const record = storedScan(emu(), 'main').record;
    assert.deepEqual(record.dismissals.honoured.map((d) => [d.channel, d.by.displayName]), [['projectTriage', 'Avery Admin']]);
    assert.equal(record.findings[0].suppression?.kind, 'triage');
  });

  it('the PR author\'s own /palisade dismiss does not count unless the repository allows it; a reviewer\'s does', async () => {
    const checkout = gitCheckout(suite.tempDir());
    const first = await prRun(checkout.dir);
    assertRun(first, first.result === 'Failed', 'the new secret fails the PR');
    const thread = prThreads(emu())[0];

    await replyOnThread(emu(), thread.id, '/palisade dismiss false-positive it is only a sample', 'contributor');
    await replyOnThread(emu(), thread.id, '/palisade dismiss because', 'admin');
    const own = await prRun(checkout.dir);
    assertRun(own, own.result === 'Failed', 'the author cannot wave their own finding through');
    assert.match(own.logText, /Dismissals honoured: 0\./);
    assert.match(own.logText, new RegExp(`github-pat-classic src/payments\\.js:${NEW_SECRET_LINE}: thread ${thread.id} by Casey Contributor: ignored, the pull request's author cannot dismiss findings in it \\(the repository setting allowAuthorDismiss is off\\); a reviewer can\\.`));
    assert.match(own.logText, /by Avery Admin: ignored, "because" is not a reason; use one of false-positive, accepted-risk, used-in-tests\./);
    assert.equal(storedScan(emu(), `pr/${PR_ID}`).record.dismissals.ignored.length, 2);

    // "Won't fix" set by anyone is not attributed: it does not count either.
    emu().store.pullRequest(emu().store.repository(REPO.name), PR_ID).threads[0].status = 'wontFix';
    const status = await prRun(checkout.dir);
    assertRun(status, status.result === 'Failed', 'a thread status does not dismiss');
    assert.match(status.logText, /ignored, a thread set to "Won't fix" does not say who set it/);

    await setSettings(emu(), null, { allowAuthorDismiss: true });
    const allowed = await prRun(checkout.dir);
    assertRun(allowed, allowed.result === 'Succeeded', 'with allowAuthorDismiss the author\'s reply counts');
    assert.match(allowed.logText, /false-positive by Casey Contributor/);
    assert.equal(prStatuses(emu()).at(-1)?.state, 'succeeded');
  });

  it('a member of another project gets nothing of this project\'s results, settings or threads through the REST API', async () => {
    const run = await mainRun();
    assertRun(run, run.result === 'Failed', 'a scan to hide');
    await setSettings(emu(), { failOn: 'medium' }, null);
    const build = emu().store.data.builds.find((b) => b.tags.includes('palisade'))!;
    const projectId = emu().store.project(PROJECT).id;
    const paths = [
      `${PROJECT}/_apis/build/builds?tagFilters=palisade&api-version=7.1`,
      `${projectId}/_apis/build/builds/${build.id}?api-version=7.1`,
      `${projectId}/_apis/build/builds/${build.id}/artifacts?api-version=7.1`,
      `${projectId}/_apis/build/builds/${build.id}/artifacts?artifactName=CodeAnalysisLogs&$format=zip&api-version=7.1`,
      `_apis/resources/Containers/${build.containerId}?itemPath=CodeAnalysisLogs/palisade-scan.json&api-version=7.1-preview.4`,
      `_apis/resources/Containers/${build.containerId}?api-version=7.1-preview.4`,
      `_apis/projects/${projectId}/properties?keys=Palisade.*&api-version=7.1-preview.1`,
      `_apis/git/repositories/${REPO.id}?api-version=7.1`,
      `${PROJECT}/_apis/git/repositories/${REPO.id}/pullRequests/${PR_ID}/threads?api-version=7.1`,
    ];
    for (const path of paths) {
      const r = await call(emu(), 'GET', path, { identity: 'outsider' });
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.text, /secure-app|github-pat|failOn|palisade-scan/, `${path} reveals nothing`);
      // A reader of the project does get them (the same calls, their own token).
      if (!path.includes('threads')) assert.equal((await call(emu(), 'GET', path, { identity: 'reader' })).status, 200, `reader: ${path}`);
    }
    const projects = (await call(emu(), 'GET', '_apis/projects?api-version=7.1', { identity: 'outsider' })).json as { value: Array<{ name: string }> };
    assert.deepEqual(projects.value.map((p) => p.name), ['Legacy Apps']);
  });

  it('a PR build of a repository with no earlier scan judges only what the PR adds', async () => {
    assert.ok(emu().store.data.builds.every((b) => !b.tags.includes('palisade')), 'no scan of the repository exists');
    const source = gitCheckout(suite.tempDir());
    const shallow = shallowFetch(source.dir, suite.tempDir());
    const run = await prRun(shallow);
    assertRun(run, run.result === 'Failed', 'the PR\'s own secret fails it');
    assert.equal(run.resultMessage, '1 new finding at or above high: 1 critical', 'the secret already on main is not the PR\'s');
    assert.match(run.logText, /Earlier results: none for this branch/);
    const record = storedScan(emu(), `pr/${PR_ID}`).record;
    assert.equal(record.scan.newFindings, 1);
    assert.deepEqual(record.findings.filter((f) => f.isNew).map((f) => f.path), ['src/payments.js']);
  });
});
