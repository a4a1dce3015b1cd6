import assert from 'node:assert/strict';
import { parseConfig } from '../../../../tasks/engine/config/palisadeConfig';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { nestedQuantifierProblem } from '../../../../tasks/engine/ruleset/regexSafety';
import { FileProblemError } from '../../../../tasks/engine/text/yamlValidation';

describe('regex safety', () => {
  it('flags repetition of a repetition that nothing separates, and passes unambiguous patterns', () => {
    for (const p of ['(a+)+$', '(\\w+\\s?)*x', '((ab)*)+', '(x+x+)+y', '(?:[a-z0-9]+)*@']) assert.ok(nestedQuantifierProblem(p), `${p} is flagged`);
    for (const p of ['(?:[a-z]+\\.)+com', '(\\w+\\.)+', 'ghp_[A-Za-z0-9]{36}', '(?:a|b)+', '(?<secret>[a-z0-9]+)', '(?:[A-Za-z0-9+/]{4})*']) assert.equal(nestedQuantifierProblem(p), null, `${p} passes`);
    assert.match(nestedQuantifierProblem('(a+)+$')!, /^"\(a\+\)\+" repeats "a\+", which is itself repeated: .*backtracks exponentially/);
  });

  it('passes every built-in secret rule (they are vetted; the rule loader applies the same check)', () => {
    const flagged = loadBuiltinRules().filter((r) => r.spec.kind === 'secret' && nestedQuantifierProblem(r.spec.pattern, r.spec.flags));
    assert.deepEqual(flagged.map((r) => r.spec.id), []);
  });

  describe('custom rules in .palisade.yml', () => {
    const rule = (pattern: string, extra: object = {}) => ({
      customRules: [
        { id: 'acme-token', kind: 'secret', title: 'ACME token', severity: 'high', cwe: ['CWE-798'], keywords: ['token'], pattern, help: 'Revoke it at acme.example.', samples: { positive: ['token a'], negative: ['nothing here'] }, ...extra },
      ],
    });
    const problems = (value: object): string[] => {
      try {
        parseConfig(value, new Set(), '.palisade.yml');
      } catch (e) {
        if (e instanceof FileProblemError) return e.problems.map((p) => `${p.key}: ${p.message}`);
        throw e;
      }
      return [];
    };

    it('rejects a nested quantifier, naming the rule and the field', () => {
      const [p, ...rest] = problems(rule('token (a+)+$'));
      assert.deepEqual(rest, []);
      assert.match(p, /^customRules\[0\]\.pattern: rule "acme-token": "\(a\+\)\+" repeats "a\+"/);
      const [q] = problems(rule('token [a-z]+', { allowlist: { patterns: ['^(x+)*$'] } }));
      assert.match(q, /^customRules\[0\]\.allowlist\.patterns\[0\]: rule "acme-token": "\(x\+\)\*" repeats "x\+"/);
    });

    it('stops checking samples that backtrack past the rule budget (at least 2 s, so a busy agent does not reject a sound rule), and says why', function () {
      this.timeout(30_000);
      const saved = process.env.PALISADE_RULE_BUDGET_MS;
      process.env.PALISADE_RULE_BUDGET_MS = '300';
      try {
        // Overlapping alternatives: beyond the static check, caught by the budget.
        const [p, ...rest] = problems(rule('token (a|a)*$', { samples: { positive: ['token a'], negative: [`token ${'a'.repeat(40)}!`] } }));
        assert.deepEqual(rest, []);
        assert.match(p, /^customRules\[0\]\.samples: checking the samples took longer than 2000 ms, so the pattern backtracks catastrophically/);
      } finally {
        if (saved === undefined) delete process.env.PALISADE_RULE_BUDGET_MS;
        else process.env.PALISADE_RULE_BUDGET_MS = saved;
      }
    });

    it('still accepts a sound custom rule', () => {
      assert.deepEqual(problems(rule('token [a-z]{1,3}\\b')), []);
    });
  });
});
