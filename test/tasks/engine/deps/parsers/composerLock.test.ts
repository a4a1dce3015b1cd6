import assert from 'node:assert/strict';
import { parseComposerLock } from '../../../../../tasks/engine/deps/parsers/composerLock';
import { fixtureText, pkgs, unchecked } from '../support/parsed';

describe('composer.lock', () => {
  it('packages and packages-dev, leading v dropped, branches unchecked', () => {
    const m = parseComposerLock(fixtureText('composer/composer.lock'));
    assert.deepEqual(pkgs(m), ['league/flysystem@1.0.8:8', 'sentry/sdk@2.0.4:18', 'phpunit/phpunit@9.5.10:30:dev']);
    assert.deepEqual(unchecked(m), ['acme/experimental:23']);
    assert.throws(() => parseComposerLock(fixtureText('malformed/composer.lock')), /"packages" is missing/);
  });
});
