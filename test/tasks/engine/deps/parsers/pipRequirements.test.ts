import assert from 'node:assert/strict';
import { parsePipRequirements } from '../../../../../tasks/engine/deps/parsers/pipRequirements';
import { ecosystems, fixtureText, pkgs, unchecked } from '../support/parsed';

describe('pip requirements*.txt', () => {
  it('pins only, extras/markers/hashes/continuations handled, URLs never echoed', () => {
    const m = parsePipRequirements(fixtureText('pip/requirements-dev.txt'));
    assert.deepEqual(pkgs(m), ['Django@2.2.24:5', 'flask@1.0:6', 'Products.PluggableAuthService@2.6.0:7', 'requests@2.20.0:8', 'idna@2.7:16']);
    assert.deepEqual(unchecked(m), ['urllib3:11', 'pyyaml:12', 'mylib:14', '(line 15):15']);
    assert.ok(!JSON.stringify(m).includes('files.example.com'), 'a URL from the file must not be repeated');
    assert.deepEqual(ecosystems(m), ['PyPI']);
  });

  it('flags included files the scanner will not read on its own', () => {
    const m = parsePipRequirements('-r base.txt\n-r requirements-common.txt\n--requirement=requirements/prod.txt\n-r https://user:token@example.com/r.txt\n-c constraints.txt\n');
    assert.deepEqual(unchecked(m), ['base.txt:1', '(line 4):4']);
    assert.ok(!JSON.stringify(m).includes('token'));
  });
});
