import assert from 'node:assert/strict';
import { parsePnpmLock, splitKey } from '../../../../../tasks/engine/deps/parsers/pnpmLock';
import { ManifestError } from '../../../../../tasks/engine/deps/types';
import { fixtureText, pkgs, unchecked } from '../support/parsed';

describe('pnpm-lock.yaml', () => {
  it('v5 keys (/name/version_peers)', () => {
    assert.deepEqual(pkgs(parsePnpmLock(fixtureText('pnpm-v5/pnpm-lock.yaml'))), ['i18next@1.10.2:13', '@babel/core@7.12.3:17:dev', 'react-dom@17.0.2:21']);
  });

  it('v6 keys (/name@version(peers)); git tarballs are unchecked', () => {
    const m = parsePnpmLock(fixtureText('pnpm-v6/pnpm-lock.yaml'));
    assert.deepEqual(pkgs(m), ['jquery@2.2.4:17', '@types/node@20.11.0:21:dev', 'react-dom@18.2.0:25']);
    assert.deepEqual(unchecked(m), ['private-lib:31']);
  });

  it('v9 keys (name@version), local directories skipped', () => {
    assert.deepEqual(pkgs(parsePnpmLock(fixtureText('pnpm-v9/pnpm-lock.yaml'))), ['@babel/helper-string-parser@7.24.1:20', 'mixin-deep@1.3.1:27']);
  });

  it('splits keys of every lockfile version', () => {
    assert.deepEqual(splitKey('/@scope/pkg/1.2.3_react@17.0.2', 5.4), { name: '@scope/pkg', version: '1.2.3' });
    assert.deepEqual(splitKey('/@scope/pkg@1.2.3(react@18.2.0)(react-dom@18.2.0)', 6), { name: '@scope/pkg', version: '1.2.3' });
    assert.deepEqual(splitKey('@scope/pkg@1.2.3', 9), { name: '@scope/pkg', version: '1.2.3' });
  });

  it('reports broken YAML with its line', () => {
    assert.throws(() => parsePnpmLock(fixtureText('malformed/pnpm-lock.yaml')), (e: ManifestError) => e instanceof ManifestError && e.line !== undefined && /invalid YAML/.test(e.message));
  });
});
