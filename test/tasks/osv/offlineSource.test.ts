import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AdvisorySourceError } from '../../../tasks/engine/deps';
import { OsvOfflineSource } from '../../../tasks/osv/offlineSource';
import { makeTree, removeTree } from '../../support/tmpTree';
import { zipBuffer } from './support/zip';

function record(id: string, ecosystem: string, name: string, fixed: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id,
    modified: '2024-01-01T00:00:00Z',
    affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }],
    ...extra,
  });
}

describe('offline OSV database', () => {
  let root: string;
  before(async () => {
    root = makeTree({
      'db/npm/all.zip': await zipBuffer({
        'GHSA-aaaa.json': record('GHSA-aaaa', 'npm', 'lodash', '4.17.21'),
        'GHSA-bbbb.json': record('GHSA-bbbb', 'npm', 'lodash', '4.17.12', { withdrawn: '2024-02-01T00:00:00Z' }),
        'GHSA-cccc.json': record('GHSA-cccc', 'npm', 'minimist', '1.2.6'),
        'broken.json': '{ not json',
      }),
      'db/PyPI.zip': await zipBuffer({ 'PYSEC-1.json': record('PYSEC-1', 'PyPI', 'Django', '2.2.25') }),
      'loose/a/GHSA-dddd.json': record('GHSA-dddd', 'Go', 'github.com/a/b', 'v1.2.0'),
      'single.zip': await zipBuffer({ 'x/RUSTSEC-1.json': record('RUSTSEC-1', 'crates.io', 'time', '0.2.23') }),
    });
  });
  after(() => removeTree(root));

  it('answers from <Ecosystem>/all.zip and <Ecosystem>.zip: affected versions only, withdrawn advisories left out', async () => {
    const src = new OsvOfflineSource(join(root, 'db'));
    const results = await src.queryBatch([
      { ecosystem: 'npm', name: 'lodash', version: '4.17.20' },
      { ecosystem: 'npm', name: 'lodash', version: '4.17.21' },
      { ecosystem: 'npm', name: 'left-pad', version: '1.0.0' },
      { ecosystem: 'PyPI', name: 'django', version: '2.2.24' },
    ]);
    assert.deepEqual(results, [{ vulnIds: ['GHSA-aaaa'] }, { vulnIds: [] }, { vulnIds: [] }, { vulnIds: ['PYSEC-1'] }]);
    assert.equal((await src.getVuln('GHSA-aaaa')).id, 'GHSA-aaaa');
    assert.equal(src.label, `the offline OSV database at ${join(root, 'db')}`);
  });

  it('says which export to add for an ecosystem it has no data for, and still answers the others', async () => {
    const src = new OsvOfflineSource(join(root, 'db'));
    const [maven, npm] = await src.queryBatch([
      { ecosystem: 'Maven', name: 'g:a', version: '1' },
      { ecosystem: 'npm', name: 'minimist', version: '1.2.5' },
    ]);
    assert.match(maven.error ?? '', /it has no Maven data: add .*Maven.all\.zip \(from https:\/\/osv-vulnerabilities\.storage\.googleapis\.com\/Maven\/all\.zip\)/);
    assert.deepEqual(npm, { vulnIds: ['GHSA-cccc'] });
  });

  it('reports malformed records once, as a warning, and keeps only asked-for records in memory', async () => {
    const src = new OsvOfflineSource(join(root, 'db'));
    await src.queryBatch([{ ecosystem: 'npm', name: 'lodash', version: '1.0.0' }]);
    const warnings = src.drainWarnings();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /all\.zip: skipped 1 record\(s\) that are not valid OSV JSON/);
    assert.deepEqual(src.drainWarnings(), []);
    await assert.rejects(src.getVuln('GHSA-cccc'), (e: Error) => e instanceof AdvisorySourceError && /GHSA-cccc is not in the offline OSV database/.test(e.message));
  });

  it('reads loose JSON records anywhere under the folder, and a single zip given as the database', async () => {
    const loose = new OsvOfflineSource(join(root, 'loose'));
    assert.deepEqual(await loose.queryBatch([{ ecosystem: 'Go', name: 'github.com/a/b', version: 'v1.1.0' }]), [{ vulnIds: ['GHSA-dddd'] }]);
    const [npm] = await loose.queryBatch([{ ecosystem: 'npm', name: 'x', version: '1.0.0' }]);
    assert.match(npm.error ?? '', /its records name no npm package/);
    const single = new OsvOfflineSource(join(root, 'single.zip'));
    assert.deepEqual(await single.queryBatch([{ ecosystem: 'crates.io', name: 'time', version: '0.1.45' }]), [{ vulnIds: ['RUSTSEC-1'] }]);
  });

  it('refuses a database path that does not exist, saying what to point it at', () => {
    assert.throws(() => new OsvOfflineSource(join(root, 'nope')), (e: Error) => e instanceof AdvisorySourceError && /does not exist\. Point --osv-offline at a folder/.test(e.message));
  });
});
