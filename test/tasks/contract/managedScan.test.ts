import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isManagedMode, MANAGED_MODES, managedDecision, PALISADE_TASK_ID, PALISADE_TASK_MAJOR } from '../../../tasks/contract/managedScan';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

describe('contract/managedScan', () => {
  it('knows its three modes', () => {
    for (const m of MANAGED_MODES) assert.ok(isManagedMode(m));
    for (const v of ['Observe', 'on', '', null, 2]) assert.ok(!isManagedMode(v), String(v));
  });

  it('skips when Palisade is switched off, whatever managedScan says', () => {
    const d = managedDecision({ enabled: false, managedScan: 'enforce' }, 'app');
    assert.deepEqual([d.scan, d.mode], [false, 'off']);
    assert.match(d.reason, /switched off for repository app/);
  });

  it('skips until an administrator opts in, saying where to do it', () => {
    const d = managedDecision({ enabled: true, managedScan: 'off' }, 'app');
    assert.deepEqual([d.scan, d.mode], [false, 'off']);
    assert.match(d.reason, /not enabled for repository app.*Repos > Security > Settings/);
  });

  it('scans in observe or enforce mode and says which', () => {
    const o = managedDecision({ enabled: true, managedScan: 'observe' }, 'app');
    assert.deepEqual([o.scan, o.mode], [true, 'observe']);
    assert.match(o.reason, /observe only: findings are reported, the job is not failed/);
    const e = managedDecision({ enabled: true, managedScan: 'enforce' }, 'app');
    assert.deepEqual([e.scan, e.mode], [true, 'enforce']);
    assert.match(e.reason, /enforced/);
  });

  it('names the task by the id and major version in task.json', () => {
    const task = JSON.parse(readFileSync(join(REPO_ROOT, 'tasks', 'PalisadeScanV1', 'task.json'), 'utf8')) as { id: string; version: { Major: number } };
    assert.equal(task.id, PALISADE_TASK_ID);
    assert.equal(task.version.Major, PALISADE_TASK_MAJOR);
  });
});
