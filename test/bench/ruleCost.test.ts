import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleCost } from './ruleCost';

describe('bench: ruleCost', () => {
  it('names a --dir that is not a folder and exits 2, with no stack trace', () => {
    const r = spawnSync(process.execPath, [join(__dirname, 'ruleCost.js'), '--dir', join(tmpdir(), 'palisade-no-such-folder')], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--dir .*palisade-no-such-folder is not a folder/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('times the rules that a file lets through', () => {
    const dir = mkdtempSync(join(tmpdir(), 'palisade-rulecost-'));
    try {
      writeFileSync(join(dir, 'config.env'), 'GITHUB_TOKEN=ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8' + '\n');
      const r = ruleCost(dir);
      assert.equal(r.files, 1);
      assert.ok(r.rules.some((x) => x.matches > 0), 'some rule matched the token');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
