import assert from 'node:assert/strict';
import { codeFindings, codeIdentity, normaliseCode, PREVIEW_CHARS, safePreview } from '../../../../tasks/engine/code/codeFindings';
import type { CodeHit, CompiledCodeRule } from '../../../../tasks/engine/code/codeRules';
import { fingerprint } from '../../../../tasks/engine/findings/fingerprint';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../../../tasks/engine/run/ruleSet';
import type { CodeRuleSpec } from '../../../../tasks/engine/rules/codeRuleSpec';
import { FAKE } from '../../../support/tmpTree';

function rule(spec: Partial<CodeRuleSpec>): CompiledCodeRule {
  const full = { id: 'js-eval', kind: 'code', title: 'Eval of input', severity: 'high', cwe: ['CWE-95'], languages: ['javascript'], match: [], help: '', samples: { positive: [], negative: [] }, ...spec } as CodeRuleSpec;
  return { spec: full, severity: full.severity } as CompiledCodeRule;
}

function hit(text: string, code: string, extra: Partial<CodeHit> = {}): CodeHit {
  const start = text.indexOf(code);
  assert.ok(start >= 0, code);
  return { rule: rule({}), start, end: start + code.length, secrets: [], ...extra };
}

describe('code/codeFindings', () => {
  it('collapses whitespace for previews and drops it for identity', () => {
    assert.equal(normaliseCode('  eval(\n    a,\tb )\n'), 'eval( a, b )');
    assert.equal(codeIdentity('  eval(\n    a,\tb )\n'), 'eval(a,b)');
    assert.equal(codeIdentity('eval(a, b)'), codeIdentity('eval(\n  a,\n  b)'));
    assert.notEqual(codeIdentity('eval(a, b)'), codeIdentity('eval(a, c)'));
  });

  it('masks the secrets a match relied on, the longest first, before cutting to length', () => {
    const secret = 'S3cr3tValue-1234567890';
    const preview = safePreview(`connect("${secret}", "${secret.slice(0, 10)}")`, [secret, secret.slice(0, 10), '']);
    assert.ok(!preview.includes(secret.slice(0, 10)), preview);
    assert.match(preview, /\(22 chars\)/);
    assert.match(preview, /\(10 chars\)/);
  });

  it('never masks the text of another mask (a value such as "a" or "chars")', () => {
    const preview = safePreview(`sign({ a: 1 }, "my-weak-secret", "chars")`, ['my-weak-secret', 'a', 'chars']);
    assert.ok(!preview.includes('my-weak-secret'), preview);
    assert.match(preview, /\(14 chars\)/, preview);
    assert.doesNotMatch(preview, /ch\*|\*\*\*\* \(1 chars\)rs/, preview);
  });

  it('cuts long previews to PREVIEW_CHARS with an ellipsis, after masking', () => {
    const secret = 'Zq9'.repeat(20);
    const code = 'x'.repeat(PREVIEW_CHARS - 10) + secret;
    const preview = safePreview(code, [secret]);
    assert.equal(preview.length, PREVIEW_CHARS);
    assert.ok(preview.endsWith('…'));
    assert.ok(!preview.includes('Zq9Zq9'), 'the part of the secret left before the cut is masked too');
  });

  it('masks values the secret rules find even when the code rule did not name them', () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const preview = safePreview(`fetch(url, { headers: { auth: "${FAKE.githubPat}" } })`, [], detector);
    assert.ok(!preview.includes(FAKE.githubPat.slice(6)), preview);
    assert.match(preview, /chars\)/);
  });

  it('returns nothing for no hits', () => {
    assert.deepEqual(codeFindings('eval(x)', 'a.js', [], new Set()), []);
  });

  it('reports each hit with its region, rule facts, masked preview and a line-independent fingerprint', () => {
    const text = 'const a = 1;\nfunction f(req) {\n  eval(req.query.code);\n}\n';
    const [f] = codeFindings(text, 'src/a.js', [hit(text, 'eval(req.query.code)')], new Set(['js-eval']));
    assert.deepEqual(f, {
      ruleId: 'js-eval',
      kind: 'code',
      severity: 'high',
      message: 'Eval of input',
      path: 'src/a.js',
      region: { startLine: 3, startColumn: 3, endLine: 3, endColumn: 23 },
      preview: 'eval(req.query.code)',
      fingerprint: fingerprint('js-eval', 'src/a.js', 'eval(req.query.code)'),
      properties: { cwe: ['CWE-95'] },
    });
    const moved = '\n\n' + text.replace('eval(req.query.code)', 'eval(\n    req.query.code)');
    const [g] = codeFindings(moved, 'src/a.js', [hit(moved, 'eval(\n    req.query.code)')], new Set());
    assert.equal(g.fingerprint, f.fingerprint, 'moving and re-wrapping keeps the identity');
    assert.deepEqual(g.region, { startLine: 5, startColumn: 3, endLine: 6, endColumn: 20 });
  });

  it('uses the rule\'s message when it has one, and the rule\'s compiled severity', () => {
    const text = 'eval(x)';
    const r = rule({ message: 'Do not eval' });
    r.severity = 'low';
    const [f] = codeFindings(text, 'a.js', [hit(text, 'eval(x)', { rule: r })], new Set());
    assert.equal(f.message, 'Do not eval');
    assert.equal(f.severity, 'low');
  });

  it('turns a flow into steps from the source to the sink, each with region and preview', () => {
    const text = 'const c = req.query.c;\nconst d = c.trim();\nexec(d);\n';
    const src = text.indexOf('req.query.c');
    const mid = text.indexOf('c.trim()');
    const h = hit(text, 'exec(d)', { flow: [{ start: src, end: src + 11 }, { start: mid, end: mid + 8 }] });
    const [f] = codeFindings(text, 'a.js', [h], new Set());
    assert.deepEqual(f.flow, [
      { region: { startLine: 1, startColumn: 11, endLine: 1, endColumn: 22 }, preview: 'req.query.c' },
      { region: { startLine: 2, startColumn: 11, endLine: 2, endColumn: 19 }, preview: 'c.trim()' },
      { region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 8 }, preview: 'exec(d)' },
    ]);
    const [plain] = codeFindings(text, 'a.js', [hit(text, 'exec(d)', { flow: [] })], new Set());
    assert.equal(plain.flow, undefined, 'an empty flow is no flow');
  });

  it('applies palisade-ignore comments for the rule on the line or the line above', () => {
    const text = '// palisade-ignore js-eval -- reviewed\neval(a);\neval(b); // palisade-ignore other-rule\neval(c);\n';
    const findings = codeFindings(text, 'a.js', [hit(text, 'eval(a)'), hit(text, 'eval(b)'), hit(text, 'eval(c)')], new Set(['js-eval', 'other-rule']));
    assert.deepEqual(findings.map((f) => f.suppression), [{ kind: 'inSource', justification: 'reviewed' }, undefined, undefined]);
  });
});
