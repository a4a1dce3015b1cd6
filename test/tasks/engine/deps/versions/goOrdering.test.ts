import assert from 'node:assert/strict';
import { goOrdering } from '../../../../../tasks/engine/deps/versions/goOrdering';
import { assertAscending, assertEqualVersions } from '../support/orderings';

describe('Go version ordering', () => {
  it('v prefix, pseudo-versions by time, toolchain spellings', () => {
    assertAscending(goOrdering, [
      'v0.0.0-20210817142637-7d9622a276b7',
      'v0.0.0-20220412211240-33da011f77ad',
      'v0.1.0',
      'v1.2.3',
      'v1.2.4-0.20191109021931-daa7c04131f5',
      'v1.2.4',
    ]);
    assertAscending(goOrdering, ['1.19', '1.19.1', '1.20rc1', '1.20', 'go1.22.4']);
    assertEqualVersions(goOrdering, [['v1.3.1', '1.3.1'], ['1.19', '1.19.0']]);
  });

  it('toolchain pre-releases order alpha < beta < rc, and match the SemVer form OSV uses', () => {
    assertAscending(goOrdering, ['go1.21alpha1', 'go1.21beta1', '1.21rc1', '1.21rc2', 'go1.21.0']);
    assertEqualVersions(goOrdering, [['go1.21rc2', '1.21.0-rc.2'], ['go1.22.4', 'v1.22.4']]);
  });

  it('+incompatible major versions are valid and ordered by their base', () => {
    assertAscending(goOrdering, ['v2.0.0+incompatible', 'v2.1.0+incompatible', 'v3.0.0']);
  });

  it('rejects what is no Go version', () => {
    for (const v of ['', 'latest', 'go', 'go1', '1.21rc', 'v1.2.3.4', 'master']) assert.equal(goOrdering.valid(v), false, v);
  });
});
