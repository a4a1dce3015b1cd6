import assert from 'node:assert/strict';
import { getValue, mapPairs, parseYamlLock, scalarKey } from '../../../../../tasks/engine/deps/parsers/yamlDoc';
import { ManifestError } from '../../../../../tasks/engine/deps/types';

describe('YAML lockfile document (yamlDoc)', () => {
  it('reads map entries in order with the line of each key', () => {
    const lock = parseYamlLock("lockfileVersion: '9.0'\n\npackages:\n  a@1.0.0:\n    dev: true\n  'ünï@2.0.0':\n    resolution: {integrity: x}\n", 'pnpm-lock.yaml');
    assert.equal(getValue(lock.root, 'lockfileVersion'), '9.0');
    const pairs = mapPairs(getValue(lock.root, 'packages'));
    assert.deepEqual(pairs.map((p) => `${scalarKey(p)}:${lock.lineOfKey(p)}`), ['a@1.0.0:4', 'ünï@2.0.0:6']);
    assert.equal(getValue(pairs[0].value, 'dev'), true);
    assert.equal(getValue(getValue(pairs[1].value, 'resolution'), 'integrity'), 'x', 'a nested map comes back as a node to read further');
  });

  it('answers undefined or empty for absent keys and non-maps', () => {
    const lock = parseYamlLock('a: [1, 2]\nb: text\n', 'x.yaml');
    assert.equal(getValue(lock.root, 'missing'), undefined);
    assert.equal(getValue('not a map', 'a'), undefined);
    assert.deepEqual(mapPairs(getValue(lock.root, 'a')), []);
    assert.deepEqual(mapPairs(undefined), []);
  });

  it('keeps duplicate keys (lockfiles written by hand after a merge) instead of failing', () => {
    const lock = parseYamlLock('a: 1\na: 2\n', 'x.yaml');
    assert.equal(mapPairs(lock.root).length, 2);
  });

  it('reports broken YAML with its line, and a top level that is not a map', () => {
    assert.throws(() => parseYamlLock('a: 1\nb: [1, 2\nc: 3\n', 'x.yaml'), (e: ManifestError) => e instanceof ManifestError && typeof e.line === 'number' && e.line >= 2 && /^invalid YAML at line \d+: /.test(e.message));
    assert.throws(() => parseYamlLock('- a\n- b\n', 'pnpm-lock.yaml'), (e: ManifestError) => e.line === 1 && /expected a YAML map at the top level of pnpm-lock.yaml/.test(e.message));
    assert.throws(() => parseYamlLock('', 'pnpm-lock.yaml'), /expected a YAML map/);
  });
});
