/**
 * PalisadeScan@1 end to end under a misbehaving Azure DevOps: rate limiting, server errors,
 * dropped connections, and concurrent runs racing on the same repository's documents.
 */
import assert from 'node:assert/strict';
import { collections, documentIds, type ScanRecordDoc } from '../../tasks/contract/storage';
import type { AgentRun } from '../support/agentShim';
import {
  assertRun, branchBuild, document, gitCheckout, materialise, PR_ID, prBuild, prStatuses, prThreads, REPO, runTask, storedScan, taskSuite,
} from './taskHarness';

describe('PalisadeScan@1 against the emulator: throttling, errors and races', function () {
  const suite = taskSuite();
  const emu = () => suite.emulator;
  const INPUTS = { failOn: 'high', scanners: 'secrets' };

  async function prRun(): Promise<AgentRun> {
    const checkout = gitCheckout(suite.tempDir());
    return runTask(emu(), { buildId: prBuild(emu()).id, sourcesDirectory: checkout.dir, workDirectory: suite.tempDir(), inputs: INPUTS });
  }

  /** The PR's expected end state, whatever the weather. */
  function assertPrOutcome(run: AgentRun): void {
    assertRun(run, run.result === 'Failed', 'the verdict is the scan\'s');
    assert.equal(run.resultMessage, '1 new finding at or above high: 1 critical');
    assert.deepEqual(prStatuses(emu()).map((s) => s.state), ['pending', 'failed'], 'each status posted once');
    assert.equal(prThreads(emu()).length, 1, 'one thread, not one per attempt');
    assert.deepEqual(run.artifacts, ['CodeAnalysisLogs']);
    assert.equal(storedScan(emu(), `pr/${PR_ID}`).record.newFindings, 1);
  }

  it('rides out a 429 storm, honouring Retry-After, and says so in the log', async () => {
    const storm = emu().faults.rateLimit({ count: 2, retryAfter: 1 });
    const status = emu().faults.rateLimit({ method: 'POST', path: '**/pullRequests/*/statuses', count: 1, retryAfter: 1 });
    const write = emu().faults.rateLimit({ method: 'POST', path: '**/Data/Scopes/**', count: 1, retryAfter: 1 });
    const run = await prRun();
    assertPrOutcome(run);
    assert.ok(storm.exhausted && status.exhausted && write.exhausted, 'every throttle was hit');
    const throttled = run.requests.filter((r) => r.status === 429);
    assert.equal(throttled.length, 4);
    // Each throttled request was repeated and then served.
    for (const t of throttled) {
      assert.ok(run.requests.some((r) => r.seq > t.seq && r.method === t.method && r.url === t.url && r.status < 400), `${t.method} ${t.route} was retried to success`);
    }
    assert.equal((run.logText.match(/Azure DevOps throttled /g) ?? []).length, 4, 'each throttle is logged once');
    assert.match(run.logText, /Azure DevOps throttled POST \/[^ ]+\/pullRequests\/7\/statuses \(429, resource ATCPU\) at \d\d:\d\d:\d\d; waiting 1 s as Retry-After asks \(retry 1\)\./);
    assert.match(run.logText, /Azure DevOps REST calls: \d+ \(4 retried, 4 s throttled\)\./);
  });

  it('retries 502/503/504 and idempotent 500s with backoff, survives a dropped connection, and keeps the result when a write fails', async () => {
    const faults = [
      emu().faults.serverError(503, { path: '**/ResourceAreas', count: 2 }),
      emu().faults.serverError(500, { method: 'GET', path: '**/pullRequests/*/iterations', count: 1 }),
      emu().faults.dropConnection({ method: 'GET', path: '**/pullRequests/*/threads', count: 1 }),
      emu().faults.serverError(502, { method: 'POST', path: '**/pullRequests/*/statuses', count: 1 }),
      emu().faults.serverError(504, { method: 'POST', path: '**/Data/Scopes/**', count: 1 }),
    ];
    const run = await prRun();
    assertPrOutcome(run);
    assert.ok(faults.every((f) => f.exhausted), 'every fault was hit');
    assert.match(run.logText, /Azure DevOps: HTTP 503 on GET \/[^ ]+\/ResourceAreas; retrying in \d+ ms \(retry 2\)\./);
    assert.match(run.logText, /Azure DevOps: (ECONNRESET|connection dropped) on GET [^ ]+\/threads; retrying/);
    assert.match(run.logText, /Azure DevOps REST calls: \d+ \(6 retried\)\./);

    // A 500 on a write may have been processed: it is not repeated, and the scan result survives.
    emu().store.reset();
    emu().requestLog.clear();
    emu().faults.clear();
    const failing = emu().faults.serverError(500, { method: 'POST', path: '**/pullRequests/*/threads', count: 1 });
    const degraded = await prRun();
    assertRun(degraded, degraded.result === 'Failed' && degraded.resultMessage === '1 new finding at or above high: 1 critical', 'same verdict without the thread');
    assert.equal(failing.hits, 1);
    assert.equal(degraded.requests.filter((r) => r.method === 'POST' && /\/pullRequests\/7\/threads$/.test(r.path)).length, 1, 'a non-idempotent POST that got a 500 is not repeated');
    assert.ok(degraded.issues.some((i) => i.type === 'warning' && /^Could not update pull request comments: HTTP 500/.test(i.message)), 'the failure is a warning');
    assert.deepEqual(degraded.artifacts, ['CodeAnalysisLogs'], 'the SARIF still comes out');
    assert.deepEqual(prStatuses(emu()).map((s) => s.state), ['pending', 'failed'], 'the status still comes out');
    assert.ok(storedScan(emu(), `pr/${PR_ID}`).record, 'the hub still gets the scan');
  });

  it('loses nothing when concurrent runs race on the same repository\'s documents, with injected etag conflicts', async function () {
    // Several task processes at once: on a loaded 2-core machine this outgrows the default 30 s.
    this.timeout(120_000);
    const dataDocs = `**/Collections/${collections.repo(REPO.id)}/Documents`;
    // First a scan of main, whose first document create finds the id taken (as after a retried
    // run, or a racing one): the task overwrites its own document instead of giving up.
    const createConflict = emu().faults.etagConflicts(1, { method: 'POST', path: dataDocs });
    const seedBuild = branchBuild(emu());
    const seeded = await runTask(emu(), { buildId: seedBuild.id, sourcesDirectory: materialise(emu(), suite.tempDir(), seedBuild.sourceVersion), workDirectory: suite.tempDir(), inputs: INPUTS });
    assertRun(seeded, seeded.result === 'Failed' && !seeded.issues.some((i) => /Security hub/.test(i.message)), 'the first main build published despite the conflict');
    assert.equal(createConflict.hits, 1);
    const first = storedScan(emu(), 'main').record.scanId;

    // Then three runs at once, each updating the same summary; some updates lose a race
    // (injected, on top of any real ones the slow writes provoke): re-read, merge, retry.
    const summaryConflicts = emu().faults.etagConflicts(3, { method: 'PATCH', path: dataDocs });
    emu().faults.latency(150, { method: 'PATCH', path: dataDocs });
    const main = branchBuild(emu());
    const feature = branchBuild(emu(), 'refs/heads/feature/payments');
    const pr = prBuild(emu());
    const checkout = gitCheckout(suite.tempDir());
    const runs = await Promise.all([
      runTask(emu(), { buildId: main.id, sourcesDirectory: materialise(emu(), suite.tempDir(), main.sourceVersion), workDirectory: suite.tempDir(), inputs: INPUTS }),
      runTask(emu(), { buildId: feature.id, sourcesDirectory: materialise(emu(), suite.tempDir(), feature.sourceVersion), workDirectory: suite.tempDir(), inputs: INPUTS }),
      runTask(emu(), { buildId: pr.id, sourcesDirectory: checkout.dir, workDirectory: suite.tempDir(), inputs: INPUTS }),
    ]);
    for (const run of runs) {
      assertRun(run, run.result === 'Failed', 'each run keeps its verdict');
      assert.ok(!run.issues.some((i) => i.type === 'warning' && /Security hub/.test(i.message)), `no publishing warning: ${run.issues.map((i) => i.message).join(' | ')}`);
    }
    assert.equal(summaryConflicts.hits, 3, 'every injected conflict was hit');

    const coll = collections.repo(REPO.id);
    const summary = storedScan(emu(), 'main').summary;
    const scanIds = [main, feature, pr].map((b) => `${b.id}-1-12f1170f`);
    assert.deepEqual(Object.keys(summary.refs).sort(), ['feature/payments', 'main', `pr/${PR_ID}`]);
    assert.equal(summary.refs.main.scanId, scanIds[0], 'main points at the newer main scan');
    assert.equal(summary.refs['feature/payments'].scanId, scanIds[1]);
    assert.equal(summary.refs[`pr/${PR_ID}`].scanId, scanIds[2]);
    assert.deepEqual([...summary.history].sort(), [...scanIds, first].sort(), 'every scan is in the history');
    for (const id of scanIds) {
      const record = document<ScanRecordDoc>(emu(), coll, documentIds.scan(id));
      assert.ok(record, `scan record ${id}`);
      for (let i = 0; i < record.findingsPages; i++) assert.ok(document(emu(), coll, documentIds.findingsPage(id, i)), `findings page ${i} of ${id}`);
      for (let i = 0; i < record.logChunks; i++) assert.ok(document(emu(), coll, documentIds.logChunk(id, i)), `log chunk ${i} of ${id}`);
    }
    assert.ok(document(emu(), coll, documentIds.scan(first)), 'the earlier main scan stays in the history');
    for (const ref of ['main', 'feature/payments', `pr/${PR_ID}`]) assert.ok(storedScan(emu(), ref).pages.flatMap((p) => p.findings).length > 0, `${ref} has its findings`);
  });
});
