/**
 * The engine's layers as its folder READMEs declare them ("May import: ..."), the public entries
 * code outside the engine may use, and no import circle anywhere in tasks/ or hub/.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { REPO_ROOT } from '../../support/paths';

const ENGINE = join(REPO_ROOT, 'tasks', 'engine');
const PUBLIC_ENTRIES = ['tasks/engine/index.ts', 'tasks/engine/listing.ts', 'tasks/engine/deps/index.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

const repoPath = (abs: string) => relative(REPO_ROOT, abs).split(sep).join('/');

/** Relative imports of a file, resolved to repository paths of the modules they name. */
function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom|\bimport\(|\brequire\()\s*['"](\.[^'"]*)['"]/g)) {
    const base = join(dirname(file), m[1]);
    const hit = ['.ts', '.tsx', `${sep}index.ts`, `${sep}index.tsx`].map((e) => base + e).find((p) => existsSync(p));
    if (hit) out.push(repoPath(hit));
  }
  return out;
}

/** `secrets`, `contract`, or a top-level engine module such as `nodeCompat.ts`. */
function unitOf(path: string): string | undefined {
  if (path.startsWith('tasks/contract/')) return 'contract';
  if (!path.startsWith('tasks/engine/')) return undefined;
  const rest = path.slice('tasks/engine/'.length);
  return rest.includes('/') ? rest.split('/')[0] : rest;
}

describe('code layout', () => {
  const folders = readdirSync(ENGINE).filter((d) => statSync(join(ENGINE, d)).isDirectory());

  it('gives every engine folder a README that says what it holds and what it may import', () => {
    const missing = folders.filter((d) => !existsSync(join(ENGINE, d, 'README.md')) || !/^May import: .+$/m.test(readFileSync(join(ENGINE, d, 'README.md'), 'utf8')));
    assert.deepEqual(missing, []);
  });

  it('keeps each engine folder to the layers its README allows', () => {
    const problems: string[] = [];
    for (const folder of folders) {
      const readme = readFileSync(join(ENGINE, folder, 'README.md'), 'utf8');
      const allowed = new Set(readme.match(/^May import: (.+)$/m)![1].split(',').map((s) => s.trim()));
      for (const file of sourceFiles(join(ENGINE, folder))) {
        for (const target of localImports(file)) {
          const unit = unitOf(target);
          if (unit === undefined) problems.push(`${repoPath(file)} imports ${target}, outside the engine`);
          else if (unit !== folder && !allowed.has(unit)) problems.push(`${repoPath(file)} imports ${target} (${unit} is not in ${folder}/README.md's "May import")`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('lets code outside the engine use only its public entries', () => {
    const outside = ['tasks/PalisadeScanV1', 'tasks/cli', 'tasks/osv', 'tasks/contract', 'hub'].flatMap((d) => sourceFiles(join(REPO_ROOT, d)));
    const problems = outside.flatMap((file) => localImports(file).filter((t) => t.startsWith('tasks/engine/') && !PUBLIC_ENTRIES.includes(t)).map((t) => `${repoPath(file)} -> ${t}`));
    assert.deepEqual(problems, []);
  });

  it('keeps the hub\'s shared parts free of its pages, and each page free of the other', () => {
    const pages = ['hub/securityHub/', 'hub/buildTab/', 'hub/inventory/'];
    const problems: string[] = [];
    for (const file of ['hub/shared', ...pages].flatMap((d) => sourceFiles(join(REPO_ROOT, d)))) {
      const from = repoPath(file);
      for (const target of localImports(file)) {
        const other = pages.find((p) => target.startsWith(p) && !from.startsWith(p));
        if (other) problems.push(`${from} -> ${target}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('has no import circle in tasks/ or hub/', () => {
    const files = ['tasks', 'hub'].flatMap((d) => sourceFiles(join(REPO_ROOT, d))).filter((f) => !f.includes(`${sep}node_modules${sep}`));
    const graph = new Map(files.map((f) => [repoPath(f), localImports(f)]));
    // Tarjan's strongly connected components: any component of two or more modules is a circle.
    let index = 0;
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const circles: string[][] = [];
    const visit = (v: string): void => {
      idx.set(v, index);
      low.set(v, index++);
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!graph.has(w)) continue;
        if (!idx.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
      if (low.get(v) === idx.get(v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1) circles.push(comp.sort());
      }
    };
    for (const v of graph.keys()) if (!idx.has(v)) visit(v);
    assert.deepEqual(circles, []);
  });

  /**
   * A module's test is at its own path under test/ (tasks/engine/secrets/detector.ts ->
   * test/tasks/engine/secrets/detector.test.ts). The modules that are still tested only through
   * others are listed, with where, in test/tested-elsewhere.json: the list may only shrink.
   */
  it('finds each module\'s test at its own path under test/, or where test/tested-elsewhere.json says', () => {
    const elsewhere = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'tested-elsewhere.json'), 'utf8')) as Record<string, string[] | string>;
    const modules = ['tasks', 'hub'].flatMap((d) => sourceFiles(join(REPO_ROOT, d))).filter((f) => !f.includes(`${sep}node_modules${sep}`)).map(repoPath);
    const mirrored = (m: string) => ['.test.ts', '.test.tsx'].some((e) => existsSync(join(REPO_ROOT, 'test', m.replace(/\.tsx?$/, e))));
    assert.deepEqual(modules.filter((m) => !mirrored(m) && !(m in elsewhere)), [], 'a new module comes with its test at test/<its path>.test.ts');
    assert.deepEqual(Object.keys(elsewhere).filter((m) => !modules.includes(m)), [], 'listed modules that no longer exist');
    assert.deepEqual(Object.keys(elsewhere).filter(mirrored), [], 'modules with their own test now: remove them from the list');
    const named = Object.values(elsewhere).flatMap((v) => (typeof v === 'string' ? [] : v));
    assert.deepEqual(named.filter((t) => !existsSync(join(REPO_ROOT, t))), [], 'tests the list names must exist');
    assert.deepEqual(Object.entries(elsewhere).filter(([, v]) => typeof v === 'string' && !v.startsWith('no logic')), [], 'a reason is "no logic: ..."');
  });
});
