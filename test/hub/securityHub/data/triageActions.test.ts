/**
 * Branch triage writes (hub/securityHub/data/triageActions.ts) against an in-memory project:
 * what is stored (with who and when), that decisions on other findings survive, and that a
 * refused write names the permission it needs.
 */
import assert from 'node:assert/strict';
import { parseTriageProperty } from '../../../../tasks/contract/projectSettings';
import { MAX_TRIAGE_COMMENT } from '../../../../tasks/contract/triage';
import { saveTriage } from '../../../../hub/securityHub/data/triageActions';
import { WritePermissionError } from '../../../../hub/securityHub/data/writeErrors';
import { FakeProject, refused } from '../../fakeProject';

const admin = { id: 'u-admin', displayName: 'Avery Admin' };
const other = { id: 'u-other', displayName: 'Casey' };
const target = { repoId: 'r1', fingerprint: 'f'.repeat(64), ruleId: 'github-pat-classic', path: 'src/a.ts' };

function project(): { fake: FakeProject; services: ReturnType<FakeProject['services']> } {
  const fake = new FakeProject([{ id: 'r1', name: 'web' }]);
  return { fake, services: fake.services() };
}

const storedOf = (fake: FakeProject) => parseTriageProperty('r1', [...fake.properties].map(([name, value]) => ({ name, value })));

describe('hub writes: branch triage in project properties', () => {
  it('dismisses with a reason and a comment, stamped with who and when, and reopens', async () => {
    const { fake, services } = project();
    const first = await saveTriage(services, target, { state: 'dismissed', reason: 'usedInTests', comment: ' test tenant ' }, admin, undefined, () => new Date('2025-01-02T00:00:00Z'));
    assert.equal(first.entry?.comment, 'test tenant');
    let stored = storedOf(fake);
    assert.deepEqual(stored.map((e) => [e.fingerprint, e.reason, e.by.displayName, e.at]), [[target.fingerprint, 'usedInTests', 'Avery Admin', '2025-01-02T00:00:00.000Z']]);
    assert.deepEqual([fake.calls.propertyReads, fake.calls.propertyWrites], [1, 1], 'a read of the list, then one write');
    const again = await saveTriage(services, target, { state: 'open' }, admin, { at: first.entry?.at });
    assert.equal(again.entry, undefined);
    assert.equal(again.concurrent, undefined);
    stored = storedOf(fake);
    assert.deepEqual(stored, []);
  });

  it('keeps decisions on other findings made meanwhile and reports one on the same finding', async () => {
    const { fake, services } = project();
    await saveTriage(services, { ...target, fingerprint: 'a'.repeat(64) }, { state: 'dismissed', reason: 'acceptedRisk' }, other, undefined);
    await saveTriage(services, target, { state: 'dismissed', reason: 'falsePositive' }, other, undefined, () => new Date('2025-01-02T00:00:00Z'));
    // The admin opened the finding while it was open.
    const result = await saveTriage(services, target, { state: 'dismissed', reason: 'acceptedRisk', comment: 'mine' }, admin, { at: undefined }, () => new Date('2025-01-03T00:00:00Z'));
    assert.equal(result.concurrent?.by.displayName, 'Casey');
    const stored = storedOf(fake);
    assert.equal(stored.length, 2, 'the other finding\'s dismissal survives');
    assert.equal(stored.find((e) => e.fingerprint === target.fingerprint)?.by.displayName, 'Avery Admin');
  });

  it('names the missing permission when Azure DevOps refuses the write', async () => {
    const { fake, services } = project();
    fake.refuseWrites = refused(403, 'TF50309: Casey does not have permission to perform this action.');
    await assert.rejects(
      saveTriage(services, target, { state: 'dismissed', reason: 'falsePositive' }, other, undefined),
      (e: unknown) => e instanceof WritePermissionError && /Manage project properties/.test(e.message) && /TF50309/.test(e.message),
    );
    assert.equal(fake.properties.size, 0);
  });
});

describe('hub writes: triage entries', () => {
  it('stores the rule and path with the entry, cuts a long comment and drops a blank one', async () => {
    const { fake, services } = project();
    const long = await saveTriage(services, target, { state: 'dismissed', reason: 'acceptedRisk', comment: 'x'.repeat(MAX_TRIAGE_COMMENT + 50) }, admin, undefined);
    assert.equal(long.entry?.comment?.length, MAX_TRIAGE_COMMENT);
    assert.deepEqual([long.entry?.ruleId, long.entry?.path], ['github-pat-classic', 'src/a.ts']);
    const blank = await saveTriage(services, target, { state: 'dismissed', reason: 'acceptedRisk', comment: '   ' }, admin, undefined);
    assert.equal(blank.entry?.comment, undefined);
    assert.ok(!('comment' in (blank.entry ?? {})));
    assert.equal(storedOf(fake).length, 1, 'one entry per finding');
  });

  it('reports no concurrent change for the user\'s own earlier decision or the one they saw', async () => {
    const { services } = project();
    const first = await saveTriage(services, target, { state: 'dismissed', reason: 'falsePositive' }, other, undefined, () => new Date('2025-01-02T00:00:00Z'));
    const seen = await saveTriage(services, target, { state: 'open' }, admin, { at: first.entry?.at });
    assert.equal(seen.concurrent, undefined);
    await saveTriage(services, target, { state: 'dismissed', reason: 'falsePositive' }, admin, undefined);
    const own = await saveTriage(services, target, { state: 'open' }, admin, undefined);
    assert.equal(own.concurrent, undefined);
  });

  it('passes on a failure that is not about permissions as it is', async () => {
    const { fake, services } = project();
    const down = Object.assign(new Error('service unavailable'), { status: 503 });
    fake.refuseWrites = down;
    await assert.rejects(saveTriage(services, target, { state: 'open' }, admin, undefined), (e: unknown) => e === down);
  });
});
