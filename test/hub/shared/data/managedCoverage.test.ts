/** Managed-scanning coverage of a repository (hub/shared/data/managedCoverage.ts): one state, most protective first, with the warnings an administrator needs. */
import assert from 'node:assert/strict';
import { MANAGED_COVERAGE_LABELS, MANAGED_COVERAGE_ORDER, managedCoverageOf } from '../../../../hub/shared/data/managedCoverage';

describe('hub managed coverage', () => {
  const base = { enabled: true, managedScan: 'enforce' as const, scanned: true, gated: true, hasPipeline: true };

  it('names the coverage states: gated, scanned not gated, enabled never scanned, no pipeline, disabled', () => {
    assert.deepEqual(managedCoverageOf(base), { state: 'gated' });
    assert.equal(managedCoverageOf({ ...base, gated: false }).state, 'scannedNotGated');
    assert.equal(managedCoverageOf({ ...base, gated: false, scanned: false }).state, 'enabledNeverScanned');
    assert.equal(managedCoverageOf({ ...base, gated: false, scanned: false, hasPipeline: false }).state, 'noPipeline');
    assert.equal(managedCoverageOf({ ...base, enabled: false }).state, 'disabled');
    assert.match(managedCoverageOf({ ...base, scanned: false, hasPipeline: false }).warning ?? '', /cannot complete/);
    assert.match(managedCoverageOf({ ...base, managedScan: 'observe' }).warning ?? '', /observe mode/);
  });

  it('puts disabled before everything, and a scan before a missing pipeline', () => {
    assert.deepEqual(managedCoverageOf({ ...base, enabled: false, gated: true, scanned: false, hasPipeline: false }), { state: 'disabled' });
    assert.deepEqual(managedCoverageOf({ ...base, gated: false, hasPipeline: false }), { state: 'scannedNotGated' }, 'scanned by a pipeline since removed');
    assert.deepEqual(managedCoverageOf({ ...base, hasPipeline: false }), { state: 'gated' }, 'gated and scanned: the status can be posted');
  });

  it('warns about a repository nothing will scan only when managed scanning is off', () => {
    const never = { ...base, gated: false, scanned: false };
    assert.match(managedCoverageOf({ ...never, managedScan: 'off' }).warning ?? '', /Managed scanning is off/);
    assert.equal(managedCoverageOf({ ...never, managedScan: 'observe' }).warning, undefined);
    assert.equal(managedCoverageOf({ ...never, managedScan: 'enforce' }).warning, undefined);
  });

  it('labels every state and orders them least protected first', () => {
    assert.deepEqual([...MANAGED_COVERAGE_ORDER].sort(), Object.keys(MANAGED_COVERAGE_LABELS).sort());
    assert.equal(MANAGED_COVERAGE_ORDER[0], 'noPipeline');
    assert.equal(MANAGED_COVERAGE_LABELS.scannedNotGated, 'Scanned, not gated');
  });
});
