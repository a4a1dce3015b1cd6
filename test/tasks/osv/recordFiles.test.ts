import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AdvisorySourceError } from '../../../tasks/engine/deps';
import { directoryRecordTexts, zipRecordTexts, type RecordText } from '../../../tasks/osv/recordFiles';
import { makeTree, removeTree } from '../../support/tmpTree';
import { zipBuffer } from './support/zip';

async function all(gen: AsyncGenerator<RecordText>): Promise<RecordText[]> {
  const out: RecordText[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

describe('OSV record files', () => {
  let root: string;
  before(async () => {
    root = makeTree({
      'npm/all.zip': await zipBuffer({ 'GHSA-1.json': '{"id":"GHSA-1"}', 'docs/': '', 'README.txt': 'not a record', 'sub/PYSEC-ü.JSON': '{"id":"ü"}' }),
      'broken.zip': Buffer.from('PK\u0003\u0004 this is not a zip'),
      'records/b.json': '{"id":"b"}',
      'records/a/z.json': '{"id":"z"}',
      'records/a/notes.md': '# no',
      'records/C.Json': '{"id":"C"}',
    });
  });
  after(() => removeTree(root));

  it('zipRecordTexts yields every .json entry (any case, any folder), named zip:entry, skipping other files and folders', async () => {
    const zip = join(root, 'npm/all.zip');
    const records = await all(zipRecordTexts(zip));
    assert.deepEqual(records, [
      { name: `${zip}:GHSA-1.json`, text: '{"id":"GHSA-1"}' },
      { name: `${zip}:sub/PYSEC-ü.JSON`, text: '{"id":"ü"}' },
    ]);
  });

  it('zipRecordTexts: a missing or corrupt zip is an AdvisorySourceError that says to download it again', async () => {
    for (const p of [join(root, 'missing.zip'), join(root, 'broken.zip')]) {
      await assert.rejects(all(zipRecordTexts(p)), (e: Error) => e instanceof AdvisorySourceError && e.message.includes(p) && /download it again/i.test(e.message));
    }
  });

  it('directoryRecordTexts yields every .json file at any depth, in a stable (sorted) order', async () => {
    const dir = join(root, 'records');
    const records = await all(directoryRecordTexts(dir));
    assert.deepEqual(records.map((r) => [r.name.slice(dir.length + 1), r.text]), [
      ['C.Json', '{"id":"C"}'],
      [join('a', 'z.json'), '{"id":"z"}'],
      ['b.json', '{"id":"b"}'],
    ]);
  });

  it('directoryRecordTexts: a missing folder is an AdvisorySourceError naming it', async () => {
    const dir = join(root, 'nope');
    await assert.rejects(all(directoryRecordTexts(dir)), (e: Error) => e instanceof AdvisorySourceError && e.message.startsWith(`Cannot read the OSV database folder ${dir}`));
  });
});
