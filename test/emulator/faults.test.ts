/**
 * Fault injection as the clients see it: throttling with its headers, 5xx, latency, dropped
 * connections, rule targeting and counting, rules from the environment and over HTTP.
 */
import assert from 'node:assert/strict';
import { GitStatusState } from 'azure-devops-node-api/interfaces/GitInterfaces';
import { faultRulesFromEnv } from './faults';
import { startEmulator } from './index';
import { browserClients, call, nodeConnection } from './testing/clients';
import { emulatorFixture } from './testing/fixture';

const PROJECT = 'Palisade Demo';
const REPO = 'web-shop';
const status = { state: GitStatusState.Pending, context: { genre: 'palisade', name: 'security-scan' } };

interface ClientError {
  statusCode?: number;
  status?: number;
  code?: string;
  message?: string;
  rateLimit?: { retryAfter?: number; resource?: string; limit?: number; remaining?: number; reset?: number; delay?: number };
}

describe('emulator: fault injection', () => {
  const fixture = emulatorFixture();
  const emu = () => fixture.emulator;
  const git = () => nodeConnection(emu()).getGitApi();

  it('throttles with 429, Retry-After and X-RateLimit-* headers that the node client reports', async () => {
    const api = await git();
    const rule = emu().faults.rateLimit({ method: 'POST', path: '**/pullRequests/*/statuses', count: 1, retryAfter: 3 });
    const before = Math.floor(Date.now() / 1000);
    const error = await api.createPullRequestStatus(status, REPO, 1, PROJECT).then(() => undefined, (e: ClientError) => e);
    assert.equal(error?.statusCode, 429);
    assert.equal(error?.rateLimit?.retryAfter, 3);
    assert.equal(error?.rateLimit?.resource, 'ATCPU');
    assert.equal(error?.rateLimit?.remaining, 0);
    assert.ok((error?.rateLimit?.reset ?? 0) >= before + 3);
    assert.equal((emu().requestLog.entries.at(-1)?.responseBody as { typeKey: string }).typeKey, 'RequestBlockedException');
    assert.equal(rule.hits, 1);
    const created = await api.createPullRequestStatus(status, REPO, 1, PROJECT);
    assert.equal(created.id, 1, 'the throttled call changed nothing; the retry succeeds');
  });

  it('shows the throttling headers to the browser client (CORS exposes them)', async () => {
    emu().faults.rateLimit({ path: '**/pullRequests/1', count: 1, retryAfter: 2 });
    await assert.rejects(browserClients(emu()).git.getPullRequest(emu().store.repository(REPO).id, 1, PROJECT),
      (e: ClientError) => e.status === 429);
    emu().faults.rateLimit({ count: 1, retryAfter: 2 });
    const res = await call(emu(), 'GET', `${PROJECT}/_apis/git/repositories?api-version=7.1`, { headers: { origin: 'http://localhost:3000' } });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '2');
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /Retry-After.*X-RateLimit-Reset/);
  });

  it('answers 500 or 503 (with Retry-After) to the matching requests only, for as many as asked', async () => {
    const api = await git();
    emu().faults.serverError(503, { method: 'GET', path: '**/_apis/git/repositories', count: 2, retryAfter: 1 });
    for (let i = 0; i < 2; i++) {
      await assert.rejects(api.getRepositories(PROJECT), (e: ClientError) => e.statusCode === 503);
    }
    assert.equal((await api.getRepository(REPO, PROJECT)).name, REPO, 'another path is not affected');
    assert.equal((await api.getRepositories(PROJECT)).length, 4, 'the rule is used up');
    const failures = emu().requestLog.filter((e) => e.fault === 'status');
    assert.deepEqual(failures.map((e) => e.status), [503, 503]);

    emu().faults.serverError(500, { path: '**/pullRequests/1', skip: 1, count: 1 });
    await api.getPullRequest(REPO, 1, PROJECT);
    await assert.rejects(api.getPullRequest(REPO, 1, PROJECT), (e: ClientError) => e.statusCode === 500);
    await api.getPullRequest(REPO, 1, PROJECT);
  });

  it('adds latency to matching requests', async () => {
    const core = await nodeConnection(emu()).getCoreApi();
    await core.getProjects();
    emu().faults.latency(150, { path: '**/_apis/projects' });
    const started = Date.now();
    await core.getProjects();
    assert.ok(Date.now() - started >= 150, 'no answer before the injected delay');
    const delayed = emu().requestLog.filter('core.projects.list').at(-1);
    assert.equal(delayed?.fault, 'latency');
    assert.ok((delayed?.durationMs ?? 0) >= 150);
  });

  it('drops connections without an answer', async () => {
    const api = await git();
    emu().faults.dropConnection({ path: '**/pullRequests/1', count: 1 });
    await assert.rejects(api.getPullRequest(REPO, 1, PROJECT), (e: ClientError) => /socket hang up|ECONNRESET/i.test(`${e.code} ${e.message}`));
    const dropped = emu().requestLog.entries.at(-1);
    assert.deepEqual([dropped?.status, dropped?.fault], [0, 'drop']);
    assert.equal((await api.getPullRequest(REPO, 1, PROJECT)).pullRequestId, 1);
  });

  it('reads rules from PALISADE_EMULATOR_FAULTS and PALISADE_EMULATOR_LATENCY_MS', async () => {
    const rules = faultRulesFromEnv({
      PALISADE_EMULATOR_FAULTS: JSON.stringify([{ kind: 'status', status: 503, path: '**/_apis/projects', count: 1 }, { kind: 'etagConflict' }]),
      PALISADE_EMULATOR_LATENCY_MS: '20',
    });
    assert.deepEqual(rules.map((r) => r.kind), ['status', 'etagConflict', 'latency']);
    assert.ok(rules[1].path, 'etag conflicts target extension data writes by default');
    assert.throws(() => faultRulesFromEnv({ PALISADE_EMULATOR_FAULTS: '{"kind":"status"}' }), /JSON array/);
    assert.throws(() => faultRulesFromEnv({ PALISADE_EMULATOR_FAULTS: '[{"kind":"explode"}]' }), /kind must be one of/);

    const saved = process.env.PALISADE_EMULATOR_FAULTS;
    process.env.PALISADE_EMULATOR_FAULTS = JSON.stringify([{ kind: 'status', status: 500, path: '**/_apis/projects', count: 1 }]);
    const fromEnv = await startEmulator();
    try {
      assert.equal((await call(fromEnv, 'GET', '_apis/projects?api-version=7.1')).status, 500);
      assert.equal((await call(fromEnv, 'GET', '_apis/projects?api-version=7.1')).status, 200);
    } finally {
      if (saved === undefined) delete process.env.PALISADE_EMULATOR_FAULTS;
      else process.env.PALISADE_EMULATOR_FAULTS = saved;
      await fromEnv.stop();
    }
  });

  it('takes rules over HTTP at /_emulator/faults, for processes that do not share memory', async () => {
    const add = await fetch(`${emu().url}/_emulator/faults`, {
      method: 'POST', body: JSON.stringify({ kind: 'rateLimit', path: '**/_apis/projects', count: 1, retryAfter: 5 }),
    });
    assert.equal(add.status, 200);
    const throttled = await call(emu(), 'GET', '_apis/projects?api-version=7.1');
    assert.deepEqual([throttled.status, throttled.headers.get('retry-after')], [429, '5']);
    const listed = await (await fetch(`${emu().url}/_emulator/faults`)).json() as Array<{ hits: number; exhausted: boolean }>;
    assert.deepEqual(listed.map((f) => [f.hits, f.exhausted]), [[1, true]]);
    const bad = await fetch(`${emu().url}/_emulator/faults`, { method: 'POST', body: '{"kind":"nope"}' });
    assert.equal(bad.status, 400);
    await fetch(`${emu().url}/_emulator/faults`, { method: 'DELETE' });
    assert.equal(emu().faults.list().length, 0);
  });
});
