import assert from 'node:assert/strict';
import type { CodeRuleSpec } from '../../../../tasks/engine/rules/codeRuleSpec';
import { CodeRuleSet, compileCodeRule, keywordWords, phrasePattern } from '../../../../tasks/engine/code/codeRules';
import { EMPTY_CONFIG } from '../../../../tasks/engine/config/palisadeConfig';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../../../tasks/engine/run/ruleSet';

/** The keyword pre-filter of code rules: a file is parsed for a rule only when its keywords occur. */
describe('code rule keywords', () => {
  const fileRule: CodeRuleSpec = {
    id: 'test-new-file',
    kind: 'code',
    title: 'file from input',
    severity: 'high',
    cwe: ['CWE-22'],
    languages: ['java'],
    keywords: ['new file'],
    match: [{ new: ['File'], args: [{ arg: '*', tainted: true }] }],
    help: 'test rule help',
    samples: { positive: ['x'], negative: ['y'] },
  };
  const wrap = (stmt: string): string => `class A { void f(HttpServletRequest request) { ${stmt} } }`;

  it('splits a phrase into its words', () => {
    assert.deepEqual(keywordWords('new file'), ['new', 'file']);
    assert.deepEqual(keywordWords('  New   Function '), ['new', 'function']);
    assert.deepEqual(keywordWords('eval('), ['eval(']);
    assert.equal(phrasePattern('eval('), null);
    assert.ok(phrasePattern('new function')?.test('new globalThis.Function("return 1")'));
    assert.ok(!phrasePattern('new function')?.test('function f() { return new Map(); }'));
  });

  it('runs a rule whose keyword is a phrase on qualified and spaced forms', async () => {
    const set = new CodeRuleSet([compileCodeRule(fileRule)]);
    for (const stmt of ['File f = new File(request.getParameter("p"));', 'java.io.File f = new java.io.File(request.getParameter("p"));', 'File f = new  File(request.getParameter("p"));']) {
      const code = wrap(stmt);
      assert.equal((await set.scan(code, 'A.java')).length, 1, stmt);
    }
  });

  it('still skips files where a word of the phrase is missing', () => {
    const set = new CodeRuleSet([compileCodeRule(fileRule)]);
    assert.equal(set.candidates(wrap('Path p = Paths.get(request.getParameter("p"));'), 'A.java'), undefined);
    assert.equal(set.candidates(wrap('Object o = new Object(); String path = "f";'), 'A.java'), undefined);
    // Both words, but not as the phrase: not parsed (keeps `new function` from matching every JS file).
    assert.equal(set.candidates(wrap('Object o = new Object(); File f = File.createTempFile("a", "b");'), 'A.java'), undefined);
  });

  it('lets the built-in path traversal rule see new java.io.File(...)', async () => {
    const builtins = loadBuiltinRules();
    const set = activeRules(builtins, EMPTY_CONFIG).code;
    const code = wrap('java.io.File f = new java.io.File("/srv/" + request.getParameter("p"));');
    const ids = (await set.scan(code, 'A.java')).map((h) => h.rule.spec.id);
    assert.ok(ids.includes('java-path-traversal'), ids.join(', '));
  });
});
