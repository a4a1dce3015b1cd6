import assert from 'node:assert/strict';
import { parseGoSum } from '../../../../../tasks/engine/deps/parsers/goSum';
import type { ManifestError } from '../../../../../tasks/engine/deps/types';
import { fixtureText, pkgs } from '../support/parsed';

describe('go.sum', () => {
  it('highest downloaded version per module, go.mod-only lines ignored', () => {
    assert.deepEqual(pkgs(parseGoSum(fixtureText('gosum/go.sum'))), ['github.com/gogo/protobuf@v1.3.1:1', 'golang.org/x/image@v0.4.0:4']);
  });

  it('reports a malformed line', () => {
    assert.throws(() => parseGoSum(fixtureText('malformed/go.sum')), (e: ManifestError) => e.line === 1);
  });
});
