import assert from 'node:assert/strict';
import { adminSettings, type ScanSettings } from '../../../../tasks/contract/projectSettings';
import { PolicyError, type ProjectPolicy } from '../../../../tasks/PalisadeScanV1/context/projectPolicy';
import { managedGate, observeOnly } from '../../../../tasks/PalisadeScanV1/steps/managedRun';
import type { Verdict } from '../../../../tasks/PalisadeScanV1/steps/verdict';
import { capturedLog, pipelineContext } from '../../../support/taskFakes';

function policy(repo: Partial<ScanSettings>, sourceNote?: string): ProjectPolicy {
  const admin = adminSettings(null, { settings: repo, changedBy: { id: 'a', displayName: 'A' }, changedAt: '2026-01-01T00:00:00Z' } as never);
  return { admin, triage: [], sourceNote };
}

describe('steps/managedRun', () => {
  it('scans where an administrator enabled managed scanning, in that mode', () => {
    const { log, lines } = capturedLog();
    assert.deepEqual(managedGate(log, pipelineContext(), true, policy({ managedScan: 'observe' })), { mode: 'observe' });
    assert.match(lines.join('\n'), /Managed scan of repository app \(observe only/);
    assert.deepEqual(managedGate(capturedLog().log, pipelineContext(), true, policy({ managedScan: 'enforce' })), { mode: 'enforce' });
  });

  it('skips (succeeding, result output "skipped") when managed scanning is off or Palisade is switched off', () => {
    const { log, lines } = capturedLog();
    const off = managedGate(log, pipelineContext(), true, policy({}));
    assert.ok('skip' in off);
    assert.deepEqual([off.skip.result, off.skip.outcome], ['Succeeded', 'skipped']);
    assert.match(off.skip.message, /Managed scanning is not enabled for repository app/);
    assert.ok(lines.some((l) => /task\.setvariable variable=result;isOutput=true.*\]skipped$/.test(l)), lines.join('\n'));
    const disabled = managedGate(capturedLog().log, pipelineContext(), true, policy({ enabled: false, managedScan: 'enforce' }));
    assert.ok('skip' in disabled && /switched off/.test(disabled.skip.message));
  });

  it('skips other repository providers, and warns when it cannot read the policy', () => {
    const gh = managedGate(capturedLog().log, pipelineContext({ repositoryProvider: 'GitHub' }), true, policy({ managedScan: 'enforce' }));
    assert.ok('skip' in gh && /not an Azure Repos Git repository \(provider GitHub\)/.test(gh.skip.message));
    for (const [ctx, connected, p, re] of [
      [pipelineContext(), false, policy({ managedScan: 'enforce' }), /without a connection/],
      [pipelineContext({ repositoryId: undefined }), true, policy({ managedScan: 'enforce' }), /without a connection/],
      [pipelineContext(), true, new PolicyError('settings unreadable'), /Managed scan skipped: settings unreadable/],
      [pipelineContext(), true, policy({ managedScan: 'enforce' }, 'read failed'), /Managed scan skipped: read failed/],
    ] as const) {
      const { log, lines } = capturedLog();
      const r = managedGate(log, ctx, connected, p);
      assert.ok('skip' in r && re.test(r.skip.message), String(re));
      assert.ok(lines.some((l) => l.includes('task.logissue type=warning')), 'a doubt is a warning');
    }
  });

  it('in observe mode turns a failure into a warning, and leaves other verdicts alone', () => {
    const failed = { outcome: 'failed', result: 'Failed', message: '2 findings at or above high', judged: [], counts: {} } as unknown as Verdict;
    assert.deepEqual(observeOnly(failed), { ...failed, result: 'SucceededWithIssues', message: 'Observe only (managed scanning does not fail jobs in this repository yet): 2 findings at or above high' });
    const ok = { ...failed, result: 'Succeeded' } as Verdict;
    assert.equal(observeOnly(ok), ok);
  });
});
