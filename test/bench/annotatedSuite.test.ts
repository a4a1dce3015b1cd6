import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cweClass, formatAnnotated, judge, listing, markConflicts, parseAnnotations, runAnnotatedSuite, type LabelledLine } from './annotatedSuite';

describe('annotated held-out suites', () => {
  it('reads labels: after code they are about their line, alone about the next code line', () => {
    const text = [
      'a = 1',
      '# ruleid: r-one',
      '',
      '# ok: r-two, r-three',
      'b = run(x)',
      'c = run(y)  # todook: r-two',
      '// todoruleid: r-four',
      'd()',
      '# ruleid: at-the-end',
    ].join('\n');
    assert.deepEqual(parseAnnotations(text), [
      { line: 5, expected: true, rules: ['r-one'], todo: false },
      { line: 5, expected: false, rules: ['r-two', 'r-three'], todo: false },
      { line: 6, expected: false, rules: ['r-two'], todo: true },
      { line: 8, expected: true, rules: ['r-four'], todo: true },
    ]);
  });

  it('groups CWEs that name one class and matches findings within a line for expected, on the line for clean', () => {
    assert.equal(cweClass('CWE-95'), cweClass('CWE-94'));
    assert.equal(cweClass('CWE-89'), 'CWE-89');
    const f = [{ startLine: 10, endLine: 12, cwes: ['CWE-94'] }];
    assert.equal(judge(true, 9, [cweClass('CWE-95')], f), true);
    assert.equal(judge(true, 12, [cweClass('CWE-95')], f), true);
    assert.equal(judge(true, 14, [cweClass('CWE-95')], f), false);
    assert.equal(judge(true, 10, ['CWE-89'], f), false, 'another class does not count');
    assert.equal(judge(false, 10, [cweClass('CWE-94')], f), true);
    assert.equal(judge(false, 11, [cweClass('CWE-94')], f), false);
    const flow = [{ startLine: 20, endLine: 20, cwes: ['CWE-89'], flowLines: [15, 17] }];
    assert.equal(judge(true, 15, ['CWE-89'], flow), true, 'where the input enters counts for an expected line');
    assert.equal(judge(true, 16, ['CWE-89'], flow), false);
    assert.equal(judge(false, 15, ['CWE-89'], flow), false, 'a clean line is flagged only where a finding starts');
  });

  it('leaves out must-not-report labels whose code another rule of the same class must report', () => {
    const base = { file: 'f', line: 1, language: 'java' as const, todo: false, rules: ['r'], excluded: [], reported: true };
    const labelled: LabelledLine[] = [
      { ...base, expected: true, classes: ['weak crypto'], code: 'md = DigestUtils.getMd5Digest();', rules: ['digest-utils'] },
      { ...base, expected: true, classes: ['command injection'], code: 'process.Start();', rules: ['r'] },
      { ...base, expected: false, classes: ['command injection'], code: 'process.Start();', rules: ['r'] },
      { ...base, expected: false, classes: ['weak crypto'], code: 'md = DigestUtils.getMd5Digest();' },
      { ...base, expected: false, classes: ['CWE-89'], code: 'md = DigestUtils.getMd5Digest();' },
      { ...base, expected: false, classes: ['weak crypto'], code: 'md = DigestUtils.getSha512Digest();' },
    ];
    assert.equal(markConflicts(labelled), 1);
    assert.deepEqual(labelled.map((l) => !!l.conflict), [false, false, false, true, false, false], 'the same rule may label the same code both ways (the context differs)');
  });

  it('scans a labelled tree, scores per language and class, and leaves out classes Palisade does not scan', async function () {
    this.timeout(120_000);
    const dir = mkdtempSync(join(tmpdir(), 'palisade-annotated-'));
    try {
      mkdirSync(join(dir, 'js', 'db'), { recursive: true });
      writeFileSync(join(dir, 'js', 'db', 'rules.yaml'), [
        'rules:',
        '  - id: query-built-from-request',
        '    metadata: { cwe: ["CWE-89: SQL injection"] }',
        '  - id: regex-from-request',
        '    metadata: { cwe: "CWE-1333: regular expression complexity" }',
      ].join('\n'));
      writeFileSync(join(dir, 'js', 'db', 'handlers.js'), [
        "app.get('/a', (req, res) => {",
        '  // ruleid: query-built-from-request',
        "  db.query('SELECT * FROM t WHERE id = ' + req.query.id);",
        '  // ok: query-built-from-request',
        "  db.query('SELECT * FROM t WHERE id = ?', [req.query.id]);",
        '  // ruleid: query-built-from-request',
        "  const id = 7;",
        '  // ruleid: regex-from-request',
        '  new RegExp(req.query.re);',
        '});',
      ].join('\n'));
      const r = await runAnnotatedSuite(dir);
      assert.equal(r.files, 1);
      assert.equal(r.labels, 4);
      assert.equal(r.scored, 3);
      assert.equal(r.conflicts, 0);
      assert.deepEqual(r.byLanguage.javascript, { expected: 2, found: 1, clean: 1, flagged: 0 });
      assert.deepEqual(r.excluded.javascript, { 'CWE-1333': 1 });
      assert.deepEqual(listing(r, 'javascript'), ['missed js/db/handlers.js:7 [CWE-89] query-built-from-request']);
      assert.match(formatAnnotated(r), /javascript\s+50\.0%\s+1\/2\s+0\.0%\s+0\/1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
