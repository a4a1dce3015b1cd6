import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FileIndex } from '../../tasks/engine/code/fileIndex';
import { grammarOf } from '../../tasks/engine/code/languages';
import { ADAPTERS } from '../../tasks/engine/code/lang/adapters';
import type { Node } from '../../tasks/engine/code/syntax';
import type { ProgramLanguage } from '../../tasks/engine/rules/codeRuleSpec';
import { REPO_ROOT } from './paths';
import { parseWith } from './syntaxShapes';

/** The per-file index of `code` parsed as `language` (as the code scanner builds it). */
export async function indexOf(language: ProgramLanguage, code: string, path = 'x'): Promise<FileIndex> {
  const root = await parseWith(grammarOf(language, path), code);
  return new FileIndex(root, ADAPTERS[language], language, code);
}

/** Calls of `name` (last segment of the callee) in document order. */
export function callsOf(index: FileIndex, name: string) {
  return index.callsNamed(name).sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/** The first argument of the `n`th call of `sink(...)`. */
export function sinkArg(index: FileIndex, n = 0, name = 'sink'): Node {
  const call = callsOf(index, name)[n];
  assert.ok(call, `no call ${n} of ${name}`);
  assert.ok(call.args[0], `${name} call ${n} has no argument`);
  return call.args[0].node;
}

/** The first node (depth first) whose text is exactly `text`, of `type` when given. */
export function nodeWithText(root: Node, text: string, type?: string): Node {
  const find = (n: Node): Node | null => {
    if (n.text === text && (!type || n.type === type)) return n;
    for (const c of n.children) {
      const f = c && find(c);
      if (f) return f;
    }
    return null;
  };
  const found = find(root);
  assert.ok(found, `no node ${type ?? ''} "${text}"`);
  return found;
}

/**
 * Real third-party JavaScript: every `step`-th `.js` file of this project's `node_modules`
 * (sorted, at most `maxBytes` each), up to `count` files, so that tests meet code as it is
 * written, not only as samples are.
 */
export function realJsFiles(count: number, step = 40, maxBytes = 64 * 1024): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  let seen = 0;
  const visit = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (out.length >= count) return;
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile() && e.name.endsWith('.js') && seen++ % step === 0 && statSync(p).size <= maxBytes) out.push({ path: relative(REPO_ROOT, p), text: readFileSync(p, 'utf8') });
    }
  };
  visit(join(REPO_ROOT, 'node_modules'));
  return out;
}
