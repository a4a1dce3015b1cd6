/**
 * Shared fixtures of the task's end-to-end tests (test/integration/task.*.test.ts): an emulated
 * organisation with a repository `secure-app` and a pull request into it, a matching local Git
 * checkout (HEAD = the PR's merge commit), materialised checkouts without history, readers of
 * the scan records the task published in builds, and what administrators and reviewers do
 * (project properties, PR replies) and what a contributor may try (extension data).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as azdev from 'azure-devops-node-api';
import { Operation } from 'azure-devops-node-api/interfaces/common/VSSInterfaces';
import { DATA_SCOPE, EXTENSION_ID, PUBLISHER_ID } from '../../tasks/contract/extension';
import { settingsPatch, settingsRepoKey, SETTINGS_DEFAULTS_KEY, triagePatch, type ScanSettings, type TriageEntry } from '../../tasks/contract/projectSettings';
import { PALISADE_BUILD_TAG, parseScanRecord, SCAN_RECORD_FILE, type ScanRecordFile } from '../../tasks/contract/scanRecord';
import type { DismissReason } from '../../tasks/contract/triage';
import { startEmulator, type Emulator, type EmulatorOptions, type SeedData } from '../emulator/index';
import { defaultSeed } from '../emulator/seed';
import type { BuildRecord, ThreadRecord } from '../emulator/state';
import { runTaskAsAgent, type AgentOptions, type AgentRun } from '../support/agentShim';
import { FAKE } from '../support/tmpTree';

export const PROJECT = 'Palisade Demo';
export const REPO = { id: '5b0c6d0e-7a51-4c42-9d8e-2f1f6c3a9b77', name: 'secure-app' };
export const PR_ID = 7;
export const TARGET = 'refs/heads/main';
export const SOURCE = 'refs/heads/feature/payments';

/** The secret on the target branch before the PR (in a file the PR edits). */
export const OLD_SECRET = FAKE.githubPat;
/** The secret the PR adds. */
export const NEW_SECRET = FAKE.githubPat2;

/** A medium-severity JWT, assembled at run time so no token-shaped literal is in the repository. */
export const JWT = [
  { alg: 'HS256', typ: 'JWT' },
  { sub: 'svc-reporting', role: 'admin', iat: 1716200000 },
].map((p) => Buffer.from(JSON.stringify(p)).toString('base64url')).join('.') + '.' + 'i4JA1MPAoUmTOOqHKp34bJ6rnLQ_4EOBh3X2FziHc0P';

type Files = Record<string, string | null>;

/** The repository's history, shared by the emulator seed and the local Git checkout. */
export const HISTORY: { main1: Files; pr1: Files; main2: Files } = {
  main1: {
    'README.md': '# secure-app\n\nA small service.\n',
    'src/config.js': ['// Settings', "const name = 'shop';", `const legacyToken = "${OLD_SECRET}";`, 'module.exports = { name, legacyToken };', ''].join('\n'),
    'src/util.js': 'export const add = (a, b) => a + b;\n',
  },
  // The PR edits the file holding the old secret (moving it down a line) and adds a new one.
  pr1: {
    'src/config.js': ['// Settings', "const region = 'eu';", "const name = 'shop';", `const legacyToken = "${OLD_SECRET}";`, 'module.exports = { name, region, legacyToken };', ''].join('\n'),
    'src/payments.js': ['// Payments client', "const endpoint = 'https://payments.example';", `const apiToken = "${NEW_SECRET}";`, 'module.exports = { endpoint, apiToken };', ''].join('\n'),
  },
  // The target branch moved on after the PR branched.
  main2: { 'README.md': '# secure-app\n\nA small service. See docs/.\n' },
};

/** Line of the new secret in src/payments.js. */
export const NEW_SECRET_LINE = 3;

const slash = (files: Files): Files => Object.fromEntries(Object.entries(files).map(([p, c]) => [`/${p}`, c]));

