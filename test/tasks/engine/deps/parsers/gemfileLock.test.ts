import assert from 'node:assert/strict';
import { parseGemfileLock } from '../../../../../tasks/engine/deps/parsers/gemfileLock';
import type { ManifestError } from '../../../../../tasks/engine/deps/types';
import { fixtureText, pkgs, unchecked } from '../support/parsed';

describe('Gemfile.lock', () => {
  it('GEM specs with platforms stripped; GIT gems unchecked; PATH gems (the project\'s own code) neither; requirement lines ignored', () => {
    const m = parseGemfileLock(fixtureText('gemfile/Gemfile.lock'));
    assert.deepEqual(pkgs(m), [
      'activesupport@4.1.0:10',
      'i18n@0.9.5:13',
      'json@2.10.1:14',
      'nokogiri@1.18.2:15',
      'paranoid2@1.1.6:17',
      'passenger@4.0.2:18',
      'rack@2.2.3:20',
    ]);
    assert.deepEqual(unchecked(m), ['internal-gem:5']);
    assert.throws(() => parseGemfileLock(fixtureText('malformed/Gemfile.lock')), (e: ManifestError) => e.line === 4);
  });
});
