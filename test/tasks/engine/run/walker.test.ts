import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { scan } from '../../../../tasks/engine/index';
import { NOT_UTF8_NAME, selectFiles, walk, type WalkWork } from '../../../../tasks/engine/run/walker';
import { decodeText } from '../../../../tasks/engine/text/decode';
import { FAKE, makeTree, removeTree } from '../../../support/tmpTree';

describe('file walking', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  const reasons = (r: { skipped: { path: string; reason: string }[] }) => Object.fromEntries(r.skipped.map((s) => [s.path, s.reason]));

  it('honours .gitignore at every level, with negation, and reports ignored paths once', () => {
    root = makeTree({
      // A work tree (nothing tracked yet): .gitignore files apply only in one.
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': '*.log\nbuild/\n',
      'a.log': 'x',
      'src/app.js': 'x',
      'src/.gitignore': '!keep.log\ngenerated/\n',
      'src/keep.log': 'x',
      'src/drop.log.bak': 'x',
      'src/generated/out.js': 'x',
      'build/lib/deep.js': 'x',
      'docs/build/readme.md': 'x',
    });
    const r = walk({ root, maxFileSize: 1e6 });
    const files = r.files.map((f) => f.path).sort();
    assert.deepEqual(files, ['.gitignore', 'src/.gitignore', 'src/app.js', 'src/drop.log.bak', 'src/keep.log']);
    assert.deepEqual(reasons(r), {
      '.git': 'vcs-directory',
      'a.log': 'gitignored',
      build: 'gitignored',
      'docs/build': 'gitignored',
      'src/generated': 'gitignored',
    });
  });

  it('skips .git, applies excludes, and caps file size', () => {
    root = makeTree({ '.git/config': 'x', 'big.txt': 'y'.repeat(2000), 'vendor/x.js': 'x', 'ok.txt': 'x', 'test/fixtures/a.txt': 'x' });
    const r = walk({ root, maxFileSize: 1000, excludes: ['vendor/', 'test/fixtures/**'] });
    assert.deepEqual(r.files.map((f) => f.path), ['ok.txt']);
    const why = reasons(r);
    assert.equal(why['.git'], 'vcs-directory');
    assert.equal(why['big.txt'], 'too-large');
    assert.equal(why['vendor'], 'excluded');
    assert.equal(why['test/fixtures/a.txt'], 'excluded');
    assert.match(r.skipped.find((s) => s.path === 'big.txt')!.detail!, /2000 bytes/);
  });

  it('names the exclude patterns that excluded nothing, counted by the walk itself', async () => {
    root = makeTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'node_modules/\n',
      'src/app.js': 'x',
      'src/gen/out.js': 'x',
      'dist/app.js': 'x',
      'dist/app.js.map': 'x',
      'node_modules/pkg/index.js': 'x',
      'vendor/lib.js': 'x',
      'x.min.js': 'x',
    });
    const excludes = [
      'src/gen', // matched
      'dist', // matched, and so would be by /dist, which decides it (the last rule to match)
      '/dist',
      'dist/**', // might match inside dist/, not entered: not judged
      'dist/*.map',
      'node_modules/**', // inside a gitignored folder: not judged
      '**/pkg/*.js', // may match inside any folder, as one name may: judged by the paths the walk met
      'vendor/', // matched
      '*.min.js', // matched
      'gen', // matched: src/gen, which src/gen decided
      'gne', // a typo
      'sr/gen',
      'src/src/gen', // nothing: it is not there
      '!src/keep.js', // negations are not judged
      '# a comment',
      'missing/', // named once however often given
      './missing/',
      'missing/',
    ];
    for (const statFiles of [true, false]) {
      const r = walk({ root, maxFileSize: 1e6, excludes, statFiles });
      assert.deepEqual(r.unmatchedExcludes, ['**/pkg/*.js', 'gne', 'sr/gen', 'src/src/gen', 'missing/', './missing/'], `statFiles: ${statFiles}`);
      assert.deepEqual(r.files.map((f) => f.path), ['.gitignore', 'src/app.js']);
    }
    assert.deepEqual(walk({ root, maxFileSize: 1e6 }).unmatchedExcludes, [], 'no patterns, none unmatched');
    // A pattern whose every match a negation kept (src/*.js but src/app.js) matched them; .git,
    // never walked, is there.
    mkdirSync(join(root, '.git', 'hooks'), { recursive: true });
    const kept = walk({ root, maxFileSize: 1e6, excludes: ['src/*.js', '!src/app.js', '.git/', '.git/hooks', 'gne'] });
    assert.deepEqual(kept.unmatchedExcludes, ['gne']);
    assert.deepEqual(kept.files.map((f) => f.path), ['.gitignore', 'dist/app.js', 'dist/app.js.map', 'src/app.js', 'src/gen/out.js', 'vendor/lib.js', 'x.min.js']);
    assert.equal(selectFiles(root, ['src/app.js'], { root, maxFileSize: 1e6, excludes: ['gne'] }).unmatchedExcludes, undefined, 'a list of files says nothing of a pattern');
    // The scan hands them on (not as part of the result's data), the config's first.
    const result = await scan({ root, config: { excludes: ['cfg-missing'], disable: [], enable: [], severity: {}, customRules: [] }, excludes: ['src/gen', 'cli-missing'], scanners: ['secrets'] });
    assert.deepEqual(result.unmatchedExcludes, ['cfg-missing', 'cli-missing']);
    assert.ok(!('unmatchedExcludes' in JSON.parse(JSON.stringify(result))));
    assert.equal((await scan({ root, paths: ['src/app.js'], excludes: ['gne'], scanners: ['secrets'] })).unmatchedExcludes, undefined);
  });

  it('without stat\'ing files (as scan() walks): the same files, links and skips; sizes and the cap come at the read', async () => {
    const outside = makeTree({ 'secret.txt': `t = "${FAKE.githubPat}"` });
    try {
      root = makeTree({
        '.gitignore': '*.log\n',
        'a.log': 'x',
        '.git/config': 'x',
        'vendor/x.js': 'x',
        'big.txt': 'y'.repeat(2000),
        'store.p12': 'z'.repeat(2000),
        'small.p12': 'z',
        'ok.txt': `t = "${FAKE.githubPat}"\n`,
        'real/file.txt': 'x',
        'real/loop': { symlink: '..' },
        'out': { symlink: outside },
        'outfile.txt': { symlink: join(outside, 'secret.txt') },
        'alias.txt': { symlink: 'real/file.txt' },
        'biglink.txt': { symlink: 'big.txt' },
        'dangling': { symlink: 'nowhere' },
      });
      const opts = { root, maxFileSize: 1000, excludes: ['vendor/'] };
      const stat = walk(opts);
      const fast = walk({ ...opts, statFiles: false });
      // Regular files over the cap are listed, without a size, and skipped by the read instead.
      const tooLarge = stat.skipped.filter((s) => s.reason === 'too-large' && s.path !== 'biglink.txt');
      assert.deepEqual(tooLarge.map((s) => s.path), ['big.txt', 'store.p12']);
      assert.deepEqual(fast.skipped, stat.skipped.filter((s) => !tooLarge.includes(s)));
      assert.deepEqual(fast.files.map((f) => f.path).sort(), [...stat.files.map((f) => f.path), 'big.txt', 'store.p12'].sort());
      for (const f of fast.files) {
        assert.equal(f.size, undefined, f.path);
        assert.equal(typeof f.dev, 'number', f.path);
      }
      assert.ok(stat.files.every((f) => typeof f.size === 'number' && f.dev === undefined));
      // scan() walks that way: the same skips, details and findings as a walk that stats files.
      const r = await scan({ root, maxFileSize: 1000, excludes: ['vendor/'], scanners: ['secrets'] });
      const walkDetail = (p: string) => stat.skipped.find((s) => s.path === p)!.detail;
      assert.deepEqual(r.skipped.filter((s) => s.reason === 'too-large'), [
        { path: 'big.txt', reason: 'too-large', detail: walkDetail('big.txt') },
        { path: 'biglink.txt', reason: 'too-large', detail: walkDetail('biglink.txt') },
        { path: 'store.p12', reason: 'too-large', detail: walkDetail('store.p12') },
      ]);
      // A key store over the cap is skipped before its name is looked at, as the walk skips it.
      assert.deepEqual(r.findings.map((f) => [f.path, f.ruleId]).sort(), [['ok.txt', 'github-pat-classic'], ['small.p12', 'pkcs12-key-store']]);
      assert.equal(r.stats.filesScanned, stat.files.length);
      assert.equal(r.stats.filesSkipped, stat.skipped.length);
      // With code rules on, scan() walks with stats: the same skips and secret findings.
      const withCode = await scan({ root, maxFileSize: 1000, excludes: ['vendor/'], scanners: ['secrets', 'code'] });
      assert.deepEqual(withCode.skipped, r.skipped);
      assert.deepEqual(withCode.findings.filter((f) => f.kind === 'secret'), r.findings);
    } finally {
      removeTree(outside);
    }
  });

  it('gives every file the path join() gives it, whatever form the root is written in', () => {
    root = makeTree({ 'a.txt': 'x', 'd/e/f.txt': 'x', 'd/g.txt': 'x', 'link': { symlink: 'd/e' } });
    for (const form of [root, `${root}/`, `${root}/./d/..`, relative(process.cwd(), root) || '.']) {
      for (const statFiles of [true, false]) {
        const r = walk({ root: form, maxFileSize: 1e6, statFiles });
        assert.deepEqual(r.files.map((f) => f.abs), r.files.map((f) => join(form, f.path)), `${form}, statFiles ${statFiles}`);
        assert.deepEqual(r.files.map((f) => f.path).sort(), ['a.txt', 'd/e/f.txt', 'd/g.txt']);
      }
    }
  });

  it('survives symlink loops and never leaves the root', () => {
    const outside = makeTree({ 'secret.txt': `t = "${FAKE.githubPat}"` });
    try {
      root = makeTree({
        'real/file.txt': 'x',
        'real/loop': { symlink: '..' },
        'out': { symlink: outside },
        'outfile.txt': { symlink: join(outside, 'secret.txt') },
        'alias.txt': { symlink: 'real/file.txt' },
        'dangling': { symlink: 'nowhere' },
      });
      const r = walk({ root, maxFileSize: 1e6 });
      assert.deepEqual(r.files.map((f) => f.path), ['real/file.txt']);
      const why = reasons(r);
      assert.equal(why['real/loop'], 'symlink-loop');
      assert.equal(why['out'], 'symlink-outside-root');
      assert.equal(why['outfile.txt'], 'symlink-outside-root');
      assert.equal(why['alias.txt'], 'symlink-duplicate');
      assert.equal(why['dangling'], 'unreadable');
    } finally {
      removeTree(outside);
    }
  });

  it('asks for real paths only of files reached through a link (one link in a large tree stays cheap)', () => {
    const tree: Record<string, string | { symlink: string }> = { 'bin/tool': { symlink: '../pkg/a/b/c/0.js' } };
    for (let i = 0; i < 50; i++) tree[`pkg/a/b/c/${i}.js`] = 'x';
    root = makeTree(tree);
    const work: WalkWork = { dirs: 0, fsCalls: 0 };
    const r = walk({ root, maxFileSize: 1e6 }, work);
    // Each file once, at its real path.
    assert.equal(r.files.length, 50);
    assert.ok(r.files.every((f) => f.path.startsWith('pkg/a/b/c/')));
    const why = reasons(r);
    assert.equal(why['bin/tool'], 'symlink-duplicate');
    // 57 entries (51 files, 6 folders): an lstat each, a readdir per folder, realpath and stat for
    // the link, and one realpath for the one file reached through it; none for the 50 others
    // (Node's realpath costs an lstat per folder of the path).
    assert.ok(work.fsCalls <= 57 + 6 + 2 + 1 + 10, `${work.fsCalls} file-system calls`);
  });

  it('names a file whose name is not UTF-8 as skipped for that reason, in both kinds of walk and in a scan', async function () {
    root = makeTree({ 'ok.js': 'x' });
    try {
      writeFileSync(Buffer.from(join(root, 'caf\xe9.js'), 'latin1'), `token = "${FAKE.githubPat}"\n`);
    } catch {
      this.skip(); // a file system that takes UTF-8 names only
    }
    for (const statFiles of [true, false]) {
      const r = walk({ root, maxFileSize: 1e6, statFiles });
      assert.deepEqual(r.files.map((f) => f.path), ['ok.js']);
      assert.deepEqual(r.skipped, [{ path: 'caf\uFFFD.js', reason: 'unreadable', detail: NOT_UTF8_NAME }]);
    }
    const result = await scan({ root, scanners: ['secrets'] });
    assert.deepEqual(result.skipped, [{ path: 'caf\uFFFD.js', reason: 'unreadable', detail: NOT_UTF8_NAME }]);
    // Excluded or gitignored, it is skipped as such: nothing the user left out is named as unread.
    writeFileSync(Buffer.from(join(root, 'r\xe9sum\xe9.log'), 'latin1'), 'x\n');
    writeFileSync(join(root, '.gitignore'), '*.log\n');
    mkdirSync(join(root, '.git'));
    for (const statFiles of [true, false]) {
      const r = walk({ root, maxFileSize: 1e6, statFiles, excludes: ['caf*'] });
      assert.deepEqual(
        r.skipped.map((s) => [s.path, s.reason]).sort(),
        [['.git', 'vcs-directory'], ['caf\uFFFD.js', 'excluded'], ['r\uFFFDsum\uFFFD.log', 'gitignored']],
      );
    }
  });

  it('reports binary files as skipped and scans text in any encoding', async () => {
    const latin1 = Buffer.concat([Buffer.from('caf\xe9 = 1\n', 'latin1'), Buffer.from(`token = "${FAKE.githubPat}"\n`)]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`x\ntoken = "${FAKE.githubPat}"\n`, 'utf16le')]);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`t="${FAKE.githubPat}"`)]);
    root = makeTree({
      'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]),
      'legacy.txt': latin1,
      'wide.txt': utf16,
      'bom.txt': bom,
      'crlf.txt': `first\r\nsecond\r\n  k = "${FAKE.githubPat}"\r\n`,
    });
    const r = await scan({ root });
    assert.equal(reasons(r)['image.png'], 'binary');
    const at = (p: string) => r.findings.filter((f) => f.path === p).map((f) => [f.region.startLine, f.region.startColumn, f.region.endColumn]);
    assert.deepEqual(at('legacy.txt'), [[2, 10, 50]]);
    assert.deepEqual(at('wide.txt'), [[2, 10, 50]]);
    assert.deepEqual(at('bom.txt'), [[1, 4, 44]]);
    assert.deepEqual(at('crlf.txt'), [[3, 8, 48]]);
  });

  it('decodes by BOM and falls back to Latin-1 for invalid UTF-8', () => {
    assert.equal(decodeText(Buffer.from([0xc3, 0x28]))!.encoding, 'latin1');
    assert.equal(decodeText(Buffer.from('h\u00e9', 'utf8'))!.encoding, 'utf8');
    assert.equal(decodeText(Buffer.from([0xfe, 0xff, 0, 0x41]))!.text, 'A');
    assert.equal(decodeText(Buffer.from([0x41, 0, 0x42])), null);
  });

  it('gives the same findings on worker threads as in process, and fingerprints survive moved lines', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 80; i++) files[`pkg${i % 7}/f${i}.js`] = `// file ${i}\n${'const filler = 1;\n'.repeat(3000)}const t = "${i % 10 === 0 ? FAKE.githubPat : 'none'}";\n`;
    root = makeTree(files);
    const one = await scan({ root, workers: 1 });
    const two = await scan({ root, workers: 2 });
    assert.equal(two.stats.workers, 2);
    assert.equal(one.findings.length, 8);
    assert.deepEqual(two.findings, one.findings);

    const before = one.findings.find((f) => f.path === 'pkg0/f0.js')!;
    writeFileSync(join(root, 'pkg0/f0.js'), `// moved\n\n\n${files['pkg0/f0.js']}`);
    const after = (await scan({ root, workers: 1 })).findings.find((f) => f.path === 'pkg0/f0.js')!;
    assert.equal(after.region.startLine, before.region.startLine + 3);
    assert.equal(after.fingerprint, before.fingerprint);
  });
});

