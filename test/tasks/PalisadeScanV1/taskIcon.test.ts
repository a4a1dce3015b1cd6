/** The task's icon: task.json requires a 32x32 PNG named icon.png beside it. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/paths';

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  assert.deepEqual([...b.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is not a PNG`);
  assert.equal(b.toString('ascii', 12, 16), 'IHDR', `${file} has no IHDR first`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('task icon', () => {
  it('bundles a 32x32 icon.png beside task.json', () => {
    const config = readFileSync(join(REPO_ROOT, 'tasks', 'webpack.task.js'), 'utf8');
    const source = /\[path\.join\(root, 'images', '([^']+)'\), 'icon\.png'\]/.exec(config)?.[1];
    assert.ok(source, 'webpack.task.js copies an icon.png');
    assert.deepEqual(pngSize(join(REPO_ROOT, 'images', source)), { width: 32, height: 32 });
    const built = join(REPO_ROOT, 'dist', 'PalisadeScanV1', 'icon.png');
    if (existsSync(built)) assert.deepEqual(pngSize(built), { width: 32, height: 32 });
  });
});
