import assert from 'node:assert/strict';
import { checkOsvRecord, compareAdvisoryIds } from '../../../../tasks/engine/deps/osvRecord';

const problem = (v: unknown) => {
  const r = checkOsvRecord(v);
  return 'problem' in r ? r.problem : undefined;
};

describe('deps/osvRecord', () => {
  it('accepts a full record and returns it unchanged (unknown fields kept)', () => {
    const v = {
      id: 'GHSA-xxxx-yyyy-zzzz',
      aliases: ['CVE-2024-1'],
      summary: 's',
      details: 'd',
      modified: '2024-01-01T00:00:00Z',
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      affected: [
        {
          package: { ecosystem: 'npm', name: 'left-pad' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.3' }] }],
          versions: ['1.0.0'],
        },
      ],
      references: [{ type: 'WEB', url: 'https://example.test/a' }],
      schema_version: '1.6.0',
    };
    const r = checkOsvRecord(v);
    assert.ok('record' in r);
    assert.equal(r.record, v);
  });

  it('accepts a minimal record and null lists', () => {
    assert.ok('record' in checkOsvRecord({ id: 'X-1' }));
    assert.ok('record' in checkOsvRecord({ id: 'X-1', aliases: null, related: null, references: null, affected: null }));
  });

  it('names the first bad top-level field', () => {
    assert.equal(problem(null), 'not a JSON object');
    assert.equal(problem([]), 'not a JSON object');
    assert.equal(problem({}), '"id" is missing or not a string');
    assert.equal(problem({ id: '' }), '"id" is missing or not a string');
    assert.equal(problem({ id: 'X', summary: 3 }), '"summary" is not a string');
    assert.equal(problem({ id: 'X', withdrawn: true }), '"withdrawn" is not a string');
    assert.equal(problem({ id: 'X', aliases: ['a', 1] }), '"aliases" is not a list of strings');
    assert.equal(problem({ id: 'X', related: 'CVE-1' }), '"related" is not a list of strings');
    assert.equal(problem({ id: 'X', severity: [{ type: 'CVSS_V3' }] }), '"severity" is not a list of {type, score}');
    assert.equal(problem({ id: 'X', references: [{ type: 'WEB' }] }), '"references" is not a list of {type, url}');
    assert.equal(problem({ id: 'X', affected: {} }), '"affected" is not a list');
  });

  it('names the bad affected entry and its field', () => {
    assert.equal(problem({ id: 'X', affected: [{}, 'x'] }), 'affected[1]: not an object');
    assert.equal(problem({ id: 'X', affected: [{ package: { name: 'a' } }] }), 'affected[0]: "package" needs string "ecosystem" and "name"');
    assert.equal(problem({ id: 'X', affected: [{ versions: [1] }] }), 'affected[0]: "versions" is not a list of strings');
    assert.equal(problem({ id: 'X', affected: [{ severity: 'HIGH' }] }), 'affected[0]: "severity" is not a list of {type, score}');
    assert.equal(problem({ id: 'X', affected: [{ ranges: {} }] }), 'affected[0]: "ranges" is not a list');
    assert.equal(problem({ id: 'X', affected: [{ ranges: [{ type: 'SEMVER' }] }] }), 'affected[0]: ranges[0] needs "type" and "events"');
    assert.equal(problem({ id: 'X', affected: [{ ranges: [{ type: 'SEMVER', events: ['0'] }] }] }), 'affected[0]: ranges[0] has an event that is not an object');
  });

  it('requires each range event to hold exactly one string bound', () => {
    const ev = (e: unknown) => problem({ id: 'X', affected: [{ ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, e] }] }] });
    const msg = 'affected[0]: ranges[0] has an event without exactly one of introduced/fixed/last_affected/limit';
    assert.equal(ev({}), msg);
    assert.equal(ev({ introduced: '1', fixed: '2' }), msg);
    assert.equal(ev({ fixed: 2 }), msg);
    assert.equal(ev({ last_affected: '2' }), undefined);
    assert.equal(ev({ limit: '*' }), undefined);
  });

  it('orders ids GHSA first, then CVE, then others, alphabetically within each', () => {
    const ids = ['PYSEC-2', 'CVE-2', 'GHSA-b', 'GO-1', 'CVE-1', 'GHSA-a'];
    assert.deepEqual([...ids].sort(compareAdvisoryIds), ['GHSA-a', 'GHSA-b', 'CVE-1', 'CVE-2', 'GO-1', 'PYSEC-2']);
    assert.equal(compareAdvisoryIds('CVE-1', 'CVE-1'), 0);
  });
});
