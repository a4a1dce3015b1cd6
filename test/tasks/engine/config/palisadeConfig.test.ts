import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../../../tasks/contract/findings';
import { loadConfig } from '../../../../tasks/engine/config/palisadeConfig';
import { scan } from '../../../../tasks/engine/index';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { FileProblemError } from '../../../../tasks/engine/text/yamlValidation';
import { FAKE, makeTree, removeTree } from '../../../support/tmpTree';

const CUSTOM_RULE = `
  - id: acme-internal-token
    kind: secret
    title: ACME internal service token
    severity: medium
    cwe: [CWE-798]
    keywords: [acme_]
    pattern: '\\bacme_[a-f0-9]{24}\\b'
    help: Rotate it in the ACME console and read it from Key Vault.
    samples:
      positive: ['key = acme_8f3a9c1e77d04b2a9e6c5f13']
      negative: ['key = acme_short']
`;

describe('.palisade.yml', () => {
  let root: string;
  const builtinIds = new Set(loadBuiltinRules().map((r) => r.spec.id));
  afterEach(() => root && removeTree(root));

  // Each call makes and removes its own tree: a test asks several times.
  function problemsOf(yaml: string): string {
    const dir = makeTree({ '.palisade.yml': yaml });
    try {
      loadConfig(join(dir, '.palisade.yml'), builtinIds, true, '.palisade.yml');
    } catch (e) {
      assert.ok(e instanceof FileProblemError, `expected a FileProblemError, got ${(e as Error).stack}`);
      return e.message;
    } finally {
      removeTree(dir);
    }
    assert.fail('the config was accepted');
  }

  it('names the file, line, key and problem', () => {
    assert.equal(problemsOf('excludes: [a]\nfailon: high\n'), '.palisade.yml:2: failon: unknown key (check its spelling and indentation)');
    assert.equal(
      problemsOf('rules:\n  severity:\n    github-pat-classic: urgent\n'),
      '.palisade.yml:3: rules.severity.github-pat-classic: must be one of "critical", "high", "medium", "low", "note"',
    );
    assert.equal(problemsOf('rules:\n  disable: [nope]\n'), '.palisade.yml:2: rules.disable[0]: unknown rule id "nope" (list rule ids with "palisade rules")');
    assert.match(problemsOf('excludes: [a\n'), /^\.palisade\.yml:\d+: YAML syntax error/);
    assert.equal(problemsOf('- a\n- b\n'), '.palisade.yml: must be a mapping of settings (see the .palisade.yml reference in the README)');
    assert.match(problemsOf('maxFileSize: huge\n'), /^\.palisade\.yml:1: maxFileSize: /);
  });

  it('takes a missing default file for no configuration, and a link to nothing for an error', () => {
    root = makeTree({ 'a.js': 'x' });
    assert.deepEqual(loadConfig(join(root, '.palisade.yml'), builtinIds, false).excludes, []);
    symlinkSync(join(root, 'shared', 'palisade.yml'), join(root, '.palisade.yml'));
    assert.throws(() => loadConfig(join(root, '.palisade.yml'), builtinIds, false, '.palisade.yml'), /\.palisade\.yml: is a symbolic link to something that does not exist/);
  });

  it('reads an exclude written ./dist as dist (gitignore syntax matches nothing with ./)', async () => {
    root = makeTree({ '.palisade.yml': 'excludes: ["./fixtures/", "././gen"]\n', 'fixtures/b.js': `t = "${FAKE.githubPat}"\n`, 'gen/c.js': `t = "${FAKE.githubPat}"\n`, 'src/a.js': `t = "${FAKE.githubPat}"\n` });
    const r = await scan({ root, config: loadConfig(join(root, '.palisade.yml'), builtinIds, true) });
    assert.deepEqual(r.findings.map((f) => f.path), ['src/a.js']);
  });

  it('validates custom rules, their regex and their own samples', () => {
    assert.match(problemsOf(`customRules:${CUSTOM_RULE.replace("'\\bacme_[a-f0-9]{24}\\b'", "'acme_[a-f'")}`), /^\.palisade\.yml:8: customRules\[0\]\.pattern: pattern is not a valid regular expression/);
    assert.match(problemsOf(`customRules:${CUSTOM_RULE.replace('acme_short', 'acme_8f3a9c1e77d04b2a9e6c5f14')}`), /customRules\[0\]\.samples: negative sample 1 is matched by the rule/);
    assert.match(problemsOf(`customRules:${CUSTOM_RULE.replace('severity: medium', 'severity: severe')}`), /^\.palisade\.yml:5: customRules\[0\]\.severity: must be one of/);
    assert.match(problemsOf(`customRules:${CUSTOM_RULE.replace('acme-internal-token', 'github-pat-classic')}`), /customRules\[0\]\.id: rule id "github-pat-classic" is already taken/);
  });

  it('applies excludes, severity overrides, disabled rules and custom rules', async () => {
    root = makeTree({
      '.palisade.yml': `excludes: ["fixtures/"]\nmaxFileSize: 2KB\nrules:\n  severity:\n    github-pat-classic: low\ncustomRules:${CUSTOM_RULE}`,
      'src/a.js': `t = "${FAKE.githubPat}"\nk = acme_8f3a9c1e77d04b2a9e6c5f13\n`,
      'fixtures/b.js': `t = "${FAKE.githubPat}"\n`,
      'big.txt': 'z'.repeat(3000),
    });
    const config = loadConfig(join(root, '.palisade.yml'), builtinIds, true);
    const r = await scan({ root, config });
    assert.deepEqual(r.findings.map((f) => [f.path, f.ruleId, f.severity]), [
      ['src/a.js', 'acme-internal-token', 'medium'],
      ['src/a.js', 'github-pat-classic', 'low'],
    ]);
    assert.deepEqual(r.skipped.map((s) => [s.path, s.reason]), [['.palisade.yml', 'excluded'], ['big.txt', 'too-large'], ['fixtures', 'excluded']]);

    const off = await scan({ root, config: { ...config, disable: ['github-pat-classic'] } });
    assert.deepEqual(off.findings.map((f) => f.ruleId), ['acme-internal-token']);
  });

  it('treats a missing default config as empty, a missing named config as an error', () => {
    root = makeTree({});
    assert.deepEqual(loadConfig(join(root, '.palisade.yml'), builtinIds, false).customRules, []);
    assert.throws(() => loadConfig(join(root, 'custom.yml'), builtinIds, true, 'custom.yml'), /custom\.yml: file not found/);
  });

  describe('secrets.testPaths', () => {
    it('scan() marks and lowers a test-path and an example-path secret; secrets.testPaths: mark keeps their severity', async () => {
      root = makeTree({ 'src/app.env': `TOKEN=${FAKE.githubPat}\n`, 'test/fixtures/app.env': `TOKEN=${FAKE.githubPat}\n`, '.env.example': `TOKEN=${FAKE.githubPat}\n`, '.palisade.yml': 'secrets:\n  testPaths: mark\n' });
      const byPath = (fs: Finding[]) => new Map(fs.map((f) => [f.path, f]));
      const lowered = byPath((await scan({ root, workers: 1, scanners: ['secrets'] })).findings);
      const src = lowered.get('src/app.env')!;
      const fixture = lowered.get('test/fixtures/app.env')!;
      assert.equal(fixture.properties?.context, 'test');
      assert.equal(fixture.properties?.ruleSeverity, src.severity);
      assert.notEqual(fixture.severity, src.severity);
      assert.equal(src.properties?.context, undefined);
      const example = lowered.get('.env.example')!;
      assert.deepEqual([example.properties?.context, example.properties?.ruleSeverity, example.severity], ['example', src.severity, fixture.severity]);
      const config = loadConfig(join(root, '.palisade.yml'), builtinIds, true);
      assert.equal(config.testPaths, 'mark');
      const marked = byPath((await scan({ root, config, workers: 1, scanners: ['secrets'] })).findings);
      assert.equal(marked.get('test/fixtures/app.env')!.severity, src.severity);
      assert.equal(marked.get('test/fixtures/app.env')!.properties?.context, 'test');
      assert.deepEqual([marked.get('.env.example')!.severity, marked.get('.env.example')!.properties?.context], [src.severity, 'example']);
    });

    it('names the file and key of a bad secrets.testPaths value', () => {
      root = makeTree({ '.palisade.yml': 'secrets:\n  testPaths: hide\n' });
      assert.throws(() => loadConfig(join(root, '.palisade.yml'), new Set(), true, '.palisade.yml'), (e: unknown) => e instanceof FileProblemError && /\.palisade\.yml/.test(e.message) && /testPaths/.test(e.message));
    });
  });
});
