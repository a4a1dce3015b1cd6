import assert from 'node:assert/strict';
import { parseExpected, scoreCases } from './owaspBenchmark';

describe('OWASP Benchmark scoring', () => {
  it('scores TPR - FPR per category by the category CWE and averages categories equally', () => {
    const cases = parseExpected(['# test name, category, real vulnerability, cwe', 'T1,sqli,true,89', 'T2,sqli,true,89', 'T3,sqli,false,89', 'T4,cmdi,true,78', 'T5,cmdi,false,78', ''].join('\n'));
    assert.equal(cases.length, 5);
    const reported = new Map<string, Set<string>>([
      ['T1', new Set(['CWE-89'])],
      ['T2', new Set(['CWE-78'])], // another CWE does not count for the category
      ['T3', new Set(['CWE-89'])],
      ['T4', new Set(['CWE-78'])],
    ]);
    const r = scoreCases(cases, reported);
    assert.deepEqual(r.categories.map((c) => [c.category, c.truePositives, c.real, c.falsePositives, c.fake, Math.round(c.score)]), [
      ['cmdi', 1, 1, 0, 1, 100],
      ['sqli', 1, 2, 1, 1, -50],
    ]);
    assert.equal(Math.round(r.score), 25);
  });
});
