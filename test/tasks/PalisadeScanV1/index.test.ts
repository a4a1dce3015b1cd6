import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockTestRunner } from 'azure-pipelines-task-lib/mock-test';
import { parseCommands } from '../../support/agentShim';
import { REPO_ROOT } from '../../support/paths';
import { FAKE, makeTree, removeTree } from '../../support/tmpTree';

const SCENARIO = join(REPO_ROOT, 'out', 'test', 'tasks', 'PalisadeScanV1', 'scenarios', 'fromEnv.js');
const TASK_JSON = join(REPO_ROOT, 'tasks', 'PalisadeScanV1', 'task.json');

interface Run {
  tr: MockTestRunner;
  outputs: Record<string, string>;
}

/** Runs the task under task-lib's MockTestRunner with the current Node (no download). */
async function runScenario(inputs: Record<string, string>, variables: Record<string, string>): Promise<Run> {
  process.env.PALISADE_SCENARIO = JSON.stringify({ inputs, variables });
  const tr = new MockTestRunner(SCENARIO, TASK_JSON);
  // The runner would otherwise download the Node version task.json names; use this one.
  tr.nodePath = process.execPath;
  await tr.runAsync();
  delete process.env.PALISADE_SCENARIO;
  const outputs: Record<string, string> = {};
  for (const c of parseCommands(tr.stdout)) if (c.name === 'task.setvariable' && c.properties.isOutput === 'true') outputs[c.properties.variable] = c.data;
  return { tr, outputs };
}

describe('PalisadeScan@1 under the task-lib mock runner', () => {
  let root: string;
  let vars: Record<string, string>;
  beforeEach(() => {
    root = makeTree({ 'src/app.js': 'const ok = 1;\n', 'stage/.keep': '', 'tmp/.keep': '' });
    vars = { 'Build.SourcesDirectory': join(root, 'src'), 'Build.ArtifactStagingDirectory': join(root, 'stage'), 'Agent.TempDirectory': join(root, 'tmp') };
  });
  afterEach(() => removeTree(root));

  it('succeeds on a clean tree and sets its output variables', async () => {
    const { tr, outputs } = await runScenario({ path: join(root, 'src'), failOn: 'high' }, vars);
    assert.ok(tr.succeeded, tr.stdout);
    assert.equal(outputs.result, 'succeeded');
    assert.equal(outputs.criticalCount, '0');
    assert.ok(existsSync(outputs.sarifPath), 'the SARIF file is written');
    assert.match(tr.stdout, /##vso\[artifact\.upload containerfolder=CodeAnalysisLogs;artifactname=CodeAnalysisLogs;\]/);
    assert.match(tr.stdout, /##vso\[task\.uploadsummary\]/);
  });

  it('fails on a finding at the threshold, registers the secret and annotates the line', async () => {
    writeFileSync(join(root, 'src', 'app.js'), `const t = "${FAKE.githubPat}";\n`);
    const { tr, outputs } = await runScenario({ path: join(root, 'src'), failOn: 'high' }, vars);
    assert.ok(tr.failed);
    assert.equal(outputs.result, 'failed');
    assert.equal(outputs.criticalCount, '1');
    assert.ok(tr.stdout.includes(`##vso[task.setsecret]${FAKE.githubPat}`));
    // task-lib's logIssue: properties in its order, each followed by `;`.
    assert.match(tr.stdout, /##vso\[task\.logissue type=error;code=[a-z0-9.-]+;sourcepath=app\.js;linenumber=1;columnnumber=12;\]critical: /);
    const withoutSetSecret = tr.stdout.split('\n').filter((l) => !l.startsWith('##vso[task.setsecret]')).join('\n');
    assert.ok(!withoutSetSecret.includes(FAKE.githubPat), 'the secret is printed only to register it');
    assert.ok(!readFileSync(outputs.sarifPath, 'utf8').includes(FAKE.githubPat));
  });

  it('succeeds with issues when findings are only below the threshold', async () => {
    writeFileSync(join(root, 'src', 'app.js'), `const t = "${FAKE.githubPat}";\n`);
    const { tr, outputs } = await runScenario({ path: join(root, 'src'), failOn: 'none' }, vars);
    assert.ok(tr.succeeded, tr.stdout);
    assert.equal(outputs.result, 'succeededWithIssues');
    assert.match(tr.stdout, /##vso\[task\.complete result=SucceededWithIssues;\]/);
  });

  it('rejects a bad input with a message that names it', async () => {
    const { tr } = await runScenario({ path: join(root, 'src'), failOn: 'urgent' }, vars);
    assert.ok(tr.failed);
    assert.ok(tr.stdout.includes('Input "failOn" must be one of settings, critical, high, medium, low, none; got "urgent".'), tr.stdout);
    const missing = await runScenario({ path: join(root, 'nope'), failOn: 'high' }, vars);
    assert.ok(missing.tr.failed);
    assert.match(missing.tr.stdout, /Input "path" is ".*nope", which is not a folder on this agent/);
  });

  it('fails on a broken configuration file without publishing anything', async () => {
    writeFileSync(join(root, 'src', '.palisade.yml'), 'excludes: [a]\nrules:\n  disable: [no-such-rule]\n');
    const { tr, outputs } = await runScenario({ path: join(root, 'src'), failOn: 'high' }, vars);
    assert.ok(tr.failed);
    assert.ok(tr.stdout.includes('.palisade.yml:3: rules.disable[0]: unknown rule id \\"no-such-rule\\"') || tr.stdout.includes('.palisade.yml:3: rules.disable[0]: unknown rule id "no-such-rule"'), tr.stdout);
    assert.equal(outputs.result, 'error');
    assert.ok(!tr.stdout.includes('##vso[artifact.upload'), 'nothing is published half-way');
    assert.ok(!existsSync(join(root, 'stage', 'CodeAnalysisLogs', 'palisade.sarif')));
  });
});
