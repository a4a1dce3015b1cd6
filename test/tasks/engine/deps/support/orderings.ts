import assert from 'node:assert/strict';
import type { VersionOrdering } from '../../../../../tasks/engine/deps/versions';

/** Asserts that each version sorts strictly before the next, in every pairing. */
export function assertAscending(o: VersionOrdering, versions: string[]): void {
  for (let i = 0; i < versions.length; i++) {
    assert.ok(o.valid(versions[i]), `${o.name}: ${versions[i]} should be valid`);
    for (let j = i + 1; j < versions.length; j++) {
      assert.equal(Math.sign(o.compare(versions[i], versions[j])), -1, `${o.name}: ${versions[i]} < ${versions[j]}`);
      assert.equal(Math.sign(o.compare(versions[j], versions[i])), 1, `${o.name}: ${versions[j]} > ${versions[i]}`);
    }
  }
}

export function assertEqualVersions(o: VersionOrdering, pairs: [string, string][]): void {
  for (const [a, b] of pairs) assert.equal(o.compare(a, b), 0, `${o.name}: ${a} == ${b}`);
}
