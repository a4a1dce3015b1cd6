import assert from 'node:assert/strict';
import { cvssBaseScore } from '../../../../tasks/engine/deps/cvss';
import { advisorySeverity } from '../../../../tasks/engine/deps/severity';

describe('advisory severity', () => {
  it('computes CVSS base scores for v2, v3.0, v3.1 and v4.0 vectors', () => {
    const table: [string, number][] = [
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:L/A:N', 7.2],
      ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', 6.5],
      ['CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.8],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
      ['CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
      ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3],
      ['CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 8.5],
      ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5],
    ];
    for (const [vector, score] of table) assert.equal(cvssBaseScore(vector), score, vector);
  });

  it('refuses vectors that miss a base metric or are not CVSS', () => {
    assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H'), undefined);
    assert.equal(cvssBaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H'), undefined);
    assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q'), undefined);
    assert.equal(cvssBaseScore('medium'), undefined);
  });

  it('takes the newest CVSS version present and maps the score to a severity', () => {
    const s = advisorySeverity({
      id: 'X',
      severity: [
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
        { type: 'CVSS_V4', score: 'CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
      ],
    });
    assert.deepEqual(s, { severity: 'high', score: 8.5, cvssVector: 'CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', source: 'cvss' });
  });

  it('uses a vector on the affected entry when the record has none', () => {
    const entry = { package: { ecosystem: 'npm', name: 'x' }, severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] };
    assert.equal(advisorySeverity({ id: 'X', affected: [entry] }, [entry]).severity, 'critical');
  });

  it("falls back to the database's label, then to medium marked unknown", () => {
    assert.deepEqual(advisorySeverity({ id: 'X', database_specific: { severity: 'MODERATE' } }), { severity: 'medium', source: 'database' });
    assert.deepEqual(advisorySeverity({ id: 'X', database_specific: { severity: 'CRITICAL' } }), { severity: 'critical', source: 'database' });
    assert.deepEqual(advisorySeverity({ id: 'X', severity: [{ type: 'CVSS_V3', score: 'garbage' }], database_specific: { severity: 'LOW' } }), { severity: 'low', source: 'database' });
    assert.deepEqual(advisorySeverity({ id: 'X' }), { severity: 'medium', source: 'unknown' });
  });
});
