import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../tasks/cli/main';
import { REPO_ROOT } from '../support/paths';
import { FAKE, makeTree, removeTree } from '../support/tmpTree';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd: string, tty = false): Promise<Run> {
  const stdout = Object.assign(new PassThrough(), { isTTY: tty });
  const stderr = Object.assign(new PassThrough(), { isTTY: false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const code = await main(args, { stdout, stderr, cwd });
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
    for (const args of [['scan', '--fail-on', 'severe'], ['scan', '--format', 'xml'], ['scan', 'missing-dir'], ['scan', '--nope'], ['frobnicate'], ['scan', '--config', 'nope.yml'], ['scan', '--workers', '0'], ['scan', '--baseline', 'nope.json']]) {
      const r = await cli(args, root);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^palisade: /);
    }
    const r = await cli(['scan', '--config', 'nope.yml'], root);
    assert.match(r.stderr, /nope\.yml: file not found/);
  });

  it('prints a table on a terminal, JSON when piped, SARIF on request', async () => {
    const table = await cli(['scan', '.'], root, true);
    assert.match(table.stdout, /^SEVERITY\s+RULE\s+LOCATION\s+PREVIEW/);
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

  it('honours --exclude and reports skipped files in the summary', async () => {
    const r = await cli(['scan', '.', '--exclude', '*.js'], root);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /skipped 1 excluded/);
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

  describe('a custom rule that backtracks forever', () => {
    const evilConfig = [
      'customRules:',
      '  - id: acme-token',
      '    kind: secret',
      '    title: ACME token',
      '    severity: high',
      '    cwe: [CWE-798]',
      '    keywords: [token]',
      "    pattern: 'token (a|a)*$'",
      '    help: Revoke it at acme.example.',
      '    samples:',
      "      positive: ['token a']",
      "      negative: ['nothing']",
      '',
    ].join('\n');
    const run = (args: string[], env: Record<string, string>) =>
      spawnSync(process.execPath, [join(REPO_ROOT, 'tasks', 'cli', 'palisade.js'), 'scan', root, '--format', 'json', '--scanners', 'secrets', ...args], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
        timeout: 60_000,
      });
    beforeEach(() => {
      removeTree(root);
      root = makeTree({ '.palisade.yml': evilConfig, 'stuck.txt': `token ${'a'.repeat(60)}!\n`, 'app.js': `const token = "${FAKE.githubPat}";\n` });
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
