import assert from 'node:assert/strict';
import { EMPTY_CONFIG } from '../../../../tasks/engine/config/palisadeConfig';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../../../tasks/engine/run/ruleSet';
import { importSarif, SARIF_LIMITS } from '../../../../tasks/engine/sarif/sarifImport';
import { FAKE } from '../../../support/tmpTree';

const detector = activeRules(loadBuiltinRules(), EMPTY_CONFIG).detector;
const ROOT = '/agent/s';

const result = (over: Record<string, unknown> = {}) => ({
  ruleId: 'R1',
  level: 'error',
  message: { text: 'SQL built from input' },
  locations: [{ physicalLocation: { artifactLocation: { uri: 'src/db.js' }, region: { startLine: 3, startColumn: 5 } } }],
  ...over,
});
const log = (run: Record<string, unknown> = {}, results: unknown[] = [result()]) => ({
  version: '2.1.0',
  runs: [{ tool: { driver: { name: 'Other Tool', rules: [{ id: 'R1', shortDescription: { text: 'SQL injection' } }] } }, results, ...run }],
});
const imp = (value: unknown) => importSarif(typeof value === 'string' ? value : JSON.stringify(value), 'other.sarif', ROOT, detector);

describe('sarifImport: another tool\'s SARIF is validated, capped and masked', () => {
  it('imports a well-formed result', () => {
    const out = imp(log());
    assert.equal(out.findings.length, 1);
    const f = out.findings[0];
    assert.deepEqual([f.ruleId, f.severity, f.message, f.path, f.region.startLine, f.region.startColumn], ['other-tool/R1', 'high', 'SQL built from input', 'src/db.js', 3, 5]);
    assert.deepEqual(out.rules.map((r) => [r.id, r.title]), [['other-tool/R1', 'SQL injection']]);
    assert.deepEqual(out.diagnostics, []);
  });

  // Each of these crashed the task before: now the file, run or result is reported with its pointer and skipped.
  const cases: [string, unknown, RegExp, number][] = [
    ['runs: [null]', { version: '2.1.0', runs: [null] }, /^\/runs\/0: must be an object, not null; the run was skipped/, 0],
    ['runs: "x"', { version: '2.1.0', runs: 'x' }, /^not a SARIF 2\.1\.0 log \(\/runs must be an array\)/, 0],
    ['the top level is an array', [1, 2], /not a SARIF 2\.1\.0 log \(the top level is not an object\)/, 0],
    ['tool: null', log({ tool: null }), /\/runs\/0\/tool: must be an object, not null; the run was skipped/, 0],
    ['results: "x"', log({ results: 'x' }), /\/runs\/0\/results: must be an array, not a string; the run was skipped/, 0],
    ['results: [null]', log({}, [null, result()]), /\/runs\/0\/results\/0: must be an object, not null; the result was skipped/, 1],
    ['a numeric uri', log({}, [result({ locations: [{ physicalLocation: { artifactLocation: { uri: 42 } } }] })]), /\/runs\/0\/results\/0\/locations\/0\/physicalLocation\/artifactLocation\/uri: must be a string, not number 42/, 0],
    ['locations: [null]', log({}, [result({ locations: [null] })]), /\/results\/0\/locations\/0: must be an object, not null/, 0],
    ['region: {startLine: "a"}', log({}, [result({ locations: [{ physicalLocation: { artifactLocation: { uri: 'a.js' }, region: { startLine: 'a' } } }] })]), /\/region\/startLine: must be an integer of 1 or more, not a string/, 0],
    ['a fractional column', log({}, [result({ locations: [{ physicalLocation: { region: { startLine: 1, startColumn: 1.5 } } }] })]), /\/region\/startColumn: must be an integer/, 0],
    ['message as an object', log({}, [result({ message: { text: { evil: true } } })]), /\/results\/0\/message\/text: must be a string, not an object/, 0],
    ['message as a string', log({}, [result({ message: 'plain' })]), /\/results\/0\/message: must be an object, not a string/, 0],
    ['ruleIndex out of range', log({}, [result({ ruleId: undefined, ruleIndex: 7 })]), /\/results\/0\/ruleIndex: is 7, but the run has 1 rules/, 0],
    ['a bad level', log({}, [result({ level: 'fatal' })]), /\/results\/0\/level: must be none, note, warning or error/, 0],
    ['a rule that is null', log({ tool: { driver: { name: 'T', rules: [null] } } }), /\/tool\/driver\/rules\/0: must be an object, not null; the rule was skipped/, 1],
    ['not JSON', '{"version": "2.1.0", "runs": [', /^not valid JSON/, 0],
  ];
  for (const [name, value, expected, kept] of cases) {
    it(`reports and skips ${name}`, () => {
      const out = imp(value);
      assert.ok(out.diagnostics.some((d) => expected.test(d.message) && d.level === 'error'), `diagnostics: ${out.diagnostics.map((d) => d.message).join(' | ')}`);
      assert.equal(out.findings.length, kept);
      for (const f of out.findings) assert.equal(typeof f.message, 'string');
    });
  }

  it('caps a 500,000-result file: 10,000 per run, 50,000 per file, with a note; problems are counted, not listed', function () {
    this.timeout(120_000);
    const many = Array.from({ length: 500_000 }, (_, i) => ({ ruleId: 'R1', message: { text: `m${i}` } }));
    const text = JSON.stringify(log({}, many));
    const out = importSarif(text, 'big.sarif', ROOT, detector);
    assert.equal(out.findings.length, SARIF_LIMITS.resultsPerRun);
    assert.ok(out.diagnostics.some((d) => d.level === 'warning' && /\/runs\/0\/results has 500000 results; only the first 10000 were merged/.test(d.message)));

    const runs = Array.from({ length: 6 }, () => ({ tool: { driver: { name: 'T' } }, results: Array.from({ length: 10_000 }, () => null) }));
    const bad = importSarif(JSON.stringify({ version: '2.1.0', runs }), 'bad.sarif', ROOT, detector);
    assert.equal(bad.findings.length, 0);
    assert.equal(bad.diagnostics.filter((d) => /must be an object, not null/.test(d.message)).length, SARIF_LIMITS.problemsReported);
    assert.ok(bad.diagnostics.some((d) => d.path === 'bad.sarif' && d.message === `${50_000 - SARIF_LIMITS.problemsReported} more malformed entries were skipped`), bad.diagnostics.map((d) => d.message).slice(-3).join(' | '));
    assert.ok(bad.diagnostics.some((d) => /\/runs\/5\/results has 10000 results; only the first 0 were merged/.test(d.message)), 'the sixth run is over the per-file cap');
  });

  it('caps lengths of messages, rule ids, uris and tool names', () => {
    const long = 'x'.repeat(100_000);
    const out = imp({ version: '2.1.0', runs: [{ tool: { driver: { name: long } }, results: [result({ ruleId: long, message: { text: long }, locations: [{ physicalLocation: { artifactLocation: { uri: long } } }] })] }] });
    const f = out.findings[0];
    assert.ok(f.message.length <= SARIF_LIMITS.message);
    assert.ok(f.ruleId.length <= 41 + SARIF_LIMITS.ruleId);
    assert.ok(f.path.length <= SARIF_LIMITS.uri);
    assert.ok(String(f.properties?.tool).length <= SARIF_LIMITS.toolName);
  });

  it('masks secrets in every imported text field', () => {
    const s = FAKE.githubPat;
    const out = imp({
      version: '2.1.0',
      runs: [{
        tool: { driver: { name: `tool ${s}`, rules: [{ id: `R-${s}`, shortDescription: { text: `title ${s}` }, fullDescription: { text: `desc ${s}` }, help: { text: `help ${s}`, markdown: `md ${s}` } }] } },
        results: [{
          ruleId: `R-${s}`,
          message: { text: `leaked ${s}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: `src/${encodeURIComponent(s)}.js` } } }],
          suppressions: [{ kind: 'external', justification: `ok ${s}` }],
        }],
      }],
    });
    const all = JSON.stringify(out);
    assert.ok(!all.includes(s), 'no secret survives');
    assert.ok(!all.includes(s.slice(4, 20)), 'not even part of it');
    assert.match(out.findings[0].message, /^leaked ghp_\*+ \(40 chars\)$/);
    assert.match(out.findings[0].suppression?.justification ?? '', /^ok ghp_\*+/);
  });

  it('folds line breaks and shows control characters in one-line fields', () => {
    const out = imp(log({}, [result({ message: { text: 'a\n\n[x](https://evil)\r\n##vso[task.setvariable variable=X]1\u0007' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'notes%0A%23%23vso%5Btask.prependpath%5D%2Ftmp.txt' } } }] })]));
    const f = out.findings[0];
    assert.equal(f.message, 'a [x](https://evil) # #vso[task.setvariable variable=X]1\\u{7}');
    assert.equal(f.path, 'notes # #vso[task.prependpath]/tmp.txt');
    assert.ok(!/[\r\n]/.test(f.preview));
  });

  it('a rejected suppression does not suppress', () => {
    const out = imp(log({}, [result({ suppressions: [{ kind: 'external', status: 'rejected' }] })]));
    assert.equal(out.findings[0].suppression, undefined);
  });
});
