import assert from 'node:assert/strict';
import { parseGoMod } from '../../../../../tasks/engine/deps/parsers/goMod';
import type { ManifestError } from '../../../../../tasks/engine/deps/types';
import { ecosystems, fixtureText, pkgs } from '../support/parsed';

describe('go.mod', () => {
  it('block and single requires, replace by version applies, replace by local folder drops the module', () => {
    const m = parseGoMod(fixtureText('go/go.mod'));
    assert.deepEqual(pkgs(m), [
      'github.com/gogo/protobuf@v1.3.2:18',
      'golang.org/x/image@v0.4.0:9',
      'golang.org/x/sys@v0.0.0-20210817142637-7d9622a276b7:10',
      'github.com/opencontainers/runc@v1.0.1:14',
      'stdlib@1.22.4:5',
    ]);
    assert.deepEqual(ecosystems(m), ['Go']);
  });

  it('the toolchain (else go) directive becomes the stdlib package; // indirect marks transitive modules', () => {
    const m = parseGoMod('module m\n\ngo 1.20\n\nrequire (\n\tgolang.org/x/net v0.1.0 // indirect\n\tgithub.com/a/b v1.0.0\n)\n');
    assert.deepEqual(m.packages.map((p) => `${p.name}@${p.version}:${p.line}:${p.direct ? 'direct' : 'indirect'}`), ['golang.org/x/net@v0.1.0:6:indirect', 'github.com/a/b@v1.0.0:7:direct', 'stdlib@1.20.0:3:direct']);
    const t = parseGoMod('module m\ngo 1.21\ntoolchain go1.21rc2\n');
    assert.deepEqual(pkgs(t), ['stdlib@1.21.0-rc.2:3']);
    assert.throws(() => parseGoMod('module m\ngo banana\n'), (e: ManifestError) => e.line === 2);
  });

  it('reports malformed lines and an unclosed block', () => {
    assert.throws(() => parseGoMod(fixtureText('malformed/go.mod')), (e: ManifestError) => e.line === 4);
    assert.throws(() => parseGoMod('module m\nrequire (\n\ta v1.0.0\n'), /not closed/);
  });
});
