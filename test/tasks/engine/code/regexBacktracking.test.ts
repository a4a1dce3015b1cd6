import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { exponentialBacktracking, mayBacktrackExponentially, polynomialBacktracking, type RegexFlavor } from '../../../../tasks/engine/code/regexBacktracking';

const bad = (src: string, flavor: RegexFlavor = 'javascript', flags = {}, whole = false): void =>
  assert.ok(exponentialBacktracking(src, flavor, flags, whole), `${flavor} ${src} should backtrack exponentially`);
const good = (src: string, flavor: RegexFlavor = 'javascript', flags = {}, whole = false): void =>
  assert.equal(exponentialBacktracking(src, flavor, flags, whole), null, `${flavor} ${src} should not be reported`);

describe('code/regexBacktracking (exponential ReDoS analysis)', () => {
  it('pre-filters patterns without a quantified group', () => {
    assert.equal(mayBacktrackExponentially('^[a-z]+$'), false);
    assert.equal(mayBacktrackExponentially('(a|b)*c'), true);
    assert.equal(mayBacktrackExponentially('(ab){2,}'), true);
  });

  it('needs a loop that holds a choice (an alternation or a quantifier), whatever the flags', () => {
    // Loops over fixed runs of sets: one way round each, so nothing to find, with or without flags.
    for (const src of ['^(ab)+$', '(?:[a-z]\\.)*x', '(a(?=b))*$', '((ab)){2,}c', '(\\w)+!']) {
      good(src);
      good(src, 'javascript', { ignoreCase: true, dotAll: true }, true);
    }
    // The same texts with a choice inside the loop are still analysed, and the answer for one
    // flag set is not taken for another's (`(a|A)+` is ambiguous only under `i`).
    bad('^(a|a)+$');
    good('^(a|A)+$');
    bad('^(a|A)+$', 'javascript', { ignoreCase: true });
    good('^(a|A)+$');
    // A choice that an escape makes (Java's `\R`: `\r\n` or one line break), or a quantified loop in a loop.
    bad('(\\R)+$', 'java');
    bad('^(?:a+)+$');
    bad('^(?:(?:a)+)+$');
  });

  it('reads an exact count (`{n}`) as a fixed run, no loop and no choice of its own', () => {
    // Patterns made from templates (CSS colours) that files' pre-parse tests meet: repetitions in
    // an exact count, one after another, are no loop in a loop.
    for (const src of ['(?:${NUM}(?:\\s*,\\s*${NUM}){2}|${PCT}(?:\\s*,\\s*${PCT}){2})${_ALPHA}', '(?:\\s+${X}){3}$', '(a+){3}$', '((?:ab){2})+$']) {
      good(src);
      good(src, 'javascript', { ignoreCase: true, dotAll: true }, true);
    }
    // What it holds still counts inside a loop: an alternation, a repetition, an optional part.
    bad('^(?:(?:a|a){2})+$');
    bad('^(?:(?:a+){2})+$');
    bad('^(?:(?:a?a){2})+$');
  });

  it('finds nested and overlapping repetition that a failing suffix makes the engine explore', () => {
    for (const src of ['^(a+)+$', '^([a-z]*)*$', '(a|aa?)*b', '(\\w|\\d)+$', '^(([a-z])+.)+[A-Z]([a-z])+$', '(.*,)*x', '\\{(.|\\s)+\\}', '(a*)*b', '(?:a|a?)+b']) bad(src);
    const w = exponentialBacktracking('^(a+)+$', 'javascript');
    assert.ok(w);
    // The witness really is slow: its pump can be read two ways, and the suffix fails.
    assert.match(w.pump, /^a+$/);
    assert.ok(!new RegExp('^(a+)+$').test(w.prefix + w.pump.repeat(3) + w.suffix));
  });

  it('leaves unambiguous loops alone, and loops whose match cannot fail', () => {
    for (const src of ['^[0-2](?:\\.[1-9][0-9]*)+$', '^(?:\\/(?:[^~/]|~0|~1)*)*$', '^([A-Z][a-z0-9]*)+$', '\\$\\{([^\\\\}]*(?:\\\\.[^\\\\}]*)*)\\}', '^[a-z0-9]+([_.-][a-z0-9]+)*$', '(a|b)+']) good(src);
    // Nothing after the loop can fail, so a search succeeds at once.
    for (const src of ['(.*,)+.+', '(a|.)*', '([^"\']+)*', '(\\r\\n|\\r|\\n)+', '(a+)+']) good(src);
  });

  it('reads the flavor: dotAll, inline flags, possessive quantifiers and atomic groups', () => {
    good('(?:.|\\n)*b', 'python');
    bad('(?:.|\\n)*b', 'python', { dotAll: true });
    bad('(?s)(?:.|\\n)*b', 'python');
    bad('(?is)X(?:.|\\n)*Y', 'python');
    good('(a*+)*+b', 'java');
    good('(a*)*+b', 'java');
    good('(?>(a+))+$', 'java');
    bad('(a*)*b', 'java');
    // Java refuses a dangling `{`; the others read it as a character.
    good('^((?:a{|-)|\\w\\{)+X$', 'java');
  });

  it('weighs lookaheads of one class and whole-input matching', () => {
    good("^(?:'''(?:[^'\\\\]|\\\\[\\S\\s]|''?(?=[^']))*(?:'''|$))");
    // Unanchored, `(\w|\d)+` succeeds at once; String.matches must cover the input.
    good('(\\w|\\d)+', 'java');
    bad('(\\w|\\d)+', 'java', {}, true);
  });

  it('knows an earlier alternative that matches the attack string stops the engine first', () => {
    good('([\\s\\S]+|(a+)*$)', 'java');
    bad('((a+)*$|[\\s\\S]+)', 'java');
  });

  it('answers as before for texts a scan of node_modules tried (the suffix search simulates the repeated pump once per suffix length)', () => {
    // A file's pre-parse test (regexUse.ts) met these; each took the most time of its file.
    // A search succeeds at once (`[^,]` reads anything but a comma); a whole match must fail.
    good('((?:\\x28[^\\x29]{0,255}\\x29|\\[[^\\]]{0,255}\\]|\\\\.|[^,])+)');
    bad('((?:\\x28[^\\x29]{0,255}\\x29|\\[[^\\]]{0,255}\\]|\\\\.|[^,])+)', 'javascript', {}, true);
    good('(?:\\s|\\/\\/.*|\\/\\*[^]*?\\*\\/)*');
    good('(?:\\s|\\/\\/.*|\\/\\*[^]*?\\*\\/)*', 'javascript', { ignoreCase: true, dotAll: true }, true);
    good('^(-?[_a-zA-Z]+(\\.[_a-zA-Z]+)*[_a-zA-Z0-9-]*)$');
    // Whether a suffix fails depends on what follows the pump: a final newline, the end, a lookahead.
    bad('^(a|a)*\\n?$', 'python');
    bad('(a|a)*(?=b)c');
    good('(a|a)*');
  });

  it('gives up on what it cannot parse or what would cost too much', () => {
    good('(a|b');
    // A loop without a fork (no state with two edges that read a common character) takes what
    // searching its pairs would have taken of the budget, though the search is skipped: with 27
    // letters before it (27^3 pairs of edges), the ambiguous loop after it is not reached, as before.
    const letters = (k: number): string => `^(?:${'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.slice(0, k).split('').join('|')})*-(?:0|0)+$`;
    bad(letters(26));
    good(letters(27));
    good('(\\p{Emoji_Modifier}|a)*$', 'javascript');
    const big = `(${Array.from({ length: 300 }, (_, i) => `x${i}`).join('|')})*$`;
    good(big);
  });
});