/** The default organisation plus `secure-app` (main, feature/payments) and PR 7 between them. */
export function taskSeed(): SeedData {
  const seed = structuredClone(defaultSeed);
  seed.repositories.push({
    id: REPO.id,
    name: REPO.name,
    project: PROJECT,
    defaultBranch: TARGET,
    commits: [
      { key: 'main-1', parents: [], author: 'admin', date: '2026-01-05T09:00:00Z', comment: 'Initial service', files: slash(HISTORY.main1) },
      { key: 'pr-1', parents: ['main-1'], author: 'contributor', date: '2026-01-06T10:00:00Z', comment: 'Payments client', files: slash(HISTORY.pr1) },
      { key: 'main-2', parents: ['main-1'], author: 'admin', date: '2026-01-06T12:00:00Z', comment: 'Docs link', files: slash(HISTORY.main2) },
    ],
    refs: { [TARGET]: 'main-2', [SOURCE]: 'pr-1' },
  });
  seed.pullRequests.push({
    pullRequestId: PR_ID,
    repository: REPO.name,
    title: 'Payments client',
    description: 'Adds the payments client.',
    createdBy: 'contributor',
    creationDate: '2026-01-06T10:05:00Z',
    sourceRefName: SOURCE,
    targetRefName: TARGET,
    mergeId: '0c7d1e44-3b9a-4f0e-8a57-6d2c1b9e8f10',
    iterations: [{ source: 'pr-1', target: 'main-2', date: '2026-01-06T12:05:00Z' }],
  });
  return seed;
}

/* ------------------------------------------------------------------ emulator per suite */

export interface TaskSuite {
  readonly emulator: Emulator;
  /** Temporary folders of the current test, removed after it. */
  tempDir(prefix?: string): string;
}

/**
 * One emulator per describe() with the task seed, reset before each test; temp folders cleaned
 * after each. Extension data refuses the job token (host authorization on, as in the service):
 * the task must not need it.
 */
export function taskSuite(options: Pick<EmulatorOptions, 'checkHostAuthorization' | 'serverVersion'> = {}): TaskSuite {
  let emulator: Emulator | undefined;
  let dirs: string[] = [];
  before(async () => {
    emulator = await startEmulator({ seed: taskSeed(), faultsFromEnv: false, ...options });
  });
  after(async () => {
    await emulator?.stop();
  });
  beforeEach(() => {
    emulator?.store.reset();
    emulator?.faults.clear();
    emulator?.requestLog.clear();
  });
  afterEach(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
  });
  return {
    get emulator() {
      if (!emulator) throw new Error('the emulator is not started yet');
      return emulator;
    },
    tempDir(prefix = 'palisade-task-') {
      const d = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(d);
      return d;
    },
  };
}

/* ------------------------------------------------------------------ checkouts */

/** git in `cwd` with a fixed identity and no user or system configuration. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: cwd },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

export function writeFiles(root: string, files: Files): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    if (content === null) rmSync(abs, { force: true });
    else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    }
  }
}

function commitAll(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

export interface GitCheckout {
  dir: string;
  /** Adds a commit to the PR branch and re-checks out a fresh merge commit, as the next PR build would. */
  pushToPr(files: Files): void;
}

/**
 * A clone as a PR build checks it out: HEAD is the merge commit of the PR branch into the target
 * (first parent: the target branch, with the old secret; second: the PR branch).
 */
export function gitCheckout(dir: string): GitCheckout {
  git(dir, 'init', '-q', '-b', 'main');
  writeFiles(dir, HISTORY.main1);
  commitAll(dir, 'Initial service');
  git(dir, 'checkout', '-q', '-b', 'feature/payments');
  writeFiles(dir, HISTORY.pr1);
  commitAll(dir, 'Payments client');
  git(dir, 'checkout', '-q', 'main');
  writeFiles(dir, HISTORY.main2);
  const main = commitAll(dir, 'Docs link');
  const merge = (): void => {
    git(dir, 'checkout', '-q', '--detach', main);
    git(dir, 'merge', '-q', '--no-ff', '-m', `Merge pull request ${PR_ID} from feature/payments into main`, 'feature/payments');
    git(dir, 'update-ref', `refs/pull/${PR_ID}/merge`, 'HEAD');
  };
  merge();
  return {
    dir,
    pushToPr(files: Files) {
      git(dir, 'checkout', '-q', 'feature/payments');
      writeFiles(dir, files);
      commitAll(dir, 'Follow-up');
      merge();
    },
  };
}

