/** Line search in the scan log viewer (hub/securityHub/data/logSearch.ts). */
import assert from 'node:assert/strict';
import { searchLog } from '../../../../hub/securityHub/data/logSearch';

describe('hub log search', () => {
  it('finds matching lines with their numbers, ignoring case', () => {
    const view = searchLog('one\ntwo critical\nthree\nCRITICAL four\n', 'critical');
    assert.deepEqual(view.lines.map((l) => l.number), [2, 4]);
    assert.deepEqual(view.lines.map((l) => l.text), ['two critical', 'CRITICAL four']);
    assert.equal(view.totalLines, 4, 'a trailing newline is no extra line');
    assert.equal(view.matches, 2);
  });

  it('shows every line for a blank query, capped, while still counting them all', () => {
    const capped = searchLog('a\nb\nc', '', 2);
    assert.deepEqual(capped.lines.map((l) => l.text), ['a', 'b']);
    assert.equal(capped.matches, 3);
    assert.equal(searchLog('a\r\nb\r\n', '   ').lines.length, 2, 'CRLF logs and a blank query');
    assert.deepEqual(searchLog('x1\nx2\nx3', 'x', 1).lines, [{ number: 1, text: 'x1' }]);
    assert.equal(searchLog('x1\nx2\nx3', 'x', 1).matches, 3);
  });

  it('trims the query and says so when nothing matches', () => {
    assert.deepEqual(searchLog('alpha\nbeta', '  BETA ').lines, [{ number: 2, text: 'beta' }]);
    const none = searchLog('alpha\nbeta', 'gamma');
    assert.deepEqual([none.lines.length, none.matches, none.totalLines], [0, 0, 2]);
    assert.equal(searchLog('', '').totalLines, 0);
  });
});
