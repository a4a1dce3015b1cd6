import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeSettingsProperty, settingsRepoKey, type ProjectProperty } from '../../../tasks/contract/projectSettings';
import { parseScanRecord } from '../../../tasks/contract/scanRecord';
import type { AzureClients } from '../../../tasks/PalisadeScanV1/azure/connection';
import { runTask, type TaskHost } from '../../../tasks/PalisadeScanV1/run';
import { capturedLog } from '../../support/taskFakes';
import { FAKE, makeTree, removeTree } from '../../support/tmpTree';

/** An offline-or-fake agent: variables of a branch build of `root`, inputs from `inputs`. */
function agent(root: string, inputs: Record<string, string> = {}, azure?: AzureClients) {
  const { log, lines } = capturedLog();
  const vars: Record<string, string> = {
    'System.CollectionUri': 'https://dev.azure.com/org/', 'System.TeamProjectId': 'proj-1', 'System.TeamProject': 'Proj',
    'Build.Repository.ID': 'repo-1', 'Build.Repository.Name': 'app', 'Build.Repository.Provider': 'TfsGit', 'Build.BuildId': '9', 'System.JobId': 'job1',
    'Build.SourceBranch': 'refs/heads/main', 'Build.Reason': 'IndividualCI', 'Build.SourcesDirectory': join(root, 'src-root'),
    'Build.ArtifactStagingDirectory': join(root, 'staging'), 'Agent.TempDirectory': join(root, 'tmp'),
  };
  const host: TaskHost = {
    inputs: { get: (n) => ({ scanners: 'secrets', ...inputs })[n] },
    variable: (n) => vars[n],
    log,
    accessToken: () => (azure ? 'token' : undefined),
    proxy: () => null,
    caFile: () => undefined,
    findFiles: () => [],
    connect: async () => azure!,
    historyTimeoutMs: 5000,
  };
  return { host, lines };
}

/** Azure clients with project properties, no earlier builds, no artifacts. */
function fakeAzure(props: ProjectProperty[]): AzureClients {
  return {
    core: { getProjectProperties: async () => props },
    git: { getRepository: async () => ({ defaultBranch: 'refs/heads/main' }) },
    build: { getBuilds: async () => [], getArtifacts: async () => [] },
    containers: {},
    counter: { calls: 3, retries: 0, throttledMs: 0 },
  } as unknown as AzureClients;
}

const ADMIN = { id: 'a', displayName: 'Admin' };

