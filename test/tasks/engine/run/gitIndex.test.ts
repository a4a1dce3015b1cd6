import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../../../../tasks/engine/index';
import { parseIndex, trackedUnder } from '../../../../tasks/engine/run/gitIndex';
import { walk } from '../../../../tasks/engine/run/walker';
import { FAKE, makeTree, removeTree } from '../../../support/tmpTree';

/** git itself, to write the indexes read here; these tests say so and stop where it is missing. */
function gitVersion(): string | undefined {
  try {
    return execFileSync('git', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.test', GIT_CONFIG_NOSYSTEM: '1', HOME: '/nonexistent' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: GIT_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A repository whose .gitignore names files committed before it: the usual "removed by .gitignore" leak. */
function committedThenIgnored(extra: Record<string, string> = {}): string {
  const root = makeTree({
    '.env': `GITHUB_TOKEN=${FAKE.githubPat}\n`,
    'config/secrets.yml': `token: ${FAKE.githubPat2}\n`,
    'config/local.yml': 'x: 1\n',
    'src/app.js': 'x\n',
    ...extra,
  });
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'first');
  writeFileSync(join(root, '.gitignore'), '.env\nconfig/\nbuild/\n*.log\n');
  // Untracked and ignored: a developer's own files, never committed.
  writeFileSync(join(root, 'debug.log'), `GITHUB_TOKEN=${FAKE.githubPat}\n`);
  writeFileSync(join(root, 'config', 'mine.yml'), `token: ${FAKE.githubPat}\n`);
  return root;
}

describe('tracked files under .gitignore (git index)', function () {
  const version = gitVersion();
  let root: string | undefined;
  before(function () {
    if (!version) {
      console.log('    (git is not installed here: the git index tests are skipped)');
      this.skip();
    }
  });
  afterEach(() => {
    if (root) removeTree(root);
    root = undefined;
  });

  const listed = (r: { files: { path: string }[] }) => r.files.map((f) => f.path).sort();
  const reasons = (r: { skipped: { path: string; reason: string }[] }) => Object.fromEntries(r.skipped.map((s) => [s.path, s.reason]));

  it('scans a committed file that .gitignore names, and skips the ignored ones git does not track', () => {
    root = committedThenIgnored();
    const r = walk({ root, maxFileSize: 1e6 });
    assert.deepEqual(listed(r), ['.env', '.gitignore', 'config/local.yml', 'config/secrets.yml', 'src/app.js']);
    assert.deepEqual(reasons(r), { '.git': 'vcs-directory', 'config/mine.yml': 'gitignored', 'debug.log': 'gitignored' });
    assert.equal(r.gitIndexUnread, undefined);
  });

  it('reports the secret in a committed, gitignored .env (which the scan skipped before)', async () => {
    root = committedThenIgnored();
    const res = await scan({ root, scanners: ['secrets'] });
    const where = res.findings.map((f) => `${f.path}:${f.ruleId}`).sort();
    assert.ok(where.includes('.env:github-pat-classic'), where.join(', '));
    assert.ok(where.includes('config/secrets.yml:github-pat-classic'), where.join(', '));
    assert.ok(!where.some((w) => w.startsWith('debug.log') || w.startsWith('config/mine.yml')), where.join(', '));
  });

  it('reads index versions 2, 3 (extended flags) and 4 (compressed paths) alike', () => {
    root = committedThenIgnored({ 'a/b/c/deep-name.txt': 'x\n', 'a/b/c/deep-name-2.txt': 'x\n', 'a/bb.txt': 'x\n' });
    const expected = ['.env', 'a/b/c/deep-name-2.txt', 'a/b/c/deep-name.txt', 'a/bb.txt', 'config/local.yml', 'config/secrets.yml', 'src/app.js'];
    for (const v of ['2', '4', '3']) {
      git(root, 'update-index', '--index-version', v);
      if (v === '3') {
        // Intent-to-add sets an entry's extended flags, which only version 3 can hold.
        writeFileSync(join(root, 'later.txt'), 'x\n');
        git(root, 'add', '-N', 'later.txt');
      }
      const bytes: Buffer = readFileSync(join(root, '.git', 'index'));
      assert.equal(bytes.readUInt32BE(4), Number(v), `index version ${v}`);
      const paths = parseIndex(bytes);
      assert.ok(Array.isArray(paths), String(paths));
      assert.deepEqual([...paths].sort(), v === '3' ? [...expected, 'later.txt'].sort() : expected, `version ${v}`);
    }
  });

  it('reads a SHA-256 repository (32-byte object ids)', function () {
    root = makeTree({ 'kept.env': 'x\n' });
    try {
      git(root, 'init', '-q', '--object-format=sha256');
    } catch {
      console.log(`      (${version} cannot make SHA-256 repositories: skipped)`);
      this.skip();
    }
    git(root, 'add', '-A');
    assert.deepEqual(parseIndex(readFileSync(join(root, '.git', 'index'))), ['kept.env']);
  });

  it('finds the work tree above a scanned subfolder, and a linked work tree through its .git file', () => {
    root = committedThenIgnored();
    const sub = trackedUnder(realpathSync(join(root, 'config')));
    assert.ok('tracked' in sub);
    assert.ok(sub.tracked.hasFile('secrets.yml'));
    assert.ok(!sub.tracked.hasFile('mine.yml'));
    git(root, 'worktree', 'add', '-q', join(root, 'wt'));
    const wt = walk({ root: join(root, 'wt'), maxFileSize: 1e6 });
    assert.ok(listed(wt).includes('.env'), listed(wt).join(', '));
  });

  it('enters a gitignored folder only for the files git tracks in it', () => {
    root = committedThenIgnored({ 'build/keep.sh': 'echo\n' });
    writeFileSync(join(root, 'build', 'out.js'), 'generated\n');
    const r = walk({ root, maxFileSize: 1e6 });
    assert.ok(listed(r).includes('build/keep.sh'));
    assert.equal(reasons(r)['build/out.js'], 'gitignored');
  });

  it('outside a work tree, .gitignore files are files like any other: an archive of a repository is scanned whole', async () => {
    root = makeTree({ '.gitignore': '.env\nbuild/\n', '.env': `GITHUB_TOKEN=${FAKE.githubPat}\n`, 'build/x.js': 'x\n', 'a.js': 'x\n' });
    const r = walk({ root, maxFileSize: 1e6 });
    assert.deepEqual(listed(r), ['.env', '.gitignore', 'a.js', 'build/x.js']);
    assert.deepEqual(trackedUnder(realpathSync(root)), { none: 'no-repository' });
    const res = await scan({ root, scanners: ['secrets'] });
    assert.ok(res.findings.some((f) => f.path === '.env'));
    // A work tree marked by its .git folder alone (nothing tracked): the .gitignore applies.
    mkdirSync(join(root, '.git'));
    assert.deepEqual(listed(walk({ root, maxFileSize: 1e6 })), ['.gitignore', 'a.js']);
  });

  it('an index it cannot read: gitignored files skipped as before, and the scan says why', async () => {
    root = committedThenIgnored();
    writeFileSync(join(root, '.git', 'index'), Buffer.from('DIRC\0\0\0\x09\0\0\0\x01garbage'));
    const r = walk({ root, maxFileSize: 1e6 });
    assert.equal(reasons(r)['.env'], 'gitignored');
    assert.match(r.gitIndexUnread ?? '', /index version 9/);
    const res = await scan({ root, scanners: ['secrets'] });
    assert.ok(res.diagnostics.some((d) => d.level === 'warning' && /git index could not be read/.test(d.message)), JSON.stringify(res.diagnostics));
  });

  it('refuses what is not an index, and entries that do not read consistently', () => {
    assert.match(String(parseIndex(Buffer.from('not an index at all'))), /no DIRC signature/);
    const truncated = Buffer.alloc(20);
    truncated.write('DIRC');
    truncated.writeUInt32BE(2, 4);
    truncated.writeUInt32BE(3, 8);
    assert.match(String(parseIndex(truncated)), /do not read as an index/);
  });
});
