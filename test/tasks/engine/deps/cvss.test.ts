import assert from 'node:assert/strict';
import { cvssBaseScore, cvssVersion } from '../../../../tasks/engine/deps/cvss';

describe('cvss', () => {
  it('names the version of v2, v3.0, v3.1 and v4.0 vectors', () => {
    assert.equal(cvssVersion('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), '3.1');
    assert.equal(cvssVersion('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), '3.0');
    assert.equal(cvssVersion('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'), '4.0');
    assert.equal(cvssVersion('AV:N/AC:L/Au:N/C:P/I:P/A:P'), '2.0');
    assert.equal(cvssVersion('(AV:N/AC:L/Au:N/C:P/I:P/A:P)'), '2.0');
  });

  it('names no version for other text', () => {
    assert.equal(cvssVersion('CVSS:2.0/AV:N'), undefined);
    assert.equal(cvssVersion('CVSS:5.0/AV:N/AC:L'), undefined);
    assert.equal(cvssVersion('HIGH'), undefined);
    assert.equal(cvssVersion(''), undefined);
    assert.equal(cvssVersion('AV:X/AC:L/Au:N/C:P/I:P/A:P'), undefined);
  });

  it('scores complete vectors of each version, ignoring surrounding blanks', () => {
    assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), 9.8);
    assert.equal(cvssBaseScore('  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n'), 9.8);
    assert.equal(cvssBaseScore('CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N'), 5.9);
    assert.equal(cvssBaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'), 9.3);
    assert.equal(cvssBaseScore('AV:N/AC:L/Au:N/C:P/I:P/A:P'), 7.5);
    assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N'), 0);
  });

  it('accepts temporal metrics after the base ones without changing the base score', () => {
    assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O'), 9.8);
  });

  it('refuses vectors missing a mandatory base metric (the library would fill a default)', () => {
    assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H'), undefined, 'no S');
    assert.equal(cvssBaseScore('CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'), undefined, 'no AT');
    assert.equal(cvssBaseScore('AV:N/AC:L/Au:N/C:P/I:P'), undefined, 'v2 without A');
  });

  it('refuses unknown metric values and non-vectors rather than throwing', () => {
    assert.equal(cvssBaseScore('CVSS:3.1/AV:Z/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), undefined);
    assert.equal(cvssBaseScore('CVSS:3.1/'), undefined);
    assert.equal(cvssBaseScore('9.8'), undefined);
    assert.equal(cvssBaseScore(''), undefined);
  });
});
