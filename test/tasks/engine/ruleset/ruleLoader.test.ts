import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { builtinRuleIds, builtinRulesDir, builtinRuleSummaries, loadBuiltinRules, loadRuleDir, loadRuleFile, SOURCE_RULES_DIR, validateRuleSpec } from '../../../../tasks/engine/ruleset/ruleLoader';
import { readFreshRuleList, RULE_BUNDLE_FILE } from '../../../../tasks/engine/ruleset/ruleBundle';
import { ruleSummaries } from '../../../../tasks/engine/run/ruleSet';
import { FileProblemError, parseYamlFile } from '../../../../tasks/engine/text/yamlValidation';
import { makeTree, removeTree } from '../../../support/tmpTree';

const SECRET = (id: string, over = '') => `id: ${id}
kind: secret
title: Test token ${id}
severity: high
cwe: [CWE-798]
keywords: [tok_]
pattern: 'tok_[a-z0-9]{20}'
help: Rotate it.
samples:
  positive: ['x = tok_k3j9x8m2v6p5t4z7r2q1']
  negative: ['x = tok_short']
${over}`;

const CODE = `id: js-test-eval
kind: code
title: Eval
severity: high
cwe: [CWE-95]
languages: [javascript]
keywords: [eval]
match:
  - call: ['eval()']
help: Do not eval.
samples:
  positive: ['eval(req.query.x)']
  negative: ['parse(req.query.x)']
`;

function problemOf(yamlText: string, prefix: (string | number)[] = []): string {
  const parsed = parseYamlFile('r.yml', yamlText);
  try {
    validateRuleSpec(parsed.value, 'r.yml', parsed, prefix);
  } catch (e) {
    assert.ok(e instanceof FileProblemError, String(e));
    return e.message;
  }
  assert.fail('expected a problem');
}

