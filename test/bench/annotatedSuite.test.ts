import assert from 'node:assert/strict';
import { cweClass, cweOfPath, expectationVerdict, formatAnnotated, isAutofixOutput, judge, listing, markConflicts, parseAnnotations, parseExpectations, runAnnotatedSuite, type LabelledLine } from './annotatedSuite';
import { makeTree, removeTree } from '../support/tmpTree';

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
    assert.equal(cweClass('CWE-90'), 'CWE-90');
    assert.equal(cweClass('CWE-943'), cweClass('CWE-89'), 'NoSQL query injection is scored with SQL injection');
    const f = [{ startLine: 10, endLine: 12, cwes: ['CWE-94'] }];
    assert.equal(judge(true, 9, [cweClass('CWE-95')], f), true);
    assert.equal(judge(true, 12, [cweClass('CWE-95')], f), true);
    assert.equal(judge(true, 14, [cweClass('CWE-95')], f), false);
    assert.equal(judge(true, 9, [cweClass('CWE-95')], f, new Set([9, 10])), false, 'a finding on another must-report line answers that line only');
    assert.equal(judge(true, 9, [cweClass('CWE-95')], f, new Set([9])), true, 'a finding on an unlabelled neighbour still answers');
    assert.equal(judge(true, 11, [cweClass('CWE-95')], f, new Set([10, 11])), true, 'a finding spanning the line still answers');
    assert.equal(judge(true, 10, ['CWE-89'], f), false, 'another class does not count');
    assert.equal(judge(false, 10, [cweClass('CWE-94')], f), true);
    assert.equal(judge(false, 11, [cweClass('CWE-94')], f), false);
    const flow = [{ startLine: 20, endLine: 20, cwes: ['CWE-89'], flowLines: [15, 17] }];
    assert.equal(judge(true, 15, [cweClass('CWE-89')], flow), true, 'where the input enters counts for an expected line');
    assert.equal(judge(true, 16, [cweClass('CWE-89')], flow), false);
    assert.equal(judge(false, 15, [cweClass('CWE-89')], flow), false, 'a clean line is flagged only where a finding starts');
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

  it('reads the verdict of an inline expectation: plain and MISSING tags must be reported, SPURIOUS ones must not', () => {
    assert.equal(expectationVerdict('Alert'), true);
    assert.equal(expectationVerdict('Alert[js/shell-built-from-input]'), true);
    assert.equal(expectationVerdict('Alert=flow1 Alert=flow2'), true);
    assert.equal(expectationVerdict('sqlTainted'), true, 'older query-named tags mark a reported line too');
    assert.equal(expectationVerdict('MISSING: Alert'), true, 'a result the tool misses is still a flaw');
    assert.equal(expectationVerdict('SPURIOUS: Alert - the guard above makes it safe'), false);
    assert.equal(expectationVerdict('Alert SPURIOUS: result=BAD'), false, 'the spurious verdict wins on its line');
    assert.equal(expectationVerdict('result=BAD'), true);
    assert.equal(expectationVerdict('result=OK'), false);
    assert.equal(expectationVerdict('Source=r1 $ Alert=r1'), true, 'a repeated $ starts the tags afresh');
    assert.equal(expectationVerdict('SPURIOUS: Alert=a $ Alert=b'), false);
    assert.equal(expectationVerdict('TODO-SPURIOUS: Alert - maybe fine'), undefined, 'undecided');
    assert.equal(expectationVerdict('Source'), undefined);
    assert.equal(expectationVerdict('Sink[js/x] Source'), undefined);
    assert.equal(expectationVerdict('CryptographicOperation="SHA512. init from 2 lines above."'), undefined, 'a library model\'s tag is no alert, nor the words of its quoted value');
    assert.equal(expectationVerdict('Alert[go/weak-cryptographic-algorithm] CryptographicOperation="DES. init above."'), true);
    assert.equal(expectationVerdict('RelatedLocation'), undefined);
    assert.equal(expectationVerdict('- see the note'), undefined);
  });

  it('reads CodeQL-style test files: inline expectations and NOT OK / OK comments, the folder giving the CWE', () => {
    assert.equal(cweOfPath('python/CWE-078-CommandInjection/cmd.py'), 'CWE-78');
    assert.equal(cweOfPath('java/CWE-089/sub/Q.java'), 'CWE-89');
    assert.equal(cweOfPath('js/CWE-079/nested/CWE-601/r.js'), 'CWE-601', 'the deepest folder wins');
    assert.equal(cweOfPath('go/lib/CWE-22.go'), undefined, 'a file name is no folder');
    const withTags = [
      'const q = input();            // $ Source',
      'run(q);                       // $ Alert',
      'run(q + "x");                 // $ Alert[js/run-built-from-input]',
      'runLater(q);                  // $ MISSING: Alert',
      'runChecked(q);                // $ SPURIOUS: Alert - checked above',
      'runMaybe(q);                  // $ TODO-SPURIOUS: Alert',
      'runConst("ls");               // OK - a constant',
      '// NOT OK -- explains the block below',
      'const unrelated = 1;',
      'runBoth(q);                   // OK on Linux, NOT OK on Windows',
      'runOld(q);                    // BAD: old style after code',
      'runOldGood(q);                // GOOD',
      'const url = "http://$host";',
    ].join('\n');
    assert.deepEqual(parseExpectations(withTags, 'javascript', 'CWE-78').map((a) => [a.line, a.expected]), [
      [2, true], [3, true], [4, true], [5, false], [7, false], [11, true], [12, false],
    ]);
    assert.deepEqual(parseExpectations(withTags, 'javascript', 'CWE-78')[0], { line: 2, expected: true, rules: [], todo: false, cwes: ['CWE-78'] });
    const oldStyle = [
      'function handler(req) {',
      '  // NOT OK',
      '',
      '  exec(req.query.cmd);',
      '  // OK: fixed command',
      '  exec("ls");',
      '  // BAD: alone it heads a block and labels nothing',
      '  exec(req.query.other);',
      '}',
    ].join('\n');
    assert.deepEqual(parseExpectations(oldStyle, 'javascript', 'CWE-78').map((a) => [a.line, a.expected]), [[4, true], [6, false]]);
    const python = [
      'x = total // 2  # OK',
      'os.system(cmd)  # $ Alert result=BAD',
      'os.system(cmd)  # $ Alert SPURIOUS: result=BAD',
      'os.system(cmd)  # $ Alert # NOT OK',
      'os.system("ls")  # $ result=OK',
      'y = a // b  // NOT OK',
    ].join('\n');
    assert.deepEqual(parseExpectations(python, 'python', 'CWE-78').map((a) => [a.line, a.expected]), [[1, false], [2, true], [3, false], [4, true], [5, false]],
      "Python's comments start with # only");
  });

  it('scans a labelled tree, scores per language and class, and leaves out classes Palisade does not scan', async function () {
    this.timeout(120_000);
    const dir = makeTree({
      'js/db/rules.yaml': [
        'rules:',
        '  - id: query-built-from-request',
        '    metadata: { cwe: ["CWE-89: SQL injection"] }',
        '  - id: regex-from-request',
        '    metadata: { cwe: "CWE-770: allocation without limits" }',
      ].join('\n'),
      'js/db/handlers.js': [
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
      ].join('\n'),
      // semgrep's expected autofix output: fixed code under the original labels, no test file.
      'js/db/handlers.fixed.js': [
        "app.get('/a', (req, res) => {",
        '  // ruleid: query-built-from-request',
        "  db.query('SELECT * FROM t WHERE id = ?', [req.query.id]);",
        '});',
      ].join('\n'),
    }, 'palisade-annotated-');
    try {
      const r = await runAnnotatedSuite(dir);
      assert.equal(r.files, 1);
      assert.equal(r.labels, 4);
      assert.equal(r.scored, 3);
      assert.equal(r.conflicts, 0);
      assert.deepEqual(r.byLanguage.javascript, { expected: 2, found: 1, clean: 1, flagged: 0 });
      assert.deepEqual(r.excluded.javascript, { 'CWE-770': 1 });
      assert.deepEqual(listing(r, 'javascript'), ['missed js/db/handlers.js:7 [SQL/NoSQL injection] query-built-from-request']);
      assert.match(formatAnnotated(r), /javascript\s+50\.0%\s+1\/2\s+0\.0%\s+0\/1/);
    } finally {
      removeTree(dir);
    }
  });
  it("knows semgrep's autofix outputs by name", () => {
    assert.equal(isAutofixOutput('python/crypto/key-size.fixed.py'), true);
    assert.equal(isAutofixOutput('js/a.fixed.test.js'), false);
    assert.equal(isAutofixOutput('go/fixed.go'), false);
    assert.equal(isAutofixOutput('java/Fixed.java'), false);
  });
  it('scores CodeQL-style files by their CWE folder and keeps the semgrep format first', async function () {
    this.timeout(120_000);
    const dir = makeTree({
      'js/CWE-089/handlers.js': [
        "app.get('/a', (req, res) => {",
        "  db.query('SELECT * FROM t WHERE id = ' + req.query.id); // $ Alert",
        "  db.query('SELECT * FROM t WHERE id = ?', [req.query.id]); // OK",
        '  const id = 7; // $ MISSING: Alert',
        '});',
      ].join('\n'),
      'js/CWE-089/labelled-otherwise.js': [
        '// ruleid: not-in-this-suite',
        "db.query('SELECT ' + req.query.q); // $ Alert",
      ].join('\n'),
      'js/lib/no-cwe-folder.js': "db.query('SELECT ' + req.query.q); // NOT OK\n",
    }, 'palisade-annotated-');
    try {
      const r = await runAnnotatedSuite(dir);
      assert.equal(r.files, 2, 'a file outside a CWE folder has no class and is skipped');
      assert.equal(r.labels, 4);
      assert.equal(r.unknownRules, 1, 'a semgrep label wins over the folder: its rule is unknown here');
      assert.deepEqual(r.byLanguage.javascript, { expected: 2, found: 1, clean: 1, flagged: 0 });
      assert.deepEqual(r.byClass.javascript, { 'SQL/NoSQL injection': { expected: 2, found: 1, clean: 1, flagged: 0 } });
      assert.deepEqual(listing(r, 'javascript:CWE-89'), ['missed js/CWE-089/handlers.js:4 [SQL/NoSQL injection]'], 'a class is also named by one of its CWEs');
    } finally {
      removeTree(dir);
    }
  });
});
