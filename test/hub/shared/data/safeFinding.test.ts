import assert from 'node:assert/strict';
import { buildRows } from '../../../../hub/shared/data/findingRows';
import { parseSarif } from '../../../../hub/shared/data/sarifFindings';

const repo = { id: 'r1', name: 'web-shop', defaultBranch: 'refs/heads/main' };

describe('hub data: stored findings are coerced to their types before anything renders them', () => {
  it('keeps a finding whose fields have the wrong types, with readable text, and drops what is not a finding', () => {
    const rows = buildRows({ repo, ref: 'main' }, [
      null,
      'x',
      { ruleId: { id: 1 }, kind: 'weird', severity: 'fatal', message: { text: 'obj' }, path: 42, region: { startLine: 'a', startColumn: -3 }, preview: ['p'], fingerprint: 7, suppression: 'yes' },
    ], new Map());
    assert.equal(rows.length, 1);
    const r = rows[0];
    assert.deepEqual([r.finding.ruleId, r.kind, r.severity, r.finding.message, r.finding.path, r.finding.region.startLine, r.finding.region.startColumn, r.finding.preview], ['unknown-rule', 'external', 'medium', "(this finding's message could not be read)", '42', 1, 1, '']);
    assert.equal(typeof r.finding.fingerprint, 'string');
    assert.equal(r.state, 'dismissed', 'a malformed suppression still counts as one');
    assert.equal(typeof r.searchText, 'string');
  });

  it('shows bidi controls and line breaks in names, messages and justifications as code points', () => {
    const [r] = buildRows({ repo, ref: 'main' }, [
      { ruleId: 'x\u202Ey', kind: 'secret', severity: 'high', message: 'a\nb \u2066c', path: 'invoice\u202Efdp.exe', region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 }, preview: '\u200Fp', fingerprint: 'f', suppression: { kind: 'inSource', justification: 'ok\u202D' } },
    ], new Map());
    assert.deepEqual(r.display, { ruleId: 'x<U+202E>y', message: 'a b <U+2066>c', path: 'invoice<U+202E>fdp.exe', preview: '<U+200F>p', justification: 'ok<U+202D>' });
    assert.equal(r.finding.path, 'invoice\u202Efdp.exe', 'the raw path stays for links to the file');
  });

  it('keeps a well-formed data flow for display and drops a malformed one whole', () => {
    const base = { ruleId: 'js-sql-injection', kind: 'code', severity: 'high', message: 'm', path: 'a.js', region: { startLine: 9, startColumn: 1, endLine: 9, endColumn: 2 }, preview: 'p', fingerprint: 'f' };
    const flow = [{ region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 9 }, preview: 'req.query\u202Eq' }, { region: { startLine: 9, startColumn: 1, endLine: 9, endColumn: 2 }, preview: 'db.query(q)' }];
    const [ok] = buildRows({ repo, ref: 'main' }, [{ ...base, flow }], new Map());
    assert.deepEqual(ok.display.flow, [{ line: 3, preview: 'req.query<U+202E>q' }, { line: 9, preview: 'db.query(q)' }]);
    // A place in another file names it (a flow across files); the finding's own file is not repeated.
    const [cross] = buildRows({ repo, ref: 'main' }, [{ ...base, flow: [{ ...flow[0], path: 'src/in\u202Eput.js' }, { ...flow[1], path: 'a.js' }] }], new Map());
    assert.deepEqual(cross.display.flow, [{ line: 3, preview: 'req.query<U+202E>q', path: 'src/in<U+202E>put.js' }, { line: 9, preview: 'db.query(q)' }]);
    for (const bad of ['x', [flow[0]], [flow[0], { region: { startLine: 'a' }, preview: 'q' }], [flow[0], { region: flow[1].region, preview: { text: 'q' } }]]) {
      const [r] = buildRows({ repo, ref: 'main' }, [{ ...base, flow: bad }], new Map());
      assert.equal(r.finding.flow, undefined, JSON.stringify(bad));
      assert.equal(r.display.flow, undefined);
    }
  });

  it('a SARIF artifact whose message is an object still gives a row', () => {
    const parsed = parseSarif(JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results: [{ ruleId: 'R', message: { text: { a: 1 } } }, null, { ruleId: 5, message: 'x' }] }] }), '2026-01-01T00:00:00Z');
    const rows = buildRows({ repo, ref: 'main' }, parsed.findings, new Map());
    assert.deepEqual(rows.map((x) => [x.finding.ruleId, typeof x.finding.message]), [['R', 'string'], ['unknown-rule', 'string']]);
  });
});
