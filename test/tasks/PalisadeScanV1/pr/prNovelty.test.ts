import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { scan } from '../../../../tasks/engine';
import type { ChangedFile, PrChanges } from '../../../../tasks/PalisadeScanV1/azure/prChanges';
import { findNewFindings, MAX_BASE_FILES } from '../../../../tasks/PalisadeScanV1/pr/prNovelty';
import { capturedLog } from '../../../support/taskFakes';
import { FAKE, makeTree, removeTree } from '../../../support/tmpTree';

const line = (v: string) => `const t = "${v}";\n`;

function changes(files: ChangedFile[], base: Record<string, string | null>): PrChanges & { reads: string[] } {
  const reads: string[] = [];
  return {
    source: 'rest', baseCommit: 'base', files, reads,
    readBase: async (p) => {
      reads.push(p);
      const v = base[p];
      return v === undefined || v === null ? null : Buffer.from(v);
    },
  };
}

describe('pr/prNovelty', () => {
  let head: string;
  let temp: string;
  beforeEach(() => {
    temp = makeTree({});
  });
  afterEach(() => {
    removeTree(head);
    removeTree(temp);
  });

  async function headFindings(files: Record<string, string>) {
    head = makeTree(files);
    return (await scan({ root: head, workers: 0, scanners: ['secrets'] })).findings;
  }

  it('counts as new only findings of changed files that their base version lacks', async () => {
    const current = await headFindings({
      'edited.js': line(FAKE.githubPat) + line(FAKE.githubPat2),
      'added.js': line(FAKE.githubPat),
      'untouched.js': line(FAKE.githubPat2),
      'moved/new.js': line(FAKE.githubPat),
    });
    const c = changes(
      [
        { path: 'edited.js', basePath: 'edited.js', change: 'edit' },
        { path: 'added.js', change: 'add' },
        { path: 'moved/new.js', basePath: 'old/name.js', change: 'rename' },
        { path: 'gone.js', basePath: 'gone.js', change: 'delete' },
      ],
      { 'edited.js': line(FAKE.githubPat), 'old/name.js': line(FAKE.githubPat) },
    );
    const { log } = capturedLog();
    const n = await findNewFindings(current, c, { workers: 0, scanners: ['secrets'] }, log, temp);
    const fpOf = (path: string, v: string) => current.find((f) => f.path === path && f.region.startLine === (v === FAKE.githubPat2 && path === 'edited.js' ? 2 : 1))!.fingerprint;
    assert.deepEqual([...n.newFingerprints].sort(), [fpOf('edited.js', FAKE.githubPat2), fpOf('added.js', FAKE.githubPat)].sort());
    assert.deepEqual([...n.changedPaths].sort(), ['added.js', 'edited.js', 'moved/new.js'], 'a deleted file is not a changed path');
    assert.equal(n.baseFilesScanned, 2);
    assert.deepEqual(c.reads.sort(), ['edited.js', 'old/name.js'], 'deleted and added files have no base to read');
    assert.deepEqual(readdirSync(temp), [], 'the base versions are removed');
  });

  it('counts findings of a file whose base could not be read as new (the strict side)', async () => {
    const current = await headFindings({ 'a.js': line(FAKE.githubPat) });
    const n = await findNewFindings(current, changes([{ path: 'a.js', basePath: 'a.js', change: 'edit' }], { 'a.js': null }), { workers: 0, scanners: ['secrets'] }, capturedLog().log, temp);
    assert.equal(n.newFingerprints.size, 1);
    assert.equal(n.baseFilesScanned, 0);
  });

  it('compares at most MAX_BASE_FILES files with the base, and warns about the rest', async () => {
    const current = await headFindings({ 'a.js': 'x\n' });
    const files: ChangedFile[] = Array.from({ length: MAX_BASE_FILES + 5 }, (_, i) => ({ path: `f${i}.js`, basePath: `f${i}.js`, change: 'edit' }));
    const c = changes(files, {});
    const { log, lines } = capturedLog();
    await findNewFindings(current, c, { workers: 0, scanners: ['secrets'] }, log, temp);
    assert.equal(c.reads.length, MAX_BASE_FILES);
    assert.match(lines.join('\n'), new RegExp(`changes ${MAX_BASE_FILES + 5} existing files; only the first ${MAX_BASE_FILES} are compared`));
  });
});
