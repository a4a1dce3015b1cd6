import assert from 'node:assert/strict';
import { groupAdvisories } from '../../../../tasks/engine/deps/advisoryGroups';
import type { OsvRecord } from '../../../../tasks/engine/deps/osvRecord';

const rec = (id: string, aliases: string[] = []): OsvRecord => ({ id, aliases });
const byId = (...rs: OsvRecord[]) => new Map(rs.map((r) => [r.id, r]));

describe('deps/advisoryGroups', () => {
  it('merges records that share a CVE into one group named after the GHSA', () => {
    const records = byId(rec('PYSEC-2021-1', ['CVE-2021-1']), rec('GHSA-aaaa-bbbb-cccc', ['CVE-2021-1']));
    const groups = groupAdvisories(['PYSEC-2021-1', 'GHSA-aaaa-bbbb-cccc'], records);
    assert.equal(groups.length, 1);
    assert.equal(groups[0].primaryId, 'GHSA-aaaa-bbbb-cccc');
    assert.deepEqual(groups[0].records.map((r) => r.id), ['GHSA-aaaa-bbbb-cccc', 'PYSEC-2021-1']);
    assert.deepEqual(groups[0].allIds, ['GHSA-aaaa-bbbb-cccc', 'CVE-2021-1', 'PYSEC-2021-1']);
  });

  it('merges transitively (A~B through one alias, B~C through another)', () => {
    const records = byId(rec('GO-2022-1', ['CVE-1']), rec('OSV-2', ['CVE-1', 'CVE-2']), rec('GHSA-x', ['CVE-2']));
    const groups = groupAdvisories(['GO-2022-1', 'OSV-2', 'GHSA-x'], records);
    assert.equal(groups.length, 1);
    assert.equal(groups[0].primaryId, 'GHSA-x');
    assert.deepEqual(groups[0].allIds, ['GHSA-x', 'CVE-1', 'CVE-2', 'GO-2022-1', 'OSV-2']);
  });

  it('merges an id that is itself another record\'s alias', () => {
    const groups = groupAdvisories(['CVE-2020-9', 'GHSA-y'], byId(rec('GHSA-y', ['CVE-2020-9'])));
    assert.equal(groups.length, 1);
    assert.equal(groups[0].primaryId, 'GHSA-y');
    assert.deepEqual(groups[0].records.map((r) => r.id), ['GHSA-y'], 'the CVE id had no record');
  });

  it('keeps unrelated advisories and ids without a record as groups of their own, sorted GHSA, CVE, others', () => {
    const groups = groupAdvisories(['PYSEC-1', 'CVE-2', 'GHSA-z', 'PYSEC-1'], byId(rec('GHSA-z')));
    assert.deepEqual(groups.map((g) => g.primaryId), ['GHSA-z', 'CVE-2', 'PYSEC-1']);
    const missing = groups.find((g) => g.primaryId === 'PYSEC-1')!;
    assert.deepEqual(missing.records, []);
    assert.deepEqual(missing.allIds, ['PYSEC-1']);
  });

  it('does not merge two advisories through an alias that neither lists', () => {
    const groups = groupAdvisories(['GHSA-a', 'GHSA-b'], byId(rec('GHSA-a', ['CVE-1']), rec('GHSA-b', ['CVE-2'])));
    assert.equal(groups.length, 2);
  });

  it('returns no groups for no ids', () => {
    assert.deepEqual(groupAdvisories([], new Map()), []);
  });
});
