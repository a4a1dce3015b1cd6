import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { matchRecord } from '../../../../tasks/engine/deps/affected';
import { checkOsvRecord, type OsvEvent, type OsvRecord } from '../../../../tasks/engine/deps/osvRecord';
import type { Ecosystem } from '../../../../tasks/engine/deps/types';
import { requireShared } from '../../../support/paths';

function record(ecosystem: string, name: string, type: string, events: OsvEvent[], versions?: string[]): OsvRecord {
  return { id: 'TEST-1', affected: [{ package: { ecosystem, name }, ranges: [{ type, events }], ...(versions ? { versions } : {}) }] };
}

type Row = [version: string, affected: boolean | undefined, fixed?: string[]];

function check(r: OsvRecord, ecosystem: Ecosystem, name: string, rows: Row[]): void {
  for (const [version, affected, fixed] of rows) {
    const m = matchRecord(r, { ecosystem, name, version });
    assert.equal(m.affected, affected, `${ecosystem} ${name}@${version} affected`);
    if (fixed) assert.deepEqual(m.fixed, fixed, `${ecosystem} ${name}@${version} fixed`);
  }
}

describe('OSV range matching', () => {
  describe('per ecosystem', () => {
    it('npm SEMVER: introduced/fixed, several intervals, pre-releases', () => {
      const r = record('npm', 'lodash', 'SEMVER', [{ introduced: '0' }, { fixed: '4.17.19' }, { introduced: '5.0.0-beta.1' }, { fixed: '5.0.1' }]);
      check(r, 'npm', 'lodash', [
        ['4.17.15', true, ['4.17.19']],
        ['4.17.19', false],
        ['4.17.20', false],
        ['5.0.0-alpha', false],
        ['5.0.0-beta.1', true, ['5.0.1']],
        ['5.0.0', true, ['5.0.1']],
        ['5.0.1', false],
      ]);
    });

    it('PyPI ECOSYSTEM: PEP 440 order and name normalisation', () => {
      const r = record('PyPI', 'products-pluggableauthservice', 'ECOSYSTEM', [{ introduced: '0' }, { fixed: '2.6.1' }]);
      check(r, 'PyPI', 'Products.PluggableAuthService', [
        ['2.6.0', true, ['2.6.1']],
        ['2.6.1rc1', true],
        ['2.6.1', false],
        ['2.6.1.post1', false],
      ]);
    });

    it('Maven ECOSYSTEM: qualifiers sort before the release', () => {
      const r = record('Maven', 'com.typesafe.akka:akka-actor_2.12', 'ECOSYSTEM', [{ introduced: '2.5.0' }, { fixed: '2.5.16' }]);
      check(r, 'Maven', 'com.typesafe.akka:akka-actor_2.12', [
        ['2.4.20', false],
        ['2.5.0-RC1', false],
        ['2.5.0', true],
        ['2.5.9', true, ['2.5.16']],
        ['2.5.16-RC1', true],
        ['2.5.16', false],
        ['2.5.16.Final', false],
      ]);
    });

    it('NuGet ECOSYSTEM: four-part versions, case-insensitive package names', () => {
      const r = record('NuGet', 'Newtonsoft.Json', 'ECOSYSTEM', [{ introduced: '0' }, { fixed: '13.0.1' }]);
      check(r, 'NuGet', 'newtonsoft.json', [
        ['12.0.1', true, ['13.0.1']],
        ['13.0.1-beta1', true],
        ['13.0.0.1', true],
        ['13.0.1', false],
      ]);
    });

    it('Go SEMVER: versions without v in the record, pseudo-versions in go.mod', () => {
      const r = record('Go', 'golang.org/x/sys', 'SEMVER', [{ introduced: '0' }, { fixed: '0.0.0-20220412211240-33da011f77ad' }]);
      check(r, 'Go', 'golang.org/x/sys', [
        ['v0.0.0-20210817142637-7d9622a276b7', true, ['0.0.0-20220412211240-33da011f77ad']],
        ['v0.0.0-20220412211240-33da011f77ad', false],
        ['v0.1.0', false],
      ]);
      const stdlib = record('Go', 'stdlib', 'SEMVER', [{ introduced: '1.19.0' }, { fixed: '1.19.2' }]);
      check(stdlib, 'Go', 'stdlib', [['1.19', true], ['1.19.1', true], ['1.19.2', false], ['1.18.9', false]]);
    });

    it('RubyGems ECOSYSTEM: pre-releases before releases', () => {
      const r = record('RubyGems', 'rails', 'ECOSYSTEM', [{ introduced: '4.0.0' }, { fixed: '4.0.5' }]);
      check(r, 'RubyGems', 'rails', [['4.0.0.rc1', false], ['4.0.0', true], ['4.0.5.rc1', true], ['4.0.5', false]]);
    });

    it('Packagist ECOSYSTEM: Composer order, case-insensitive names', () => {
      const r = record('Packagist', 'league/flysystem', 'ECOSYSTEM', [{ introduced: '0' }, { fixed: '1.1.4' }, { introduced: '2.0.0' }, { fixed: '2.1.1' }]);
      check(r, 'Packagist', 'League/Flysystem', [['1.0.8', true, ['1.1.4']], ['1.1.4', false], ['2.0.0-beta1', false], ['2.1.0', true, ['2.1.1']]]);
    });

    it('crates.io SEMVER', () => {
      const r = record('crates.io', 'smallvec', 'SEMVER', [{ introduced: '0.6.3' }, { fixed: '0.6.14' }, { introduced: '1.0.0' }, { fixed: '1.6.1' }]);
      check(r, 'crates.io', 'smallvec', [['0.6.2', false], ['0.6.13', true], ['1.6.0', true, ['1.6.1']], ['1.6.1', false]]);
    });
  });

  describe('event kinds and record shapes', () => {
    it('last_affected closes after the version; no fixed version is offered', () => {
      const r = record('npm', 'x', 'SEMVER', [{ introduced: '1.0.0' }, { last_affected: '1.4.2' }]);
      check(r, 'npm', 'x', [['1.4.2', true, []], ['1.4.3', false], ['0.9.0', false]]);
    });

    it('limit caps the range', () => {
      const r = record('npm', 'x', 'SEMVER', [{ introduced: '0' }, { limit: '2.0.0' }]);
      check(r, 'npm', 'x', [['1.9.9', true], ['2.0.0', false]]);
    });

    it('the versions list matches exactly, as the ecosystem compares', () => {
      const r: OsvRecord = { id: 'T', affected: [{ package: { ecosystem: 'PyPI', name: 'x' }, versions: ['1.0', '1.1'] }] };
      check(r, 'PyPI', 'x', [['1.0.0', true], ['1.1', true], ['1.2', false]]);
    });

    it('GIT-only ranges cannot decide a package version', () => {
      const r = record('npm', 'x', 'GIT', [{ introduced: 'abc123' }, { fixed: 'def456' }]);
      check(r, 'npm', 'x', [['1.0.0', undefined]]);
    });

    it('entries for other packages or ecosystems are not used', () => {
      const r = record('npm', 'x', 'SEMVER', [{ introduced: '0' }]);
      assert.equal(matchRecord(r, { ecosystem: 'npm', name: 'y', version: '1.0.0' }).affected, undefined);
      assert.equal(matchRecord(r, { ecosystem: 'PyPI', name: 'x', version: '1.0.0' }).affected, undefined);
    });

    it('refuses records that are not OSV, naming the field', () => {
      assert.match((checkOsvRecord({ id: 'X', affected: [{ ranges: [{ type: 'SEMVER', events: [{}] }] }] }) as { problem: string }).problem, /exactly one of/);
      assert.match((checkOsvRecord({ summary: 'x' }) as { problem: string }).problem, /"id"/);
      assert.match((checkOsvRecord([]) as { problem: string }).problem, /not a JSON object/);
    });
  });

  describe('the shared OSV records (varied range shapes)', () => {
    const load = (dir: string, file: string): OsvRecord => {
      const checked = checkOsvRecord(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      assert.ok('record' in checked, `${file} should be valid OSV`);
      return checked.record;
    };
    const cases: [file: string, eco: Ecosystem, name: string, rows: Row[]][] = [
      ['equals_no_patch.osv.json', 'RubyGems', 'paranoid2', [['1.1.6', true, []], ['1.1.5', false]]],
      ['equals_with_patch.osv.json', 'npm', 'mixin-deep', [['1.3.1', true, ['1.3.2']], ['1.3.2', false], ['2.0.0', true, ['2.0.1']], ['2.0.1', false]]],
      ['full_ranges.osv.json', 'Maven', 'com.typesafe.akka:akka-actor_2.11', [['2.5.15', true, ['2.5.16']], ['2.4.0', false], ['2.5.16', false]]],
      ['greater_than_equals_no_patch.osv.json', 'npm', 'marky-markdown', [['0.0.1', true, []], ['11.3.1', true, []]]],
      ['less_than_equals_no_patch.osv.json', 'npm', 'shiba', [['1.1.0', true, []]]],
      ['less_than_equals_with_patch.osv.json', 'npm', 'i18next', [['1.10.2', true, ['1.10.3']], ['1.10.3', false]]],
      ['maven_greater_than.osv.json', 'Maven', 'org.xwiki.commons:xwiki-commons-core', [
        ['11.6.0', false], ['11.6.1', true, ['11.10.13']], ['11.10.13', false], ['12.0', true, ['12.6.7']], ['12.6.7', false], ['12.10.1', true, ['12.10.2']], ['12.10.2', false],
      ]],
      ['multiple_ranges_in_package.osv.json', 'RubyGems', 'passenger', [['3.0.20', true, ['3.0.21']], ['3.0.21', false], ['4.0.0', false], ['4.0.2', true, ['4.0.5']], ['4.0.5', false]]],
      ['npm_greater_than.osv.json', 'npm', 'jquery', [['2.1.0', false], ['2.1.1-0', true], ['2.2.4', true, ['3.0.0']], ['3.0.0', false]]],
      ['pypi_normalize.osv.json', 'PyPI', 'Products.PluggableAuthService', [['2.6.0', true, ['2.6.1']], ['2.6.1', false]]],
    ];
    for (const [file, eco, name, rows] of cases) {
      it(`${file}: ${eco} ${name}`, function () {
        const dir = requireShared(this, 'fixtures', 'osv', 'records');
        check(load(dir, file), eco, name, rows);
      });
    }

    it('withdrawn.osv.json is marked withdrawn', function () {
      const dir = requireShared(this, 'fixtures', 'osv', 'records');
      assert.ok(load(dir, 'withdrawn.osv.json').withdrawn);
    });
  });
});
