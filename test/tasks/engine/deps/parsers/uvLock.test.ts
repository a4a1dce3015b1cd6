import assert from 'node:assert/strict';
import { parseUvLock } from '../../../../../tasks/engine/deps/parsers/uvLock';
import { pkgs, unchecked } from '../support/parsed';

describe('uv.lock', () => {
  it('registry packages count, the project and git sources do not', () => {
    const lock = ['version = 1', '', '[[package]]', 'name = "app"', 'version = "0.1.0"', 'source = { virtual = "." }', '', '[[package]]', 'name = "Jinja2"', 'version = "2.10"', 'source = { registry = "https://pypi.org/simple" }', '', '[[package]]', 'name = "lib"', 'version = "1.0"', 'source = { git = "https://example.com/lib.git" }', ''].join('\n');
    const m = parseUvLock(lock);
    assert.deepEqual(pkgs(m), ['Jinja2@2.10:9']);
    assert.deepEqual(unchecked(m), ['lib:14']);
    assert.equal(m.packages[0].ecosystem, 'PyPI');
  });
});
