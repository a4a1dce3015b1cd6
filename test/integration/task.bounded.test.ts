/**
 * PalisadeScan@1 end to end with a custom rule that backtracks catastrophically: the rule is
 * stopped per file under its budget and the PR gets its final status, and when the budget is out
 * of reach, timeoutMinutes stops the stuck scan and the PR status ends as `error`, never pending.
 */
import assert from 'node:assert/strict';
import type { AgentRun } from '../support/agentShim';
import { assertRun, gitCheckout, prBuild, prStatuses, runTask, taskSuite } from './taskHarness';
import { BACKTRACKING_LINE, BACKTRACKING_RULE_CONFIG } from '../support/scanFixtures';


describe('PalisadeScan@1 against the emulator: a custom rule that backtracks forever', function () {
  this.timeout(180_000);
  const suite = taskSuite();
  const emu = () => suite.emulator;

  async function prRun(env: Record<string, string>, inputs: Record<string, string> = {}): Promise<AgentRun> {
    const checkout = gitCheckout(suite.tempDir());
    checkout.pushToPr({ '.palisade.yml': BACKTRACKING_RULE_CONFIG, 'docs/stuck.txt': BACKTRACKING_LINE });
    return runTask(emu(), { buildId: prBuild(emu()).id, sourcesDirectory: checkout.dir, workDirectory: suite.tempDir(), inputs: { failOn: 'high', scanners: 'secrets', ...inputs }, env });
  }

  it('stops the rule on the file past its budget, says so by rule and file, and finishes the PR status', async () => {
    const run = await prRun({ PALISADE_RULE_BUDGET_MS: '300' });
    assertRun(run, run.result === 'Failed', 'the verdict is the scan\'s: the PR still adds a critical secret');
    assert.equal(run.resultMessage, '1 new finding at or above high: 1 critical');
    assert.match(run.logText, /docs\/stuck\.txt: Custom rule acme-token ran longer than 300 ms on this file and was stopped; the file was scanned without it\./);
    assert.deepEqual(prStatuses(emu()).map((s) => s.state), ['pending', 'failed']);
  });

  it('timeoutMinutes stops a scan stuck in the rule: the task fails (or ends with issues) and the PR status ends as error', async () => {
    const env = { PALISADE_RULE_BUDGET_MS: '600000', PALISADE_SCAN_TIMEOUT_MS: '3000' };
    const failed = await prRun(env);
    assertRun(failed, failed.result === 'Failed', 'a stopped scan fails the task');
    assert.match(failed.resultMessage ?? '', /the scan did not finish within 3000 ms \(timeoutMinutes\) and was stopped/);
    const statuses = prStatuses(emu());
    assert.deepEqual(statuses.map((s) => s.state), ['pending', 'error']);
    assert.match(statuses[1].description ?? '', /^Palisade could not complete the scan: .*did not finish within 3000 ms/);

    emu().store.reset();
    const lenient = await prRun(env, { continueOnScannerError: 'true' });
    assertRun(lenient, lenient.result === 'SucceededWithIssues', 'continueOnScannerError turns the failure into issues');
    assert.deepEqual(prStatuses(emu()).map((s) => s.state), ['pending', 'error'], 'the PR is still told the scan did not complete');
  });
});