describe('PalisadeScanV1/run (the task\'s flow, with a fake agent)', () => {
  let root: string;
  beforeEach(() => {
    root = makeTree({ 'src-root/app.js': `const t = "${FAKE.githubPat}";\n`, 'src-root/readme.md': 'hello\n' });
  });
  afterEach(() => removeTree(root));

  it('fails on a bad input, naming it, and sets the result output', async () => {
    const { host, lines } = agent(root, { failOn: 'sometimes' });
    const r = await runTask(host);
    assert.equal(r.result, 'Failed');
    assert.equal(r.outcome, 'error');
    assert.match(r.message, /failOn/);
    assert.ok(lines.some((l) => /variable=result;.*\]error$/.test(l)));
  });

  it('fails when the path is not a folder on the agent', async () => {
    const { host } = agent(root, { path: join(root, 'nowhere') });
    const r = await runTask(host);
    assert.equal(r.result, 'Failed');
    assert.match(r.message, /which is not a folder on this agent/);
  });

  it('scans a branch offline: fails on the secret, writes SARIF, summary, record and outputs, publishes and tags', async () => {
    const { host, lines } = agent(root);
    const r = await runTask(host);
    assert.deepEqual([r.result, r.outcome], ['Failed', 'failed']);
    assert.match(r.message, /1 finding at or above high/);
    const text = lines.join('\n');
    assert.ok(lines.some((l) => l.startsWith('##vso[task.setsecret]')), 'the secret is registered with the agent');
    assert.ok(!lines.filter((l) => !l.startsWith('##vso[task.setsecret]')).join('\n').includes(FAKE.githubPat), 'and never printed otherwise');
    assert.match(text, /No access token/);
    const dir = join(root, 'staging', 'CodeAnalysisLogs');
    const sarif = readFileSync(join(dir, 'palisade.sarif'), 'utf8');
    assert.ok(!sarif.includes(FAKE.githubPat));
    assert.equal(JSON.parse(sarif).runs[0].results.length, 1);
    const record = parseScanRecord(readFileSync(join(dir, 'palisade-scan.json'), 'utf8'));
    assert.deepEqual([record.scan.outcome, record.scan.repoId, record.scan.branch, record.scan.history], ['failed', 'repo-1', 'main', 'unavailable']);
    assert.ok(lines.some((l) => l.startsWith('##vso[artifact.upload') && l.endsWith(dir)));
    assert.ok(lines.includes('##vso[build.addbuildtag]palisade'));
    assert.ok(lines.some((l) => l.startsWith('##vso[task.uploadsummary]')));
    assert.ok(lines.some((l) => /variable=result;.*\]failed$/.test(l)));
  });

  it('publishes nothing to the hub when publishArtifact is off', async () => {
    const { host, lines } = agent(root, { publishArtifact: 'false' });
    await runTask(host);
    assert.ok(existsSync(join(root, 'staging', 'CodeAnalysisLogs', 'palisade.sarif')));
    assert.ok(!existsSync(join(root, 'staging', 'CodeAnalysisLogs', 'palisade-scan.json')));
    assert.ok(!lines.some((l) => l.startsWith('##vso[artifact.upload')));
    assert.match(lines.join('\n'), /publishArtifact is false: no scan record is published/);
  });

  it('stops on an invalid configuration, one error per problem, before scanning', async () => {
    removeTree(root);
    root = makeTree({ 'src-root/.palisade.yml': 'failOn: sometimes\nexcldes: [a]\n', 'src-root/app.js': 'x\n' });
    const { host, lines } = agent(root);
    const r = await runTask(host);
    assert.equal(r.result, 'Failed');
    assert.match(r.message, /configuration is invalid; nothing was scanned/);
    const errors = lines.filter((l) => l.includes('task.logissue type=error'));
    assert.ok(errors.some((l) => /\.palisade\.yml:1: failOn/.test(l)));
    assert.ok(errors.some((l) => /\.palisade\.yml:2: excldes: unknown key/.test(l)));
    assert.ok(!existsSync(join(root, 'staging', 'CodeAnalysisLogs', 'palisade.sarif')));
  });

  it('uses the project\'s settings when connected: a repository switched off is skipped', async () => {
    const azure = fakeAzure([{ name: settingsRepoKey('repo-1'), value: serializeSettingsProperty({ enabled: false }, ADMIN, '2026-11-01T00:00:00.000Z') }]);
    const { host } = agent(root, {}, azure);
    assert.deepEqual(await runTask(host), { result: 'Succeeded', message: 'Scanning is switched off for this repository.', outcome: 'skipped' });
  });

  it('applies the project\'s failOn when connected, and closes with the REST call count', async () => {
    const azure = fakeAzure([{ name: settingsRepoKey('repo-1'), value: serializeSettingsProperty({ failOn: 'none' }, ADMIN, '2026-11-01T00:00:00.000Z') }]);
    const { host, lines } = agent(root, {}, azure);
    const r = await runTask(host);
    assert.equal(r.outcome, 'succeededWithIssues', 'the administrators\' failOn: none fails nothing');
    assert.match(lines.join('\n'), /Azure DevOps REST calls: 3 \(0 retried\)\./);
  });

  it('skips a managed run where managed scanning is not enabled', async () => {
    const { host } = agent(root, { managed: 'true' }, fakeAzure([]));
    const r = await runTask(host);
    assert.deepEqual([r.result, r.outcome], ['Succeeded', 'skipped']);
    assert.match(r.message, /Managed scanning is not enabled for repository app/);
  });
});
