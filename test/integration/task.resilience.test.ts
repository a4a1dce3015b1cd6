/**
 * PalisadeScan@1 end to end under a misbehaving Azure DevOps: rate limiting, server errors,
 * dropped connections, concurrent runs whose reads of earlier results are slow, and a run killed
 * half-way: none of them corrupts history, because nothing is read-modified-written.
 */
import assert from 'node:assert/strict';
import type { AgentRun } from '../support/agentShim';
import {
  assertRun, branchBuild, buildRecords, gitCheckout, materialise, PR_ID, prBuild, prStatuses, prThreads, runTask, storedScan, taskSuite,
} from './taskHarness';

describe('PalisadeScan@1 against the emulator: throttling, errors and races', function () {
  // Several task runs per test on a shared machine.
  this.timeout(180_000);
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
    assert.equal(storedScan(emu(), `pr/${PR_ID}`).record.scan.newFindings, 1);
  }

  it('rides out a 429 storm, honouring Retry-After, and says so in the log', async () => {
    const storm = emu().faults.rateLimit({ count: 2, retryAfter: 1 });
    const status = emu().faults.rateLimit({ method: 'POST', path: '**/pullRequests/*/statuses', count: 1, retryAfter: 1 });
    const write = emu().faults.rateLimit({ method: 'GET', path: '**/_apis/projects/*/properties', count: 1, retryAfter: 1 });
    const run = await prRun();
    assertPrOutcome(run);
    assert.ok(storm.exhausted && status.exhausted && write.exhausted, 'every throttle was hit');
    const throttled = run.requests.filter((r) => r.status === 429);
    assert.equal(throttled.length, 4);
    // Each throttled request was repeated and then served.
    for (const t of throttled) {
      assert.ok(run.requests.some((r) => r.seq > t.seq && r.method === t.method && r.url === t.url && r.status < 400), `${t.method} ${t.route} was retried to success`);
    }
    assert.equal((run.logText.match(/Azure DevOps: rate limited on /g) ?? []).length, 4, 'each retry is logged');
    assert.match(run.logText, /Azure DevOps: rate limited on POST \/[^ ]+\/pullRequests\/7\/statuses; retrying in 1 s \(retry 1\)\./);
    assert.match(run.logText, /Azure DevOps REST calls: \d+ \(4 retried, 4 s throttled\)\./);
  });

  it('retries 502/503/504 and idempotent 500s with backoff, survives a dropped connection, and keeps the result when a write fails', async () => {
    const faults = [
      emu().faults.serverError(503, { path: '**/ResourceAreas', count: 2 }),
      emu().faults.serverError(500, { method: 'GET', path: '**/pullRequests/*/iterations', count: 1 }),
      emu().faults.dropConnection({ method: 'GET', path: '**/pullRequests/*/threads', count: 1 }),
      emu().faults.serverError(502, { method: 'POST', path: '**/pullRequests/*/statuses', count: 1 }),
      emu().faults.serverError(504, { method: 'GET', path: '**/_apis/build/builds/*/artifacts', count: 1 }),
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
    assert.ok(storedScan(emu(), `pr/${PR_ID}`).record, 'the scan record still comes out');
  });

  function mainRun(extra: Partial<Parameters<typeof runTask>[1]> = {}): { build: ReturnType<typeof branchBuild>; run: Promise<AgentRun> } {
    const build = branchBuild(emu());
    const run = runTask(emu(), { buildId: build.id, sourcesDirectory: materialise(emu(), suite.tempDir(), build.sourceVersion), workDirectory: suite.tempDir(), inputs: INPUTS, ...extra });
    return { build, run };
  }
  const mainFinding = (buildId: number) => {
    const records = buildRecords(emu(), buildId);
    assert.equal(records.length, 1, `build ${buildId} has one record`);
    const open = records[0].record.findings.filter((f) => f.state === 'open');
    assert.equal(open.length, 1);
    return { scan: records[0].record.scan, finding: open[0] };
  };

  it('keeps first-seen dates and reports nothing old as new when runs publish concurrently and one reads earlier results late', async function () {
    this.timeout(240_000);
    const seed = mainRun();
    assertRun(await seed.run, true, 'seed run');
    const first = mainFinding(seed.build.id);
    assert.equal(first.scan.newFindings, 1, 'the first scan of main: its finding is new');
    assert.equal(first.finding.firstSeenBuildId, seed.build.id);

    // Two runs at once; the first list of earlier builds answers late, while the other run publishes.
    const slow = emu().faults.latency(1500, { method: 'GET', path: '**/_apis/build/builds', count: 1 });
    const a = mainRun();
    const b = mainRun();
    const [ra, rb] = await Promise.all([a.run, b.run]);
    assert.equal(slow.hits, 1, 'one history read was delayed');
    for (const [run, build] of [[ra, a.build], [rb, b.build]] as const) {
      assertRun(run, run.result === 'Failed', 'same verdict');
      const { scan, finding } = mainFinding(build.id);
      assert.equal(scan.history, 'derived');
      assert.equal(finding.firstSeenAt, first.finding.firstSeenAt, `build ${build.id} keeps the first-seen date`);
      assert.equal(finding.firstSeenBuildId, seed.build.id);
      assert.equal(finding.isNew, false);
      assert.equal(scan.newFindings, 0, 'nothing old is reported as new');
    }

    // A read slower than the task waits: history is unavailable, not reset.
    emu().faults.latency(3000, { method: 'GET', path: '**/_apis/build/builds', count: 1 });
    const late = mainRun({ env: { PALISADE_HISTORY_TIMEOUT_MS: '300' } });
    const lateRun = await late.run;
    assertRun(lateRun, lateRun.result === 'Failed', 'the verdict does not depend on history');
    assert.match(lateRun.logText, /Earlier results: not read within 300 ms; first-seen dates stay unknown/);
    const unavailable = mainFinding(late.build.id);
    assert.equal(unavailable.scan.history, 'unavailable');
    assert.equal(unavailable.finding.firstSeenAt, undefined, 'unknown, never "now"');
    assert.equal(unavailable.scan.newFindings, 0);

    // The next run looks past the record without history and finds the first date again.
    const next = mainRun();
    assertRun(await next.run, true, 'next run');
    const after = mainFinding(next.build.id);
    assert.equal(after.finding.firstSeenAt, first.finding.firstSeenAt);
    assert.equal(after.scan.newFindings, 0);
    assert.equal(after.scan.historyFrom?.[0], late.build.id, 'it read the newest record first');
  });

  it('a run killed after scanning leaves earlier results intact and the next run correct', async function () {
    this.timeout(180_000);
    const seed = mainRun();
    assertRun(await seed.run, true, 'seed run');
    const before = JSON.stringify(buildRecords(emu(), seed.build.id));

    emu().faults.latency(2000, { method: 'GET', path: '**/_apis/build/builds', count: 1 });
    const killed = mainRun({ killWhen: /Dismissals honoured: / });
    const dead = await killed.run;
    assert.equal(dead.exitCode, null, 'the process was killed');
    assert.equal(dead.result, undefined, 'it never finished');
    assert.match(dead.stdout, /Dismissals honoured: /, 'it was killed after scanning');
    const build = emu().store.data.builds.find((b) => b.id === killed.build.id);
    assert.deepEqual([build?.tags, build?.artifacts], [[], []], 'no tag, no artifact, no record');
    assert.equal(JSON.stringify(buildRecords(emu(), seed.build.id)), before, 'the earlier record is untouched');

    const next = mainRun();
    const nextRun = await next.run;
    assertRun(nextRun, nextRun.result === 'Failed', 'the next run is judged normally');
    const after = mainFinding(next.build.id);
    assert.equal(after.scan.history, 'derived');
    assert.deepEqual(after.scan.historyFrom, [seed.build.id], 'history comes from the last complete run');
    assert.equal(after.finding.firstSeenAt, mainFinding(seed.build.id).finding.firstSeenAt);
    assert.equal(after.scan.newFindings, 0);
  });
});
