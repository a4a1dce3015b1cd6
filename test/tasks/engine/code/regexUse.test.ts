import assert from 'node:assert/strict';
import { textHasExponentialRegex } from '../../../../tasks/engine/code/regexUse';

describe('code/regexUse (regexes where the code uses them)', () => {
  it('tells, before parsing, whether a file holds a literal that backtracks exponentially', () => {
    assert.equal(textHasExponentialRegex('const re = /^(a+)+$/;', 'javascript'), true);
    // A `/` in a class, and an escaped quote inside a string.
    assert.equal(textHasExponentialRegex('const SRI = /^([^-]+)-([A-Za-z0-9+/=]{44,88})(\\?[\\x21-\\x7E]*)*$/', 'javascript'), true);
    assert.equal(textHasExponentialRegex("ATTR = '(?:.*,)*[ \\t]*([^ \\t]+)[ \\t]+realm=([\"\\']?)([^\"\\']*)\\\\2'", 'python'), true);
    // Java strings double their backslashes.
    assert.equal(textHasExponentialRegex('Pattern p = Pattern.compile("(\\\\w|\\\\d)+$");', 'java'), true);
    // Whole-input matching or a flag can make a pattern exponential: tried generously.
    assert.equal(textHasExponentialRegex('s.matches("(\\\\w|\\\\d)+");', 'java'), true);
  });

  it('passes over code and safe regexes', () => {
    assert.equal(textHasExponentialRegex('const x = a / (b + c)*d / e; f(g)+h;', 'javascript'), false);
    assert.equal(textHasExponentialRegex('const re = /^[a-z0-9]+([_.-][a-z0-9]+)*$/;', 'javascript'), false);
    assert.equal(textHasExponentialRegex('LIST = re.compile(r"(.*,)+.+")', 'python'), false);
  });
});
