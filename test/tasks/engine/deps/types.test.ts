import assert from 'node:assert/strict';
import { ECOSYSTEMS, emptyManifest, isEcosystem, ManifestError, type ParsedManifest } from '../../../../tasks/engine/deps/types';

describe('deps/types', () => {
  it('knows the ecosystems by their exact OSV spelling', () => {
    for (const e of ECOSYSTEMS) assert.ok(isEcosystem(e), e);
    for (const v of ['NPM', 'pypi', 'nuget', 'maven', 'go', 'cargo', '', undefined, null, 3, {}]) assert.ok(!isEcosystem(v), String(v));
  });

  it('gives a fresh empty manifest each time', () => {
    assert.deepEqual(emptyManifest(), { packages: [], unchecked: [] });
    const a: ParsedManifest = emptyManifest();
    a.packages.push({ ecosystem: 'npm', name: 'x', version: '1', line: 1 });
    assert.deepEqual(emptyManifest().packages, [], 'not shared');
  });

  it('names manifest errors and keeps the line', () => {
    const e = new ManifestError('"version" is not a string', 12);
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'ManifestError');
    assert.equal(e.message, '"version" is not a string');
    assert.equal(e.line, 12);
    assert.equal(new ManifestError('bad').line, undefined);
  });
});