describe('ruleset/ruleLoader', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) removeTree(root);
    root = undefined;
  });

  it('accepts a valid secret rule and a valid code rule', () => {
    const s = validateRuleSpec(parseYamlFile('s.yml', SECRET('tok-a')).value, 's.yml');
    assert.equal(s.kind, 'secret');
    assert.equal(s.id, 'tok-a');
    const c = validateRuleSpec(parseYamlFile('c.yml', CODE).value, 'c.yml');
    assert.equal(c.kind, 'code');
  });

  it('requires kind to be secret or code', () => {
    assert.equal(problemOf('id: x\ntitle: y\n'), 'r.yml:1: kind: missing required key "kind" (secret or code)');
    assert.equal(problemOf('id: x\nkind: magic\n'), 'r.yml:2: kind: must be one of "secret", "code"');
    assert.throws(() => validateRuleSpec('text', 'r.yml'), /missing required key "kind"/);
  });

  it('names schema problems of a secret rule with key and line', () => {
    assert.match(problemOf(SECRET('tok-a', 'colour: red\n')), /^r\.yml:12: colour: unknown key/m);
    assert.match(problemOf(SECRET('tok-a').replace('severity: high', 'severity: severe')), /^r\.yml:4: severity: must be one of/m);
  });

  it('refuses a pattern that does not compile, or that can backtrack badly, naming the pattern key', () => {
    assert.match(problemOf(SECRET('tok-a').replace("'tok_[a-z0-9]{20}'", "'tok_[a-z'")), /^r\.yml:7: pattern: /);
    assert.match(problemOf(SECRET('tok-a').replace("'tok_[a-z0-9]{20}'", "'tok_(a+)+x'")), /^r\.yml:7: pattern: rule "tok-a": /);
  });

  it('refuses a risky allowlist pattern, naming its index', () => {
    assert.match(problemOf(SECRET('tok-a', "allowlist:\n  patterns: ['^ok$', '(x+)+y']\n")), /^r\.yml:\d+: allowlist\.patterns\[1\]: rule "tok-a": /);
  });

  it('refuses upper-case keywords', () => {
    assert.equal(problemOf(SECRET('tok-a').replace('keywords: [tok_]', 'keywords: [Tok_]')), 'r.yml:6: keywords: keyword "Tok_" must be lower case (matching ignores case)');
  });

  it('refuses keywords that miss a setting name the pattern begins with, naming the name', () => {
    const rule = SECRET('tok-a')
      .replace('keywords: [tok_]', "keywords: ['secret_access_key']")
      .replace("'tok_[a-z0-9]{20}'", "'(?:secret[_.-]?access[_.-]?key)=(?<secret>[a-z0-9]{20})'")
      .replace("['x = tok_k3j9x8m2v6p5t4z7r2q1']", "['secret_access_key=k3j9x8m2v6p5t4z7r2q1']")
      .replace("['x = tok_short']", "['secret_access_key=short']");
    assert.equal(
      problemOf(rule),
      'r.yml:6: keywords: rule "tok-a": the pattern accepts the name "secretaccesskey", which holds none of the keywords, so files that spell it so are never scanned for it; add a keyword it holds (e.g. "secretaccesskey")',
    );
    validateRuleSpec(parseYamlFile('r.yml', rule.replace("keywords: ['secret_access_key']", "keywords: ['access_key', 'accesskey', 'access.key', 'access-key']")).value, 'r.yml');
  });

  it('names the key of a code rule\'s compile problem, under a prefix for custom rules', () => {
    const bad = CODE.replace("call: ['eval()']", "call: ['eval()']\n    args:\n      - { arg: 'x y', equals: 1 }");
    assert.match(problemOf(bad), /^r\.yml:9: match: match\[0\]\.args\[0\]\.arg "x y" is not an argument selector/);
    const value = parseYamlFile('c.yml', bad).value;
    assert.throws(() => validateRuleSpec(value, 'cfg.yml', undefined, ['customRules', 0]), /: cfg\.yml: customRules\[0\]\.match: match\[0\]/);
    assert.match(problemOf(CODE.replace('keywords: [eval]', 'keywords: [Eval]')), /^r\.yml:7: keywords: keywords: "Eval" must be lower case/);
    assert.match(problemOf(CODE.replace('languages: [javascript]', 'languages: [javascript, yaml]')), /^r\.yml:6: languages: languages: a rule covers programming languages or configuration formats, not both/);
  });

  it('loads a rule file with the display name as source', () => {
    root = makeTree({ 'r/tok.yml': SECRET('tok-a') });
    const r = loadRuleFile(join(root, 'r/tok.yml'), 'rules/tok.yml');
    assert.equal(r.source, 'rules/tok.yml');
    assert.equal(r.spec.id, 'tok-a');
    assert.throws(() => loadRuleFile(join(root!, 'r/missing.yml')), /ENOENT/);
  });

  it('loads a folder of rules sorted by path, skipping source models, and refuses duplicate ids', () => {
    root = makeTree({
      'r/b.yml': SECRET('tok-b'),
      'r/a/a.yml': SECRET('tok-a'),
      'r/code/sources/m.yml': 'kind: sources\nframework: x\n',
    });
    assert.deepEqual(loadRuleDir(join(root, 'r')).map((r) => r.spec.id), ['tok-a', 'tok-b']);
    removeTree(root);
    root = makeTree({ 'r/a.yml': SECRET('tok-a'), 'r/b.yml': SECRET('tok-a') });
    assert.throws(() => loadRuleDir(join(root!, 'r')), /b\.yml: id: rule id "tok-a" is already used by .*a\.yml/);
  });

  it('loads the shipped rules once, with unique ids', () => {
    const rules = loadBuiltinRules();
    assert.equal(loadBuiltinRules(), rules);
    assert.ok(rules.length > 100);
    assert.equal(new Set(rules.map((r) => r.spec.id)).size, rules.length);
    assert.ok(rules.some((r) => r.spec.kind === 'code') && rules.some((r) => r.spec.kind === 'secret'));
    assert.ok(builtinRulesDir().length > 0);
  });

  it('gives the shipped rules of one kind, the same objects as among all of them, and every id without reading the rules', () => {
    const all = loadBuiltinRules();
    for (const kind of ['secret', 'code'] as const) {
      const some = loadBuiltinRules([kind]);
      assert.deepEqual(some, all.filter((r) => r.spec.kind === kind));
      some.forEach((r, i) => assert.equal(r, all.filter((x) => x.spec.kind === kind)[i]));
    }
    assert.deepEqual(loadBuiltinRules([]), []);
    assert.deepEqual(builtinRuleIds(), all.map((r) => r.spec.id));
  });

  it("gives only the code rules of the languages asked for, in order, from the bundle in a fresh process and from the loaded rules after", function () {
    this.timeout(30000);
    const all = loadBuiltinRules();
    const languages = new Set(['javascript', 'typescript']);
    const expected = all.filter((r) => r.spec.kind === 'secret' || (r.spec.kind === 'code' && r.spec.languages.some((l) => languages.has(l))));
    const some = loadBuiltinRules(['secret', 'code'], languages);
    assert.deepEqual(some, expected);
    some.forEach((r, i) => assert.equal(r, expected[i], 'the loaded objects'));
    assert.deepEqual(loadBuiltinRules(['code'], new Set(['dockerfile'])), all.filter((r) => r.spec.kind === 'code' && r.spec.languages.includes('dockerfile')));
    assert.equal(loadBuiltinRules(), all, 'the whole set stays as it was');
    // First thing in a process, from the bundle's groups: the same rules, specs and sources.
    const loader = join(__dirname, '..', '..', '..', '..', 'tasks', 'engine', 'ruleset', 'ruleLoader.js');
    const script = `const l = require(${JSON.stringify(loader)}); const some = l.loadBuiltinRules(['secret', 'code'], new Set(['javascript', 'typescript'])); process.stdout.write(JSON.stringify(some.map((r) => [r.source, r.spec])));`;
    const fresh = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
    assert.deepEqual(fresh, JSON.parse(JSON.stringify(expected.map((r) => [r.source, r.spec]))));
  });

  it('lists the shipped rules from the listing the build wrote, the same as from the rules themselves', () => {
    const built = join(__dirname, '..', '..', '..', '..', 'tasks', 'rules', RULE_BUNDLE_FILE);
    assert.ok(readFreshRuleList(built, SOURCE_RULES_DIR), 'the build wrote a fresh listing (run npm run build)');
    const builtins = loadBuiltinRules();
    const expected = ruleSummaries(builtins, { disable: [], enable: builtins.map((r) => r.spec.id), severity: {}, customRules: [] });
    assert.equal(JSON.stringify(builtinRuleSummaries()), JSON.stringify(expected));
  });
});