describe('file walking: hostile trees', () => {
  let root = '';
  afterEach(() => root && removeTree(root));

  /**
   * Runs `fn` in root/d/d/.../d (`depth` levels), made and removed one level at a time relative
   * to the working directory: by absolute path each call would cost the whole depth again, and
   * Node's recursive removal overflows the stack at this depth.
   */
  const inDeepTree = async (depth: number, fn: (deepest: string) => Promise<void>): Promise<void> => {
    const cwd = process.cwd();
    let made = 0;
    try {
      process.chdir(root);
      for (; made < depth; made++) {
        mkdirSync('d');
        process.chdir('d');
      }
      await fn(process.cwd());
    } finally {
      for (; made > 0; made--) {
        process.chdir('..');
        rmSync('d', { recursive: true, force: true });
      }
      process.chdir(cwd);
    }
  };

  it('walks a 2,000-deep tree with work proportional to its size (counted calls, not time)', async function () {
    this.timeout(60_000);
    root = makeTree({ 'top.txt': 'x' });
    const depth = 2000;
    let walked: ReturnType<typeof walk> | undefined;
    const work: WalkWork = { dirs: 0, fsCalls: 0 };
    await inDeepTree(depth, async (deepest) => {
      // One-letter names keep the deepest path under Linux's 4,096-byte limit.
      writeFileSync(join(deepest, 'f.txt'), `t = "${FAKE.githubPat}"\n`);
      walked = walk({ root, maxFileSize: 1 << 20, excludes: ['node_modules/', '*.min.js'] }, work);
    });
    assert.ok(walked);
    assert.deepEqual(walked.files.map((f) => f.path), [`${'d/'.repeat(depth)}f.txt`, 'top.txt']);
    assert.deepEqual(walked.skipped, []);
    assert.equal(work.dirs, depth + 1);
    // Entries: 2,000 directories and 2 files. Per entry one lstat, per directory one readdir
    // (plus a few fixed calls): no realpath per directory, nothing that grows with depth.
    const entries = depth + 2;
    assert.ok(work.fsCalls <= 2 * entries + 10, `${work.fsCalls} file-system calls for ${entries} entries`);
  });

  it('decodes UTF-32 with a byte-order mark (LE and BE) and finds secrets in it', async () => {
    const line = `token = "${FAKE.githubPat}" \u{1F511}\n`;
    const utf32 = (le: boolean): Buffer => {
      const cps = [0xfeff, ...[...line].map((c) => c.codePointAt(0)!)];
      const b = Buffer.alloc(cps.length * 4);
      cps.forEach((cp, i) => (le ? b.writeUInt32LE(cp, i * 4) : b.writeUInt32BE(cp, i * 4)));
      return b;
    };
    assert.deepEqual(decodeText(utf32(true)), { text: line, encoding: 'utf32le' });
    assert.deepEqual(decodeText(utf32(false)), { text: line, encoding: 'utf32be' });
    // Not characters: a lone surrogate and a value past U+10FFFF.
    assert.equal(decodeText(Buffer.from([0xff, 0xfe, 0, 0, 0x00, 0xd8, 0, 0, 0, 0, 0x11, 0, 0x41, 0, 0, 0]))!.text, '\ufffd\ufffdA');
    root = makeTree({ 'le.txt': utf32(true), 'be.txt': utf32(false), 'raw32.bin': utf32(true).subarray(4) });
    const r = await scan({ root, scanners: ['secrets'] });
    assert.deepEqual(r.findings.map((f) => [f.path, f.region.startLine, f.region.startColumn]), [['be.txt', 1, 10], ['le.txt', 1, 10]]);
    // Without its mark, UTF-32 looks binary: skipped, and the reason says what would help.
    assert.deepEqual(r.skipped, [{ path: 'raw32.bin', reason: 'binary', detail: 'a NUL byte in its first 8000 bytes (UTF-16 and UTF-32 text needs a byte-order mark)' }]);
  });

  it('holds one copy of each listed file\'s relative path and makes its absolute one when asked', function () {
    // Deep, long names, so that the paths' characters outweigh the objects around them. A fresh
    // process compares the heap before and after twenty more walks (two full GCs each, swept at
    // once). The heap reading after a GC wanders by up to ~200 KB from walk to walk whatever the
    // lists hold (code and feedback the optimiser keeps or drops): with three walks that was
    // ~70 bytes a file of noise and CI once failed; over twenty it is under 10.
    const dir = 'a-rather-long-folder-name-to-make-the-paths-long/another-long-folder-name-below-it';
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`${dir}/module-${i}/a-file-with-a-long-name-${i}.js`] = 'x';
    root = makeTree(files);
    const script = `
      const { walk } = require(${JSON.stringify(require.resolve('../../../../tasks/engine/run/walker'))});
      const opts = { root: ${JSON.stringify(root)}, excludes: [], maxFileSize: 1 << 20 };
      const { join } = require('node:path');
      const check = (files) => ({ count: files.length, rel: files.reduce((n, f) => n + f.path.length, 0), same: files.every((f) => f.abs === join(opts.root, f.path)) });
      walk(opts); walk(opts);
      gc(); gc();
      const before = process.memoryUsage().heapUsed;
      const lists = [];
      for (let i = 0; i < 20; i++) lists.push(walk(opts).files);
      gc(); gc();
      const bytes = (process.memoryUsage().heapUsed - before) / lists.length;
      process.stdout.write(JSON.stringify({ ...check(lists[0]), bytes }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--single-threaded-gc', '-e', script], { encoding: 'utf8' })) as { count: number; rel: number; same: boolean; bytes: number };
    assert.equal(out.count, 2000);
    assert.ok(out.same, 'a listed file\'s absolute path is the root joined with its relative one');
    // The relative paths' characters and at most 90 bytes a file for the rest (measured: 70-73).
    // Holding each absolute path as well cost ~115 bytes a file more than its characters; a
    // relative path made as a concatenation is kept beside its flattened copy.
    assert.ok(out.bytes < out.rel + out.count * 90, `the list held ${out.bytes} bytes for ${out.rel} characters of relative paths`);
  });
});
