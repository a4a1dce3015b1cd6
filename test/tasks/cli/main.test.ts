import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';
import yazl from 'yazl';
import { startTestProxy } from '../engine/deps/support/testProxy';
import { PassThrough } from 'node:stream';
import { excludePattern, madeWhenAsked, main, meantExclude, nothingScannedWarning } from '../../../tasks/cli/main';
import { gateFindings, summaryLine } from '../../../tasks/cli/output';
import type { ScanResult } from '../../../tasks/contract/findings';
import { REPO_ROOT } from '../../support/paths';
import { FAKE, makeTree, removeTree } from '../../support/tmpTree';
import { BACKTRACKING_LINE, BACKTRACKING_RULE_CONFIG, DEV_ONLY_LOCK, MINIMIST_ADVISORY } from '../../support/scanFixtures';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `tty`: stdout is a terminal (of `columns` characters when given); `stderrTty`: so is stderr, with the progress line at once. */
async function cli(args: string[], cwd: string, tty = false, opts: { columns?: number; stderrTty?: boolean } = {}): Promise<Run> {
  const stdout = Object.assign(new PassThrough(), { isTTY: tty, columns: opts.columns });
  const stderr = Object.assign(new PassThrough(), { isTTY: !!opts.stderrTty });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const code = await main(args, { stdout, stderr, cwd, progressDelayMs: 0 });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

describe('palisade CLI', () => {
  let root: string;
  beforeEach(() => {
    root = makeTree({
      'app.js': `const token = "${FAKE.githubPat}";\n`,
      'settings.py': `db_password = "${FAKE.password}"  # palisade-ignore -- rotated\n`,
      'clean.txt': 'nothing here\n',
    });
  });
  afterEach(() => removeTree(root));

  it('exits 1 when something reaches --fail-on and 0 when nothing does', async () => {
    assert.equal((await cli(['scan', '.'], root)).code, 1);
    const none = await cli(['scan', '.', '--fail-on', 'none'], root);
    assert.equal(none.code, 0);
    assert.match(none.stderr, /passed \(fail-on: none\)/);
    removeTree(join(root, 'app.js'));
    assert.equal((await cli(['scan', '.', '--fail-on', 'low'], root)).code, 0, 'suppressed findings never fail');
  });

  it('exits 2 with a one-line message for usage and configuration errors', async () => {
    for (const args of [['scan', '--fail-on', 'severe'], ['scan', '--format', 'xml'], ['scan', 'missing-dir'], ['scan', '--nope'], ['frobnicate'], ['scan', '--config', 'nope.yml'], ['scan', '--workers', '0'], ['scan', '--baseline', 'nope.json'], ['scan', '--max-file-size', '0'], ['scan', '--max-file-size', '0KB']]) {
      const r = await cli(args, root);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^palisade: /);
    }
    const r = await cli(['scan', '--config', 'nope.yml'], root);
    assert.match(r.stderr, /nope\.yml: file not found/);
  });

  it('refuses a .palisade.yml that links to nothing instead of scanning without its settings', async () => {
    symlinkSync(join('..', 'shared', 'palisade.yml'), join(root, '.palisade.yml'));
    const r = await cli(['scan', '.', '--scanners', 'secrets'], root);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^palisade: \.palisade\.yml is a symbolic link to something that does not exist, so its settings cannot be read; fix the link, or remove it to scan without a configuration\n$/);
  });

  it('names a misspelt option or command and the one it most likely meant', async () => {
    for (const [args, message] of [
      [['scan', '--fromat', 'json'], /^palisade: scan: unknown option "--fromat" \(did you mean --format\?\); see "palisade --help"\n$/],
      [['scan', '--failon=high'], /unknown option "--failon" \(did you mean --fail-on\?\)/],
      [['scan', '--exclude-devs'], /\(did you mean --exclude-dev\?\)/],
      [['scan', '--sbmo', 'spdx', 'b.json'], /\(did you mean --sbom\?\)/],
      [['scan', '--baseline-write', 'b.json'], /unknown option "--baseline-write"; see "palisade --help"/],
      [['rules', '--knd', 'code'], /^palisade: rules: unknown option "--knd" \(did you mean --kind\?\)/],
      [['osv-download', '--ecosystem', 'npm'], /\(did you mean --ecosystems\?\)/],
      [['scna', '.'], /^palisade: unknown command "scna" \(did you mean "palisade scan"\?\); use "palisade scan \[PATH\]" or "palisade --help"\n$/],
    ] as [string[], RegExp][]) {
      const r = await cli(args, root);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });

  it('prints its help for --help and -h after every command, and exits 0', async () => {
    for (const args of [['--help'], ['scan', '--help'], ['rules', '--help'], ['rules', '-h'], ['osv-download', '--help'], ['osv-download', '-h']]) {
      const r = await cli(args, root);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /^Usage: palisade scan/, args.join(' '));
      assert.equal(r.stderr, '', args.join(' '));
    }
    const none = await cli([], root);
    assert.equal(none.code, 2, 'no command is a usage error');
    assert.equal(none.stdout, '', 'whose message goes to stderr, not into a pipe or a report file');
    assert.match(none.stderr, /^Usage: palisade scan/);
  });

  it('prints a table on a terminal, JSON when piped, SARIF on request', async () => {
    const table = await cli(['scan', '.'], root, true);
    assert.match(table.stdout, /^SEVERITY\s+RULE\s+LOCATION\s+TITLE\s+PREVIEW/);
    assert.match(table.stdout, /GitHub personal access token/i, 'the rule\'s title says what was found');
    assert.match(table.stdout, /app\.js:1:16/);
    assert.match(table.stdout, /high \(suppressed\)/);

    const json = JSON.parse((await cli(['scan', '.'], root)).stdout);
    assert.equal(json.failing, 1);
    assert.equal(json.findings.length, 2);

    const sarif = JSON.parse((await cli(['scan', '.', '--format', 'sarif'], root)).stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results.length, 2);
  });

  it('writes --sarif and --write-baseline files, and --baseline accepts them', async () => {
    const r = await cli(['scan', '.', '--sarif', 'out.sarif', '--write-baseline', 'base.json', '--quiet'], root);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '', '--quiet keeps stderr empty');
    assert.equal(JSON.parse(readFileSync(join(root, 'out.sarif'), 'utf8')).runs[0].results.length, 2);
    assert.ok(existsSync(join(root, 'base.json')));
    const again = await cli(['scan', '.', '--baseline', 'base.json', '--exclude', 'out.sarif', '--exclude', 'base.json'], root);
    assert.equal(again.code, 0, again.stderr);
  });

  it('refuses an output file it could not write before scanning (exit 2, naming the option and path), and leaves nothing behind', async () => {
    mkdirSync(join(root, 'reports'));
    for (const [args, message] of [
      [['--sarif', 'nodir/out.sarif'], /^palisade: --sarif "nodir\/out\.sarif": folder "nodir" does not exist; create it first\n$/],
      [['--write-baseline', 'nodir/base.json'], /^palisade: --write-baseline "nodir\/base\.json": folder "nodir" does not exist; create it first\n$/],
      [['--sarif', 'reports'], /^palisade: --sarif "reports" is a folder: give the name of a file to write\n$/],
      [['--sarif', 'app.js/out.sarif'], /^palisade: --sarif "app\.js\/out\.sarif": folder "app\.js" is not a folder\n$/],
      [['--sbom', 'cyclonedx', 'nodir/bom.json'], /^palisade: --sbom "nodir\/bom\.json": folder "nodir" does not exist; create it first\n$/],
    ] as [string[], RegExp][]) {
      const r = await cli(['scan', '.', ...args], root);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '', 'no report: the scan did not run');
    }
    assert.deepEqual(readdirSync(root).sort(), ['app.js', 'clean.txt', 'reports', 'settings.py']);
    assert.deepEqual(readdirSync(join(root, 'reports')), []);
  });

  it('warns when no finding matched the baseline, as when it was written from another folder', async () => {
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'lib.js'), `const token = "${FAKE.githubPat2}";\n`);
    assert.equal((await cli(['scan', '.', '--write-baseline', 'base.json', '--quiet'], root)).code, 1);
    const same = await cli(['scan', '.', '--baseline', 'base.json'], root);
    assert.equal(same.code, 0, same.stderr);
    assert.doesNotMatch(same.stderr, /warning/);
    const sub = await cli(['scan', 'src', '--baseline', 'base.json'], root);
    assert.equal(sub.code, 1, 'the findings are new to it all the same');
    assert.match(sub.stderr, /^palisade: warning: no finding matched the baseline base\.json \(2 fingerprints\): a baseline matches scans of the folder it was written from \(paths are part of a fingerprint; this scan's folder is .*src\); write it again if the rules or paths changed$/m);
  });

  it('honours --exclude and reports skipped files in the summary', async () => {
    const r = await cli(['scan', '.', '--exclude', '*.js'], root);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /3 paths: 2 files scanned \(0\.0 MB\), 1 skipped \(1 excluded\)/);
  });

  it('takes Windows forms of an --exclude path (.\\dist, C:\\Repo\\dist in any case) as the path from the folder', () => {
    assert.equal(excludePattern('.\\dist', 'C:\\Repo', 'win32'), 'dist');
    assert.equal(excludePattern('c:\\repo\\dist\\gen', 'C:\\Repo', 'win32'), '/dist/gen');
    assert.equal(excludePattern('!.\\keep.js', 'C:\\Repo\\', 'win32'), '!keep.js');
    // Elsewhere a backslash is gitignore's escape, kept as written.
    assert.equal(excludePattern('\\#notes', '/repo', 'linux'), '\\#notes');
  });

  it('takes --exclude paths as a shell completes them (./app.js, or under the folder\'s absolute path)', async () => {
    for (const pattern of ['./app.js', '././app.js', join(root, 'app.js'), '/app.js', 'app.js']) {
      const r = await cli(['scan', '.', '--scanners', 'secrets', '--exclude', pattern], root);
      assert.equal(r.code, 0, `${pattern}: ${r.stderr}`);
      assert.match(r.stderr, /1 skipped \(1 excluded\)/, pattern);
    }
    const negated = await cli(['scan', '.', '--scanners', 'secrets', '--exclude', '*.js', '--exclude', '!./app.js'], root);
    assert.equal(negated.code, 1, 'a negation keeps its "!"');
    for (const pattern of ['.', './', root]) {
      const r = await cli(['scan', '.', '--exclude', pattern], root);
      assert.equal(r.code, 2, pattern);
      assert.match(r.stderr, /would leave out the whole folder scanned/);
    }
  });

  it('warns of an --exclude that excluded nothing, with the pattern meant when it starts with the folder scanned', async () => {
    mkdirSync(join(root, 'src', 'gen'), { recursive: true });
    writeFileSync(join(root, 'src', 'gen', 'out.js'), `const t = "${FAKE.githubPat}";\n`);
    writeFileSync(join(root, 'src', 'main.js'), 'ok\n');
    const warning = (given: string, meant: string, folder = 'src') =>
      new RegExp(`^palisade: warning: --exclude "${given.replace(/[.\\]/g, '\\$&')}" excluded nothing: patterns are relative to the folder scanned, ${folder.replace(/[.\\/]/g, '\\$&')}; did you mean "${meant}"\\?$`, 'm');
    for (const [folder, given] of [['src', 'src/gen'], ['src', './src/gen'], ['./src/', 'src/gen/out.js'], [join(root, 'src'), 'src/gen']]) {
      const r = await cli(['scan', folder, '--scanners', 'secrets', '--exclude', given], root);
      assert.equal(r.code, 1, 'a warning: the exit code is what the findings make it');
      assert.match(r.stderr, warning(given, given.endsWith('out.js') ? 'gen/out.js' : '/gen', folder), `${folder} ${given}: ${r.stderr}`);
      assert.match(r.stderr, /\npalisade: 1 finding .*FAILED/, 'before the summary');
    }
    const meant = await cli(['scan', 'src', '--scanners', 'secrets', '--exclude', '/gen'], root);
    assert.equal(meant.code, 0, meant.stderr);
    assert.doesNotMatch(meant.stderr, /warning/);
    // Not the folder's path: nothing to suggest, but the pattern is named all the same.
    const typo = await cli(['scan', '.', '--scanners', 'secrets', '--exclude', 'src/gne', '--exclude', 'app.js', '--exclude', 'app.js', '--fail-on', 'none'], root);
    assert.equal(typo.code, 0);
    assert.deepEqual(typo.stderr.split('\n').filter((l) => l.includes('warning')), ['palisade: warning: --exclude "src/gne" excluded nothing: no path the scan reached in the folder scanned, ., matches it']);
    // --quiet silences it as it silences every other warning; files named one by one are not judged.
    assert.equal((await cli(['scan', 'src', '--scanners', 'secrets', '--exclude', 'src/gen', '--quiet'], root)).stderr, '');
    assert.doesNotMatch((await cli(['scan', 'app.js', '--scanners', 'secrets', '--exclude', 'gne'], root)).stderr, /gne/);
    // The configuration's patterns: only one written against another folder is named (a shared
    // configuration lists folders some checkouts lack).
    writeFileSync(join(root, 'palisade.yml'), 'version: 1\nexcludes:\n  - src/gen/\n  - dist/\n');
    const config = await cli(['scan', 'src', '--scanners', 'secrets', '--config', 'palisade.yml'], root);
    assert.deepEqual(config.stderr.split('\n').filter((l) => l.includes('warning')), ['palisade: warning: palisade.yml: excludes: "src/gen/" excluded nothing: patterns are relative to the folder scanned, src; did you mean "/gen/"?']);
  });

  it('takes the folder scanned in any form the command line gives it when it suggests an exclude', () => {
    assert.equal(meantExclude('src/gen', ['src']), '/gen');
    assert.equal(meantExclude('/src/gen/', ['./src/']), '/gen/');
    assert.equal(meantExclude('src/a/b/**', ['src']), 'a/b/**');
    assert.equal(meantExclude('web/src/gen', ['../x', 'web/src']), '/gen');
    assert.equal(meantExclude('src', ['src']), undefined, 'the folder itself means nothing inside it');
    assert.equal(meantExclude('srcgen/x', ['src']), undefined);
    assert.equal(meantExclude('gen', ['.']), undefined);
    // Windows: backslashes and any case, in the pattern and the folder.
    assert.equal(meantExclude('SRC\\gen', ['.\\src\\'], 'win32'), '/gen');
    assert.equal(meantExclude('src/gen', ['Src'], 'win32'), '/gen');
    assert.equal(meantExclude('SRC/gen', ['src'], 'linux'), undefined);
  });

  it('warns when nothing was scanned: a file named and excluded, an empty folder, every path skipped', async () => {
    const excluded = await cli(['scan', 'app.js', '--scanners', 'secrets', '--exclude', '*.js'], root);
    assert.equal(excluded.code, 0);
    assert.match(excluded.stderr, /^palisade: warning: nothing was scanned: the file given was skipped \(1 excluded\); a file named is still left out by --exclude and the excludes of the configuration$/m);
    mkdirSync(join(root, 'empty'));
    const empty = await cli(['scan', 'empty', '--scanners', 'secrets'], root);
    assert.equal(empty.code, 0);
    assert.match(empty.stderr, /^palisade: warning: nothing was scanned: empty holds no file$/m);
    const all = await cli(['scan', '.', '--scanners', 'secrets', '--exclude', '*.*'], root);
    assert.match(all.stderr, /^palisade: warning: nothing was scanned: every path in \. was skipped \(3 excluded\)$/m);
    assert.equal((await cli(['scan', 'empty', '--scanners', 'secrets', '--quiet'], root)).stderr, '');
    assert.doesNotMatch((await cli(['scan', 'app.js', 'clean.txt', '--scanners', 'secrets', '--exclude', '*.js'], root)).stderr, /nothing was scanned/, 'one of two was');
    const two = { stats: { filesScanned: 0, bytesScanned: 0, filesSkipped: 2, durationMs: 1, workers: 1 }, skipped: [{ path: 'a', reason: 'excluded' as const }, { path: 'b', reason: 'binary' as const }] };
    assert.equal(nothingScannedWarning(two, { files: 2, folder: '.' }), 'palisade: warning: nothing was scanned: the 2 files given were skipped (1 excluded, 1 binary); a file named is still left out by --exclude and the excludes of the configuration');
  });

  it('scans the files given, as a pre-commit hook passes them, with paths from the current folder', async () => {
    const r = await cli(['scan', 'app.js', './clean.txt', 'app.js', '--format', 'json', '--fail-on', 'none', '--scanners', 'secrets,code'], root);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: { path: string }[]; stats: { filesScanned: number } };
    assert.equal(report.stats.filesScanned, 2, 'each file once; settings.py was not given');
    assert.deepEqual([...new Set(report.findings.map((f) => f.path))], ['app.js']);
    const excluded = await cli(['scan', 'app.js', '--exclude', '*.js', '--scanners', 'secrets'], root);
    assert.equal(excluded.code, 0, 'the exclude patterns still apply to files given by name');
    assert.match(excluded.stderr, /1 skipped \(1 excluded\)/);
  });

  it('says a file named in a non-UTF-8 name cannot be opened by that name (a pre-commit hook passes it so)', function () {
    try {
      writeFileSync(Buffer.from(join(root, 'caf\xe9.js'), 'latin1'), 'x = 1\n');
    } catch {
      this.skip(); // a file system that takes UTF-8 names only
    }
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'tasks', 'cli', 'palisade.js'), 'scan', 'app.js', Buffer.from('caf\xe9.js', 'latin1') as unknown as string], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^palisade: path "caf\uFFFD\.js" does not exist as written: its name is not valid UTF-8/);
  });

  it('refuses a folder with files, a missing file, and a file outside the current folder, in one line each', async () => {
    mkdirSync(join(root, 'sub'));
    symlinkSync('loop.js', join(root, 'loop.js'));
    symlinkSync('gone.js', join(root, 'dangling.js'));
    for (const [args, cwd, message] of [
      [['scan', 'sub', 'app.js'], root, /one folder or any number of files, not both: "sub" is a folder/],
      [['scan', 'app.js', 'gone.js'], root, /path "gone\.js" does not exist/],
      [['scan', 'app.js', 'loop.js'], root, /path "loop\.js" is a symbolic link that loops/],
      [['scan', 'app.js', 'dangling.js'], root, /path "dangling\.js" is a symbolic link to something that does not exist/],
      [['scan', 'app.js/x.js'], root, /path "app\.js\/x\.js" does not exist \(a part of it is a file, not a folder\)/],
      [['scan', '../app.js'], join(root, 'sub'), /file "\.\.\/app\.js" is outside the current folder; run palisade from a folder that holds every file/],
    ] as [string[], string, RegExp][]) {
      const r = await cli(args, cwd);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, message);
    }
  });

  it('fits the table, with a title column, to the terminal width', async () => {
    removeTree(root);
    root = makeTree({
      'deeply/nested/folder/of/the/service/configuration/settings.js': `const token = "${FAKE.githubPat}";\n`,
      'app.js': `const other = "${FAKE.githubPat2}";\n`,
    });
    const wide = await cli(['scan', '.', '--format', 'table'], root);
    assert.match(wide.stdout, /^SEVERITY\s+RULE\s+LOCATION\s+TITLE\s+PREVIEW$/m, 'a file or a pipe gets every column, uncut');
    assert.ok(wide.stdout.includes('deeply/nested/folder/of/the/service/configuration/settings.js:1:16'));
    const title = /GitHub[^\n]*?token[^\n]*?(?=\s{2})/.exec(wide.stdout)?.[0];
    assert.ok(title && title.length > 20, wide.stdout);
    for (const columns of [200, 120, 100, 80]) {
      const r = await cli(['scan', '.'], root, true, { columns });
      const lines = r.stdout.replace(/\x1b\[[0-9;]*m/g, '').trimEnd().split('\n');
      for (const line of lines) assert.ok(line.length <= columns, `${columns} columns: "${line}" is ${line.length} long`);
      assert.match(lines[0], /^SEVERITY\s+RULE\s+LOCATION\s+TITLE/, `${columns} columns`);
      // The title wraps instead of losing words; the path keeps its end (file and line).
      const titleCol = lines[0].indexOf('TITLE');
      const titleText = lines.slice(2).map((l) => l.slice(titleCol).replace(/\s{2,}.*$/, '')).join(' ').replace(/\s+/g, ' ');
      assert.ok(titleText.includes(title!.replace(/\s+/g, ' ')), `${columns} columns: "${titleText}" has the whole title`);
      assert.match(r.stdout, /settings\.js:1:16/, `${columns} columns`);
    }
  });

  it('names a file it could not read (here: a name that is not UTF-8), which the summary alone only counts', async function () {
    try {
      writeFileSync(Buffer.from(join(root, 'caf\xe9.js'), 'latin1'), `const token = "${FAKE.githubPat2}";\n`);
    } catch {
      this.skip(); // a file system that takes UTF-8 names only
    }
    const r = await cli(['scan', '.', '--scanners', 'secrets', '--format', 'table'], root);
    assert.match(r.stderr, /^palisade: warning: caf\uFFFD\.js: not scanned: its name is not valid UTF-8/m);
    assert.match(r.stderr, /1 unreadable/);
    const quiet = await cli(['scan', '.', '--scanners', 'secrets', '--quiet'], root);
    assert.equal(quiet.stderr, '');
  });

  it('leaves Ctrl-C to end a scan at once: it never listens for SIGINT, which waits for a busy main thread', async () => {
    const listening: number[] = [];
    const stdout = Object.assign(new PassThrough(), { isTTY: true });
    const stderr = {
      isTTY: true,
      write() {
        // Asked while the progress line shows, in the middle of the scan.
        listening.push(process.listenerCount('SIGINT'));
        return true;
      },
    } as unknown as NodeJS.WritableStream & { isTTY: boolean };
    const before = process.listenerCount('SIGINT');
    await main(['scan', '.', '--scanners', 'secrets'], { stdout, stderr, cwd: root, progressDelayMs: 0 });
    assert.ok(listening.length > 0);
    assert.ok(listening.every((n) => n === before), `SIGINT listeners during the scan: ${listening.join(', ')}, before: ${before}`);
  });

  it('counts the same paths in the progress line and the summary', async () => {
    removeTree(root);
    root = makeTree({
      'app.js': `const token = "${FAKE.githubPat}";\n`,
      'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      'vendor/lib.js': 'module.exports = 1;\n',
      'notes.txt': 'nothing here\n',
      '.git/HEAD': 'ref: refs/heads/main\n',
    });
    const r = await cli(['scan', '.', '--exclude', 'vendor/'], root, false, { stderrTty: true });
    const progress = [...r.stderr.matchAll(/scanning: (\d+)\/(\d+) paths/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.ok(progress.length > 0, r.stderr);
    const summary = /(\d+) paths: (\d+) files scanned \([^)]*\), (\d+) skipped \(([^)]*)\)/.exec(r.stderr);
    assert.ok(summary, r.stderr);
    const [, total, scanned, skipped] = summary.map(Number);
    assert.equal(scanned, 2, 'app.js and notes.txt');
    assert.equal(skipped, 3, '.git, vendor/ and the binary image.png');
    assert.equal(total, scanned + skipped);
    assert.deepEqual(progress[progress.length - 1], [total, total], 'the progress line ends on the summary\'s count');
    assert.ok(progress.every(([, t]) => t === total), 'the total never changes');
    const json = JSON.parse((await cli(['scan', '.', '--exclude', 'vendor/'], root)).stdout);
    assert.equal(json.stats.filesScanned + json.skipped.length, total);
  });

  it('lists rules with their kind, and --kind filters them', async () => {
    const all = await cli(['rules'], root);
    assert.equal(all.code, 0);
    assert.match(all.stdout, /^RULE\s+KIND\s+SEVERITY\s+CWE\s+TITLE$/m);
    const kinds = new Set(all.stdout.split('\n').slice(2).filter(Boolean).map((l) => l.split(/\s{2,}/)[1]));
    assert.deepEqual([...kinds].sort(), ['code', 'dependency', 'secret']);
    for (const kind of ['secret', 'code']) {
      const r = await cli(['rules', '--kind', kind], root);
      assert.equal(r.code, 0, r.stderr);
      const rows = r.stdout.split('\n').slice(2).filter(Boolean);
      assert.ok(rows.length > 50, `${kind}: ${rows.length} rules`);
      for (const row of rows) assert.equal(row.split(/\s{2,}/)[1], kind, row);
      const json = JSON.parse((await cli(['rules', '--kind', kind, '--format', 'json'], root)).stdout) as { kind: string }[];
      assert.equal(json.length, rows.length);
      assert.ok(json.every((x) => x.kind === kind));
    }
    const deps = await cli(['rules', '--kind', 'dependency'], root);
    assert.match(deps.stdout, /^osv\.<advisory id>\s+dependency\s+/m, 'dependency rules are made per advisory; the table says how');
    assert.equal(deps.stdout.trim().split('\n').length, 3);
    const bad = await cli(['rules', '--kind', 'secrets'], root);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^palisade: --kind must be secret, code, dependency, not "secrets"$/m);
    const narrow = await cli(['rules'], root, true, { columns: 80 });
    for (const line of narrow.stdout.trimEnd().split('\n')) assert.ok(line.length <= 80, line);
  });

  it('ends quietly, with its own exit code, when the reader closes the pipe early (| head)', function () {
    this.timeout(60_000);
    removeTree(root);
    // Enough findings that the JSON is far larger than a pipe's buffer.
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`src/f${i}.js`] = `const token = "${FAKE.githubPat}";\n`;
    root = makeTree(files);
    const bin = join(REPO_ROOT, 'tasks', 'cli', 'palisade.js');
    for (const [args, code] of [['rules --format json', 0], ['rules', 0], [`scan ${root} --format json`, 1]] as const) {
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" ${args} | head -c 100 >/dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
      const stderr = r.stderr.replace(/^palisade: \d+ findings.*\n/m, '');
      assert.equal(stderr, `exit=${code}\n`, `palisade ${args}: ${r.stderr}`);
    }
  });

  it('writes output thrown away to the null device without making Node\'s stdout and stderr streams', function () {
    if (process.platform === 'win32') this.skip();
    this.timeout(60_000);
    // A preload reports, at exit, whether Node's stream for a non-terminal descriptor was made.
    const report = join(root, 'modules.json');
    const preload = join(root, 'preload.js');
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList.filter((m) => m.includes('sync_write_stream')))));`);
    const bin = join(REPO_ROOT, 'tasks', 'cli', 'palisade.js');
    for (const [args, code] of [[['rules'], 0], [['scan', '--scanners', 'secrets', 'app.js'], 1]] as const) {
      const nul = openSync('/dev/null', 'w');
      try {
        const r = spawnSync(process.execPath, ['-r', preload, bin, ...args], { cwd: root, stdio: ['ignore', nul, nul] });
        assert.equal(r.status, code, args.join(' '));
      } finally {
        closeSync(nul);
      }
      assert.deepEqual(JSON.parse(readFileSync(report, 'utf8')), [], args.join(' '));
    }
  });

  it('never prints a raw secret, whatever the format', async () => {
    for (const format of ['table', 'json', 'sarif']) {
      const r = await cli(['scan', '.', '--format', format], root);
      for (const s of [FAKE.githubPat, FAKE.password]) {
        assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), `secret printed with --format ${format}`);
      }
    }
  });

  it('runs as the package bin (npx palisade)', () => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'tasks', 'cli', 'palisade.js'), 'scan', root, '--format', 'json', '--quiet'], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(JSON.parse(r.stdout).findings.length, 2);
    const help = spawnSync(process.execPath, [join(REPO_ROOT, 'tasks', 'cli', 'palisade.js'), '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: palisade scan/);
  });

  it('makes the default advisory source only when a manifest is to be checked', async function () {
    this.timeout(30_000);
    let made = 0;
    let closed = 0;
    const lazy = madeWhenAsked(() => {
      made++;
      return { label: 'the test source', queryBatch: async (qs) => qs.map(() => ({ vulnIds: ['X-1'] })), getVuln: async (id) => ({ id }), close: () => void closed++ };
    });
    lazy.close();
    assert.equal(made, 0, 'closing an unused source makes none');
    assert.deepEqual(await lazy.queryBatch([{ ecosystem: 'npm', name: 'a', version: '1.0.0' }]), [{ vulnIds: ['X-1'] }]);
    assert.equal(lazy.label, 'the test source');
    assert.deepEqual(await lazy.getVuln('X-1'), { id: 'X-1' });
    assert.deepEqual(lazy.drainWarnings?.(), []);
    lazy.close();
    assert.deepEqual([made, closed], [1, 1]);
    // A default scan (every scanner) of a file, no manifest in sight: the OSV client is not loaded.
    const script = `const { main } = require(${JSON.stringify(join(REPO_ROOT, 'out', 'tasks', 'cli', 'main.js'))});
      const { PassThrough } = require('node:stream');
      const io = { stdout: new PassThrough(), stderr: new PassThrough(), cwd: process.argv[1] };
      main(['scan', 'app.js', '--format', 'json', '--quiet'], io).then((code) => process.stdout.write(JSON.stringify({ code, osv: Object.keys(require.cache).filter((k) => /[\\/]osv[\\/]/.test(k)) })));`;
    const r = spawnSync(process.execPath, ['-e', script, root], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { code: 1, osv: [] });
  });

  it('never says "passed" on an incomplete scan: it says incomplete, with the reason', () => {
    const result: ScanResult = {
      root: '/r', findings: [], skipped: [], rules: [], toolVersion: 't',
      stats: { filesScanned: 3, bytesScanned: 10, filesSkipped: 0, durationMs: 5, workers: 1 },
      diagnostics: [
        { level: 'error', message: 'advisory source unreachable (ECONNREFUSED)', scannerFailure: true },
        { level: 'error', message: 'cannot parse\u001b[2J', path: 'package-lock.json', line: 4, scannerFailure: true },
        { level: 'warning', message: 'bad suppression comment', path: 'a.js' },
      ],
    };
    const line = summaryLine(result, 'high', gateFindings(result.findings, 'high'));
    assert.doesNotMatch(line, /passed/);
    assert.match(line, /INCOMPLETE \(not a pass\): advisory source unreachable \(ECONNREFUSED\) and 1 more scanner failure$/);
    const complete = { ...result, diagnostics: result.diagnostics.slice(2) };
    assert.match(summaryLine(complete, 'high', gateFindings([], 'high')), /passed \(fail-on: high\)$/);
    const onlyLock = { ...result, diagnostics: result.diagnostics.slice(1, 2) };
    assert.match(summaryLine(onlyLock, 'high', gateFindings([], 'high')), /INCOMPLETE \(not a pass\): cannot parse\?\[2J \(package-lock\.json:4\)$/);
  });

  describe('a custom rule that backtracks forever', () => {
    const run = (args: string[], env: Record<string, string>) =>
      spawnSync(process.execPath, [join(REPO_ROOT, 'tasks', 'cli', 'palisade.js'), 'scan', root, '--format', 'json', '--scanners', 'secrets', ...args], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
        timeout: 60_000,
      });
    beforeEach(() => {
      removeTree(root);
      root = makeTree({ '.palisade.yml': BACKTRACKING_RULE_CONFIG, 'stuck.txt': BACKTRACKING_LINE, 'app.js': `const token = "${FAKE.githubPat}";\n` });
    });

    it('is stopped on the file past the rule budget, named in a diagnostic, and the scan finishes', function () {
      this.timeout(60_000);
      const r = run([], { PALISADE_RULE_BUDGET_MS: '300' });
      assert.equal(r.status, 1, r.stderr);
      const out = JSON.parse(r.stdout) as { findings: { path: string }[]; diagnostics: { path?: string; message: string }[] };
      assert.deepEqual(out.findings.map((f) => f.path), ['app.js']);
      assert.ok(out.diagnostics.some((d) => d.path === 'stuck.txt' && d.message.startsWith('Custom rule acme-token ran longer than 300 ms')), r.stdout);
      assert.match(r.stderr, /palisade: warning: stuck\.txt: Custom rule acme-token ran longer than 300 ms on this file and was stopped/);
    });

    it('--timeout stops the whole scan even while a thread is stuck in the rule (exit 3)', function () {
      this.timeout(60_000);
      const r = run(['--timeout', '2s'], { PALISADE_RULE_BUDGET_MS: '600000' });
      assert.equal(r.error, undefined, 'the CLI ended by itself');
      assert.equal(r.status, 3, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^palisade: the scan did not finish within 2s \(--timeout\) and was stopped$/m);
    });

    it('refuses a --timeout that is not a duration', async () => {
      const r = await cli(['scan', '.', '--timeout', 'soon'], root);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--timeout must be a duration such as 90s or 10m, not "soon"/);
    });
  });
});

/** A zip holding the given OSV records, as OSV's `<Ecosystem>/all.zip` exports do. */
function zipOf(records: object[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const r of records) zip.addBuffer(Buffer.from(JSON.stringify(r)), `${(r as { id: string }).id}.json`);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}


describe("palisade CLI: the README's pre-commit hook", () => {
  let repo: string;
  let bin: string;
  const git = (...args: string[]): string => {
    const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  /** `git commit`, with this checkout's CLI as the repository's palisade. */
  const commit = (): { status: number | null; output: string } => {
    const r = spawnSync('git', ['commit', '-q', '-m', 'change'], { cwd: repo, encoding: 'utf8', env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` } });
    return { status: r.status, output: r.stdout + r.stderr };
  };

  beforeEach(function () {
    this.timeout(20_000);
    repo = makeTree({ 'ok.js': 'const x = 1;\n' });
    bin = makeTree({});
    // The recipe as the README gives it.
    const recipe = /```sh\n(#!\/bin\/sh\n# \.git\/hooks\/pre-commit[\s\S]*?)```/.exec(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
    assert.ok(recipe, 'the README has a pre-commit hook');
    // The repository's own palisade, as `npm install --save-dev` links it; no npx on the PATH is
    // asked (one that answers fails the test).
    mkdirSync(join(repo, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(join(repo, 'node_modules', '.bin', 'palisade'), `#!/bin/sh\nexec "${process.execPath}" "${join(REPO_ROOT, 'tasks', 'cli', 'palisade.js')}" "$@"\n`, { mode: 0o755 });
    writeFileSync(join(repo, '.gitignore'), 'node_modules/\n');
    writeFileSync(join(bin, 'npx'), '#!/bin/sh\necho "the hook ran npx $*" >&2\nexit 99\n', { mode: 0o755 });
    git('init', '-q', '.');
    git('config', 'user.email', 'dev@example.com');
    git('config', 'user.name', 'dev');
    git('add', 'ok.js');
    git('commit', '-q', '-m', 'first');
    writeFileSync(join(repo, '.git', 'hooks', 'pre-commit'), recipe[1], { mode: 0o755 });
  });
  afterEach(() => {
    removeTree(repo);
    removeTree(bin);
  });

  it('scans the staged copy: a secret staged and then edited out of the working copy stops the commit', function () {
    this.timeout(20_000);
    writeFileSync(join(repo, 'app.js'), `const token = "${FAKE.githubPat}";\n`);
    git('add', 'app.js');
    writeFileSync(join(repo, 'app.js'), 'const token = process.env.TOKEN;\n');
    const r = commit();
    assert.equal(r.status, 1, r.output);
    assert.match(r.output, /app\.js:1:16/);
    assert.ok(!r.output.includes(FAKE.githubPat));
  });

  it('scans names with spaces and non-ASCII characters, and leaves submodules and symbolic links out', function () {
    this.timeout(20_000);
    mkdirSync(join(repo, 'dir with space'));
    writeFileSync(join(repo, 'dir with space', 'ça va.js'), `const token = "${FAKE.githubPat}";\n`);
    symlinkSync('nowhere.js', join(repo, 'dangling.js'));
    symlinkSync('dir with space', join(repo, 'folder-link'));
    git('add', 'dir with space', 'dangling.js', 'folder-link');
    // A submodule as git records it: a commit id at a path (its folder exists in the working tree).
    git('update-index', '--add', '--cacheinfo', `160000,${git('rev-parse', 'HEAD').trim()},sub`);
    mkdirSync(join(repo, 'sub'));
    const found = commit();
    assert.equal(found.status, 1, found.output);
    assert.match(found.output, /dir with space\/ça va\.js:1:16/);
    writeFileSync(join(repo, 'dir with space', 'ça va.js'), 'const token = process.env.TOKEN;\n');
    git('add', 'dir with space');
    const clean = commit();
    assert.equal(clean.status, 0, clean.output);
    assert.match(clean.output, /1 file scanned/);
    assert.match(git('ls-files', '-s', 'sub'), /^160000 /);
  });

  it('scans a file that replaces a symbolic link (a type change, not a modification)', function () {
    this.timeout(20_000);
    // A link to an example file, as .env -> .env.example is, replaced by a real file with a secret.
    symlinkSync('ok.js', join(repo, 'app.js'));
    git('add', 'app.js');
    assert.equal(commit().status, 0);
    rmSync(join(repo, 'app.js'));
    writeFileSync(join(repo, 'app.js'), `const token = "${FAKE.githubPat}";\n`);
    git('add', 'app.js');
    const r = commit();
    assert.equal(r.status, 1, r.output);
    assert.match(r.output, /app\.js:1:16/);
  });
});

describe('palisade CLI: dependencies', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  it('prints a diagnostic\'s path without its control characters (a folder name cannot drive the terminal)', async () => {
    root = makeTree({ 'web\x1b]0;pwned\x07/package-lock.json': '{\n  "lockfileVersion": 3,\n  "packages": {,\n}\n', 'osv/README': 'empty export\n' });
    const r = await cli(['scan', '.', '--scanners', 'dependencies', '--osv-offline', 'osv'], root);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /palisade: error: web\?\]0;pwned\?\/package-lock\.json:3: cannot read/);
    assert.doesNotMatch(r.stderr, /[\x00-\x09\x0b-\x1f]/, 'no control character but the line ends');
  });

  it('exits 3 naming the file and the reason when the only lockfile cannot be parsed, and never says "passed"', async () => {
    root = makeTree({ 'web/package-lock.json': '{\n  "lockfileVersion": 3,\n  "packages": {,\n}\n', 'osv/README': 'empty export\n' });
    const r = await cli(['scan', '.', '--scanners', 'dependencies', '--osv-offline', 'osv', '--fail-on', 'low'], root);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /palisade: error: web\/package-lock\.json:3: cannot read this npm lockfile: invalid JSON at line 3/);
    assert.doesNotMatch(r.stderr, /passed/);
    assert.match(r.stderr, /INCOMPLETE/);
  });

  it('marks and checks dev dependencies by default, leaves them out with --exclude-dev / --no-dev', async () => {
    root = makeTree({ 'package-lock.json': DEV_ONLY_LOCK, 'osv/npm/GHSA-xvch-5gv4-984h.json': JSON.stringify(MINIMIST_ADVISORY) });
    const all = await cli(['scan', '.', '--scanners', 'dependencies', '--osv-offline', 'osv', '--format', 'json'], root);
    assert.equal(all.code, 1, all.stderr);
    const finding = JSON.parse(all.stdout).findings[0];
    assert.equal(finding.properties.dev, true);
    assert.equal(finding.properties.introducedVia, 'mocha@10.0.0 > minimist@1.2.5');
    const table = await cli(['scan', '.', '--scanners', 'dependencies', '--osv-offline', 'osv'], root, true);
    assert.match(table.stdout, /minimist@1\.2\.5 -> 1\.2\.6 via mocha@10\.0\.0 > minimist@1\.2\.5 \[dev\]/);
    for (const flag of ['--exclude-dev', '--no-dev']) {
      const prod = await cli(['scan', '.', '--scanners', 'dependencies', '--osv-offline', 'osv', '--format', 'json', flag], root);
      assert.equal(prod.code, 0, prod.stderr);
      assert.deepEqual(JSON.parse(prod.stdout).findings, []);
    }
  });

  it('warns when --scanners asks for dependencies and the folder lists none (not in a default scan)', async () => {
    root = makeTree({ 'app.js': 'ok\n', 'osv/README': 'empty export\n' });
    const none = await cli(['scan', '.', '--scanners', 'secrets,dependencies', '--osv-offline', 'osv'], root);
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stderr, /^palisade: warning: no dependency was checked: the dependency scanner \(--scanners secrets,dependencies\) found no lockfile or manifest listing a package in \.$/m);
    assert.equal((await cli(['scan', '.', '--scanners', 'dependencies', '--osv-offline', 'osv', '--quiet'], root)).stderr, '');
    assert.doesNotMatch((await cli(['scan', '.', '--osv-offline', 'osv'], root)).stderr, /warning/, 'a default scan of a tree without manifests is a scan like any other');
    writeFileSync(join(root, 'package-lock.json'), DEV_ONLY_LOCK);
    assert.doesNotMatch((await cli(['scan', '.', '--scanners', 'dependencies', '--osv-offline', 'osv', '--fail-on', 'none'], root)).stderr, /warning/);
  });

  it('writes a bill of materials with --sbom cyclonedx|spdx FILE, and refuses a bad format', async () => {
    root = makeTree({ 'package-lock.json': DEV_ONLY_LOCK, 'osv/npm/GHSA-xvch-5gv4-984h.json': JSON.stringify(MINIMIST_ADVISORY) });
    const r = await cli(['scan', '.', '--scanners', 'dependencies', '--osv-offline', 'osv', '--sbom', 'cyclonedx', 'bom.json', '--fail-on', 'none'], root);
    assert.equal(r.code, 0, r.stderr);
    const bom = JSON.parse(readFileSync(join(root, 'bom.json'), 'utf8'));
    assert.equal(bom.specVersion, '1.5');
    assert.deepEqual(bom.components.map((c: { purl: string }) => c.purl), ['pkg:npm/express@4.17.1', 'pkg:npm/minimist@1.2.5', 'pkg:npm/mocha@10.0.0']);
    const s = await cli(['scan', '.', '--scanners', 'dependencies', '--osv-offline', 'osv', '--sbom', 'spdx', 'bom.spdx.json', '--no-dev', '--fail-on', 'none'], root);
    assert.equal(s.code, 0, s.stderr);
    const doc = JSON.parse(readFileSync(join(root, 'bom.spdx.json'), 'utf8'));
    assert.equal(doc.spdxVersion, 'SPDX-2.3');
    assert.equal(doc.packages.length, 2, 'the subject and express: dev-only packages left out');
    for (const args of [['--sbom', 'xml', 'b.xml'], ['--sbom', 'cyclonedx'], ['--sbom', 'spdx', 'x.json', '--scanners', 'secrets']]) {
      const bad = await cli(['scan', '.', '--osv-offline', 'osv', ...args], root);
      assert.equal(bad.code, 2, args.join(' '));
      assert.match(bad.stderr, /--sbom/);
    }
  });

  describe('osv-download', () => {
    let server: http.Server;
    let base: string;
    const requests: string[] = [];
    let zips: Record<string, Buffer | 'junk'>;
    before(async () => {
      server = http.createServer((req, res) => {
        requests.push(req.url ?? '');
        const m = /^\/([^/]+)\/all\.zip$/.exec(req.url ?? '');
        const body = m ? zips[decodeURIComponent(m[1])] : undefined;
        if (!body) {
          res.writeHead(404).end('not found');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/zip' }).end(body === 'junk' ? Buffer.from('this is not a zip file at all') : body);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));
    beforeEach(() => {
      requests.length = 0;
    });

    it('downloads the exports of the ecosystems found in a tree, and a later offline scan uses them', async () => {
      zips = { npm: await zipOf([MINIMIST_ADVISORY]), Go: await zipOf([]) };
      root = makeTree({ 'package-lock.json': DEV_ONLY_LOCK, 'svc/go.mod': 'module m\n\ngo 1.22.0\n', 'README.md': '# app\n' });
      const r = await cli(['osv-download', '.', '--out', 'osv-db', '--url', base], root);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(requests.sort(), ['/Go/all.zip', '/npm/all.zip']);
      assert.ok(existsSync(join(root, 'osv-db', 'npm', 'all.zip')) && existsSync(join(root, 'osv-db', 'Go', 'all.zip')));
      const scan = await cli(['scan', '.', '--scanners', 'dependencies', '--osv-offline', 'osv-db', '--format', 'json', '--exclude', 'osv-db'], root);
      assert.equal(scan.code, 1, scan.stderr);
      assert.deepEqual(JSON.parse(scan.stdout).findings.map((f: { preview: string }) => f.preview), ['minimist@1.2.5']);
    });

    it('goes through the proxy of HTTP_PROXY / HTTPS_PROXY, as the scan does', async () => {
      zips = { RubyGems: await zipOf([]) };
      root = makeTree({});
      const proxy = await startTestProxy();
      const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
      process.env.HTTP_PROXY = proxy.url;
      for (const k of ['NO_PROXY', 'no_proxy'] as const) delete process.env[k];
      try {
        // A host that does not resolve: only the proxy (which connects to 127.0.0.1) can reach it.
        const port = new URL(base).port;
        const r = await cli(['osv-download', '--ecosystems', 'RubyGems', '--out', 'db', '--url', `http://osv-mirror.invalid:${port}`], root);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(proxy.seen.map((x) => x.line), [`GET http://osv-mirror.invalid:${port}/RubyGems/all.zip`]);
        assert.ok(existsSync(join(root, 'db', 'RubyGems', 'all.zip')));
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
        await proxy.close();
      }
    });

    it('refuses an --out that cannot be a folder, and a PATH that does not exist, naming them (exit 2)', async () => {
      root = makeTree({ 'taken.txt': 'a file\n', 'package-lock.json': DEV_ONLY_LOCK });
      for (const [args, message] of [
        [['osv-download', '--ecosystems', 'npm', '--out', 'taken.txt'], /^palisade: --out "taken\.txt": cannot make this folder \(it or a folder above it is a file\)\n$/],
        [['osv-download', '--ecosystems', 'npm', '--out', 'taken.txt/db'], /^palisade: --out "taken\.txt\/db": cannot make this folder \(it or a folder above it is a file\)\n$/],
        [['osv-download', 'gone', '--out', 'db'], /^palisade: path "gone" does not exist\n$/],
        [['osv-download', 'taken.txt', '--out', 'db'], /^palisade: path "taken\.txt" is not a folder/],
      ] as [string[], RegExp][]) {
        const r = await cli(args, root);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message);
      }
    });

    it('takes --ecosystems instead of a tree, and never leaves a broken file behind', async () => {
      zips = { PyPI: 'junk' };
      root = makeTree({});
      const junk = await cli(['osv-download', '--ecosystems', 'PyPI', '--out', 'db', '--url', base], root);
      assert.equal(junk.code, 3);
      assert.match(junk.stderr, /not a readable zip/);
      assert.ok(!existsSync(join(root, 'db', 'PyPI', 'all.zip')) && !existsSync(join(root, 'db', 'PyPI', 'all.zip.partial')));
      const missing = await cli(['osv-download', '--ecosystems', 'crates.io', '--out', 'db', '--url', base], root);
      assert.equal(missing.code, 3);
      assert.match(missing.stderr, /GET http:\/\/127\.0\.0\.1:\d+\/crates\.io\/all\.zip failed: HTTP 404/);
      for (const args of [['osv-download', '--ecosystems', 'pypi', '--out', 'db'], ['osv-download', '.']]) {
        const bad = await cli(args, root);
        assert.equal(bad.code, 2, args.join(' '));
      }
    });
  });
});
