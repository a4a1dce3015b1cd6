import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_CONFIG } from '../../../../tasks/engine/config/palisadeConfig';
import { patternAnchors } from '../../../../tasks/engine/secrets/anchors';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../../../tasks/engine/run/ruleSet';
import type { SecretRuleSpec } from '../../../../tasks/engine/rules/ruleSpec';
import { compileSecretRule, SecretDetector, type CompiledSecretRule, type SecretHit } from '../../../../tasks/engine/secrets/detector';
import { REPO_ROOT, requireShared } from '../../../support/paths';

describe('pattern anchors', () => {
  const cases: [pattern: string, flags: string, expected: [string, number][] | null][] = [
    ['ghp_[A-Za-z0-9]{36}', '', [['ghp_', 0]]],
    ['(?:[Ss]ecret|TOKEN)=\\w+', '', [['secret=', 0], ['token=', 0]]],
    ['(?<=key=)abcd\\w+', '', [['abcd', 0]]],
    ['(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{33}\\+AEh[A-Za-z0-9+/]{5}', '', [['+aeh', 33]]],
    ['.{1,3}abc', '', [['abc', 1], ['abc', 2], ['abc', 3]]],
    ['x?abc\\d', '', [['abc', 0], ['xabc', 0]]],
    ['password_is_long_enough', '', [['password_is_', 0]]],
    // A literal long enough to anchor grows through a small branch after it (a separator, a
    // few alternatives), so that a common word (`license`) is no place to try, only the name.
    ['license[_. -]?key\\s*=\\w+', '', [['license key', 0], ['license-key', 0], ['license.key', 0], ['license_key', 0], ['licensekey', 0]]],
    // Not through a large class, nor into more than 8 anchors.
    ['client[a-z]\\w*=', '', [['client', 0]]],
    ['abc(?:d|e|f|g|h|i|j|k|l)xyz', '', [['abc', 0]]],
    ['AKIA[0-9A-Z]{16}', 'i', [['akia', 0]]],
    // Without an anchor of three characters, two with a letter; one that starts another at the same offset is left out.
    ['\\s-H\\s+\\S+', '', [['-h', 1]]],
    ['fb(?:[_.][A-Za-z]+)?\\s*=\\w+', '', [['fb', 0]]],
    ['(?:facebook|fb)\\s*=\\w+', '', [['facebook', 0], ['fb', 0]]],
    ['(?:ab|\\d)cd', '', [['abcd', 0], ['cd', 1]]],
    // A lookahead before any literal: its text, where the rest of the path would only give a
    // shorter anchor (`s.` is tried at every `process.`); the rest where it gives a longer one.
    ['(?:(?<![a-z])(?=hvs\\.)|(?:token|vault)=(?=s\\.))(?:hvs\\.|s\\.)\\w+', '', [['hvs.', 0], ['token=hvs.', 0], ['token=s.', 0], ['vault=hvs.', 0], ['vault=s.', 0]]],
    ['(?=ab)abcdefgh', '', [['abcdefgh', 0]]],
    ['(?=[a-z]{0,3}\\d)abc\\w+', '', [['abc', 0]]],
    ['(?!hvs\\.)(?:hvs\\.|s\\.)abc', '', [['hvs.abc', 0], ['s.abc', 0]]],
    // The last resort: one punctuation character, at each offset a match may put it.
    ['\\s--\\s+\\S+', '', [['-', 1]]],
    ['(?<![0-9|])[0-9]{15,16}\\|[A-Za-z0-9_]{27}', '', [['|', 15], ['|', 16]]],
  ];
  for (const [pattern, flags, expected] of cases) {
    it(`/${pattern}/${flags} -> ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(patternAnchors(pattern, flags), expected);
    });
  }

  it('leaves unanchored what it cannot follow or what would be tried too often', () => {
    for (const [pattern, flags] of [
      ['\\d{15}x\\w+', ''], // one literal character only, and a letter
      ['[0-9]{3}:[0-9]+', 'u'], // in unicode mode a class may be two code units: no fixed offset
      ['[a-z]+secret', ''], // the literal moves by a variable amount
      ['(a)\\1bcd', ''], // a back-reference first... after one character
      ['abc\\w+', 'iu'], // under /iu "k" and "s" have non-ASCII matches
      ['.{4}abcd', 'u'], // "." may be two code units
      ['(?:a|\\d)\\d', ''],
      ['[', ''], // not a pattern at all
    ]) {
      assert.equal(patternAnchors(pattern, flags), null, `/${pattern}/${flags}`);
    }
  });

  it('anchors nearly every built-in secret rule', () => {
    const secrets = loadBuiltinRules().map((r) => r.spec).filter((s): s is SecretRuleSpec => s.kind === 'secret');
    const anchored = secrets.filter((s) => patternAnchors(s.pattern, s.flags ?? '') !== null);
    // A rule that loses its anchors still works, only slower; this notices when many do.
    assert.ok(anchored.length >= secrets.length * 0.9, `${anchored.length} of ${secrets.length} anchored`);
  });

  it('anchors no built-in secret rule at spaces, tabs or line breaks alone', () => {
    // A branch that starts with optional blanks before its word (`[ \t]{0,8}token`) gives anchors
    // of blanks: the rule is then tried at nearly every space of every file with its keyword
    // (vault-token once went from 23 thousand regex runs to 3.2 million over the real 100 MB).
    // The word first, with the blanks in a lookbehind after it, anchors at the word.
    assert.deepEqual(patternAnchors('(?:vault|(?<![^\\n])[ \\t]{0,8}token[ \\t]{2})s\\.\\w+')?.some(([text]) => /^\s+$/.test(text)), true);
    for (const s of loadBuiltinRules().map((r) => r.spec).filter((s): s is SecretRuleSpec => s.kind === 'secret')) {
      const blank = (patternAnchors(s.pattern, s.flags ?? '') ?? []).filter(([text]) => /^\s+$/.test(text));
      assert.deepEqual(blank, [], `${s.id} is anchored at blanks`);
    }
  });

  describe('anchored detection finds exactly what a whole-text scan finds', () => {
    const rules = activeRules(loadBuiltinRules(), EMPTY_CONFIG).detector.rules;
    const anchored = new SecretDetector(rules);
    const whole = new SecretDetector(
      // Built-in rules from activeRules compile on first use (getters): copied from an eager compile.
      rules.map((r): CompiledSecretRule => ({ ...compileSecretRule(r.spec, r.severity), anchors: null, regex: new RegExp(r.spec.pattern, 'dg' + (r.spec.flags ?? '')) })),
    );
    const show = (hits: SecretHit[]) => hits.map((h) => `${h.rule.spec.id}@${h.start}-${h.end}`).sort();
    const same = (text: string, what: string) => assert.deepEqual(show(anchored.detect(text)), show(whole.detect(text)), what);

    it('on every rule sample, alone and all together', () => {
      const samples = rules.flatMap((r) => [...r.spec.samples.positive, ...r.spec.samples.negative]);
      for (const s of samples) same(s, s);
      // Together, matches of one rule sit next to another's, across lines and in one line.
      same(samples.join('\n'), 'all samples, one per line');
      same(samples.join(' '), 'all samples on one line');
      same(samples.join('\r\n\t'), 'all samples, CRLF and tabs');
    });

    it('on every row of the shared secret corpus', function () {
      const file = requireShared(this, 'benchmarks', 'secrets', 'gitleaks-rule-samples.jsonl');
      const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
      assert.ok(rows.length > 1000, `${rows.length} rows`);
      for (const line of rows) {
        const text = (JSON.parse(line) as { text: string }).text;
        same(text, text.slice(0, 80));
      }
    });

    it('on the rule files and fixtures of this repository', () => {
      for (const f of ['tasks/rules/secrets/azure-storage-identifiable-key.yml', 'tasks/rules/secrets/generic-secret-assignment.yml', 'README.md']) {
        same(readFileSync(join(REPO_ROOT, f), 'utf8'), f);
      }
    });
  });
});