describe('code/regexBacktracking (polynomial ReDoS analysis)', () => {
  const slow = (src: string, flavor: RegexFlavor, whole = false): void => assert.ok(polynomialBacktracking(src, flavor, {}, whole), `${flavor} ${src} should backtrack polynomially`);
  const fast = (src: string, flavor: RegexFlavor, whole = false): void => assert.equal(polynomialBacktracking(src, flavor, {}, whole), null, `${flavor} ${src} should not be reported`);

  it('finds two repetitions in a row that read the same characters, the search retry included', () => {
    for (const src of ['\\s+$', '^\\s+|\\s+$', '^0\\.\\d+E?\\d+$', '.*b', '\\s*,\\s*x']) slow(src, 'python');
    slow('ab*b*', 'java', true);
    slow('^a*a*$', 'java', true);
    const w = polynomialBacktracking('\\s+$', 'javascript');
    assert.deepEqual(w, { prefix: 'a', pump: ' ', suffix: '!' });
  });

  it('leaves out anchored single repetitions, whole matches read one way, bounded and possessive repetitions', () => {
    for (const src of ['^\\s+', '^[a-z]+$', '^\\s*foo\\s*$', '^\\d{1,3}\\d{1,3}$', '^(\\w+)=(\\w+)$', '\\s+', 'cd*d*', '\\s*+,\\s*+x']) fast(src, 'java');
    fast('.*a', 'java', true);
  });

  it('keeps no scanned file\'s text alive in its caches when a pattern is a slice of it', () => {
    // A fresh process: a 4 MB "file" whose string literals are patterns (slices of its text, as
    // a code scan passes them), analysed every way the caches key them, then dropped.
    const script = `
      const r = require(${JSON.stringify(require.resolve('../../../../tasks/engine/code/regexBacktracking'))});
      const patterns = ['^(aaaa+)+bbbbbbbbbbbbb$', '(cccc|cccccc)*dddddddddddddd', '(eeee+)+[unclosed class', '\\\\s+$zzzzzzzzzzzzzz'];
      const measure = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
      // In a function of its own: a frame still running could hold the slices in its registers.
      const analyse = () => {
        const text = patterns.map((p) => 'x'.repeat(4 << 20) + p).join('');
        const found = [];
        let at = 0;
        for (const p of patterns) {
          at += 4 << 20;
          const src = text.slice(at, at + p.length);
          at += p.length;
          found.push(!!r.exponentialBacktracking(src, 'javascript'), !!r.exponentialBacktracking(src, 'javascript', {}, true), !!r.polynomialBacktracking(src, 'javascript'));
        }
        // V8 keeps the last subject of any regular expression (RegExp.input): a small one now.
        /a/.exec('a');
        return found;
      };
      const before = measure();
      const found = analyse();
      process.stdout.write(JSON.stringify({ found, kept: measure() - before }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--single-threaded-gc', '-e', script], { encoding: 'utf8' })) as { found: boolean[]; kept: number };
    // The analyses ran (and were cached): the first two patterns are reported.
    assert.ok(out.found[0] && out.found[3], JSON.stringify(out.found));
    // Cached keys that were slices (concatenated into a key) kept the 16 MB text: now a few KB.
    assert.ok(out.kept < 1024 * 1024, `the caches kept ${out.kept} bytes after the text was dropped`);
  });
});