/** Writes the files of an emulator commit into `dir`: a checkout without any Git history. */
export function materialise(emulator: Emulator, dir: string, commitId: string): string {
  const repo = emulator.store.repository(REPO.name);
  for (const [path, blob] of Object.entries(repo.commits[commitId].tree)) {
    writeFiles(dir, { [path.replace(/^\//, '')]: emulator.store.blob(blob) });
  }
  return dir;
}

/**
 * A checkout as an agent makes it with `fetchDepth: 1`: only the merge commit is fetched
 * (`git fetch --depth=1 origin +refs/pull/N/merge`), so Git is there but the merge base is not.
 */
export function shallowFetch(source: string, dir: string): string {
  git(dir, 'init', '-q');
  git(dir, 'fetch', '-q', '--depth=1', `file://${source}`, `+refs/pull/${PR_ID}/merge:refs/remotes/pull/${PR_ID}/merge`);
  git(dir, 'checkout', '-q', '--detach', `refs/remotes/pull/${PR_ID}/merge`);
  return dir;
}

/* ------------------------------------------------------------------ builds and runs */

export function branchBuild(emulator: Emulator, branch = TARGET, repository = REPO.name): BuildRecord {
  return emulator.store.createBuild({ project: PROJECT, repository, sourceBranch: branch, reason: 'individualCI' });
}

export function prBuild(emulator: Emulator): BuildRecord {
  return emulator.store.createBuild({
    project: PROJECT, repository: REPO.name, sourceBranch: `refs/pull/${PR_ID}/merge`, reason: 'pullRequest',
    triggerInfo: { 'pr.number': String(PR_ID), 'pr.sourceBranch': SOURCE, 'pr.targetBranch': TARGET },
  });
}

/** Short Azure DevOps retry waits for the task under test (the server's Retry-After still applies). */
export const FAST_RETRY = { PALISADE_RETRY_BASE_MS: '5' };

export function runTask(emulator: Emulator, opts: Omit<AgentOptions, 'emulator'>): Promise<AgentRun> {
  return runTaskAsAgent({ emulator, ...opts, env: { ...FAST_RETRY, ...opts.env } });
}

/** Fails with the task's log when `cond` is false, so a broken scenario says why. */
export function assertRun(run: AgentRun, cond: boolean, what: string): void {
  assert.ok(cond, `${what}\n--- task log ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`);
}

/* ------------------------------------------------------------------ what the task published */

export interface StoredScan {
  buildId: number;
  record: ScanRecordFile;
  /** The record file as uploaded (to look for secrets). */
  raw: string;
}

/** Scan records in a build's container (every artifact, every attempt), read from the emulator's state. */
export function buildRecords(emulator: Emulator, buildId: number): StoredScan[] {
  const build = emulator.store.data.builds.find((b) => b.id === buildId);
  if (!build) return [];
  const container = emulator.store.data.containers.find((c) => c.id === build.containerId);
  return Object.values(container?.items ?? {})
    .filter((i) => i.itemType === 'file' && i.path.endsWith(`/${SCAN_RECORD_FILE}`))
    .map((i) => {
      const raw = Buffer.from(i.content ?? '', 'base64').toString('utf8');
      return { buildId, record: parseScanRecord(raw, `build ${buildId}'s ${i.path}`), raw };
    });
}

/** The newest published scan of a branch key (`main`, `pr/7`): the highest build id tagged `palisade`. */
export function storedScan(emulator: Emulator, branch: string): StoredScan {
  const tagged = emulator.store.data.builds.filter((b) => b.tags.includes(PALISADE_BUILD_TAG)).sort((a, b) => b.id - a.id);
  for (const b of tagged) {
    const records = buildRecords(emulator, b.id).filter((r) => r.record.scan.branch === branch).sort((x, y) => y.record.scan.jobAttempt - x.record.scan.jobAttempt);
    if (records.length) return records[0];
  }
  assert.fail(`no build tagged ${PALISADE_BUILD_TAG} carries a scan record of ${branch}`);
}

/** Every document in the extension's data, in any collection: the task must write none. */
export function extensionDocuments(emulator: Emulator): unknown[] {
  return emulator.store.data.extensionData.filter((c) => c.extension === `${PUBLISHER_ID}.${EXTENSION_ID}`.toLowerCase()).flatMap((c) => c.documents);
}

/* ------------------------------------------------------------------ administrators, reviewers, contributors */

export const ADMIN = { id: '90a2a264-f6bb-4b81-8cb1-74d3a5dd2576', displayName: 'Avery Admin' };

function connection(emulator: Emulator, identity: string): azdev.WebApi {
  return new azdev.WebApi(emulator.orgUrl, azdev.getBearerHandler(emulator.tokens[identity]));
}

/** Writes project properties as the hub does for the signed-in user (`admin` unless said otherwise). */
export async function patchProperties(emulator: Emulator, ops: { op: 'add' | 'remove'; path: string; value?: string }[], identity = 'admin'): Promise<void> {
  const core = await connection(emulator, identity).getCoreApi();
  await core.setProjectProperties(undefined, emulator.store.project(PROJECT).id, ops.map((o) => ({ op: o.op === 'add' ? Operation.Add : Operation.Remove, path: o.path, value: o.value })));
}

/** The project defaults and the repository's settings, as an administrator saves them in the hub. */
export async function setSettings(emulator: Emulator, defaults: Partial<ScanSettings> | null, repo: Partial<ScanSettings> | null, at = new Date().toISOString()): Promise<void> {
  const ops = [
    ...(defaults ? settingsPatch(SETTINGS_DEFAULTS_KEY, defaults, ADMIN, at) : []),
    ...(repo ? settingsPatch(settingsRepoKey(REPO.id), repo, ADMIN, at) : []),
  ];
  await patchProperties(emulator, ops);
}

/** Switches scanning of `secure-app` off (or on) in the repository's settings. */
export async function setRepoEnabled(emulator: Emulator, enabled: boolean): Promise<void> {
  await setSettings(emulator, null, { enabled });
}

/** Dismisses a branch finding as an administrator (the repository's triage property). */
export async function dismissOnBranch(emulator: Emulator, finding: { fingerprint: string; ruleId: string }, reason: DismissReason = 'acceptedRisk'): Promise<void> {
  const entry: TriageEntry = { fingerprint: finding.fingerprint, ruleId: finding.ruleId, reason, comment: 'Rotated; kept for the legacy client.', by: ADMIN, at: new Date().toISOString() };
  await patchProperties(emulator, triagePatch(REPO.id, [entry]));
}

/** Replies on a PR thread as `identity` (the service records them as the author). */
export async function replyOnThread(emulator: Emulator, threadId: number, content: string, identity: string): Promise<void> {
  const git = await connection(emulator, identity).getGitApi();
  await git.createComment({ content, parentCommentId: 1 }, REPO.name, PR_ID, threadId, PROJECT);
}

/**
 * What any member of the organisation can do with the extension's token: write documents into
 * the extension's shared data (the old settings and triage layout). The task must ignore them.
 */
export async function writeExtensionData(emulator: Emulator, identity: string, collection: string, doc: { id: string; [k: string]: unknown }): Promise<void> {
  const api = await connection(emulator, identity).getExtensionManagementApi();
  await api.setDocumentByName({ ...doc, __etag: -1 }, PUBLISHER_ID, EXTENSION_ID, DATA_SCOPE.type, DATA_SCOPE.value, collection);
}

/* ------------------------------------------------------------------ pull request state */

export function prThreads(emulator: Emulator): ThreadRecord[] {
  return emulator.store.pullRequest(emulator.store.repository(REPO.name), PR_ID).threads;
}

export function prStatuses(emulator: Emulator) {
  return emulator.store.pullRequest(emulator.store.repository(REPO.name), PR_ID).statuses;
}

export const FINGERPRINT_PROPERTY = 'palisade.fingerprint';

export function threadFingerprint(t: ThreadRecord): string | undefined {
  const v = t.properties[FINGERPRINT_PROPERTY]?.$value;
  return typeof v === 'string' ? v : undefined;
}

/* ------------------------------------------------------------------ build artifacts */

/** Downloads one file of a build artifact through the REST API, as the hub or a person would (a reader by default). */
export async function downloadArtifactFile(emulator: Emulator, buildId: number, artifactName: string, file: string, identity = 'reader'): Promise<string> {
  const conn = connection(emulator, identity);
  const artifact = await (await conn.getBuildApi()).getArtifact(PROJECT, buildId, artifactName);
  assert.equal(artifact.resource?.type, 'Container', `artifact ${artifactName} is a container artifact`);
  const m = /^#\/(\d+)\/(.+)$/.exec(artifact.resource?.data ?? '');
  assert.ok(m, `artifact data ${artifact.resource?.data} points into a container`);
  const res = await (await conn.getFileContainerApi()).getItem(Number(m[1]), emulator.store.project(PROJECT).id, `${m[2]}/${file}`);
  assert.equal(res.statusCode, 200, `GET ${m[2]}/${file} from container ${m[1]}`);
  const chunks: Buffer[] = [];
  for await (const c of res.result as NodeJS.ReadableStream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

/** `GET git.pullRequests.get, POST ... x2` for the report lines the tests print. */
export function routeCounts(calls: ReadonlyArray<{ method: string; route?: string }>): string {
  const by = new Map<string, number>();
  for (const c of calls) by.set(`${c.method} ${c.route ?? '?'}`, (by.get(`${c.method} ${c.route ?? '?'}`) ?? 0) + 1);
  return [...by].map(([k, n]) => `${k}${n > 1 ? ` x${n}` : ''}`).join(', ');
}
