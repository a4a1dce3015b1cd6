import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type TreeEntry = string | Buffer | { symlink: string };

/** Creates a temporary directory tree; returns its path. Remove it with `removeTree`. */
export function makeTree(entries: Record<string, TreeEntry>, prefix = 'palisade-test-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [rel, content] of Object.entries(entries)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) symlinkSync(content.symlink, abs);
    else writeFileSync(abs, content);
  }
  return root;
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/**
 * Fake credentials assembled at run time so the repository itself holds no token-shaped
 * literal. Their shapes match the vendor formats the built-in rules look for.
 */
export const FAKE = {
  githubPat: 'ghp_' + 'N2b7kQ9xLm4Rt8Vw1Yz3Ac5Df7Gh9Jk2Lm4N',
  // Not an alphabet walk (aB3dE5fG...pQ5rS7tU9vW1xY3zA5 was one: a filler since the walk with digits dropped in is).
  githubPat2: 'ghp_' + 'JI9qwVyGfEACsTeKxBZ2eKysYxnO1gPtfQRi',
  password: 'Vx9#mK2$pL7q',
};
