import assert from 'node:assert/strict';
import { fitText, GAP, layoutTable, renderTextTable, terminalWidth, wrapText, type Column, type FitStep } from '../../../tasks/cli/textTable';

const cols: Column[] = [{ header: 'ID' }, { header: 'PATH', cut: 'start' }, { header: 'TITLE', wrap: true }];
const rows = [['r1', 'src/deep/folder/file.js:12', 'A long title that wraps onto lines']];

describe('cli/textTable', () => {
  it('cuts text at the end or the start with an ellipsis', () => {
    assert.equal(fitText('abcdef', 10), 'abcdef');
    assert.equal(fitText('abcdef', 4), 'abc\u2026');
    assert.equal(fitText('src/a/b.js:3', 7, 'start'), '\u2026b.js:3');
    assert.equal(fitText('abc', 1), 'a');
    assert.equal(fitText('abc', 0), '');
  });

  it('wraps at spaces, breaking words only when one is longer than the width', () => {
    assert.deepEqual(wrapText('one two three', 7), ['one two', 'three']);
    assert.deepEqual(wrapText('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
    assert.deepEqual(wrapText('short', 10), ['short']);
    assert.deepEqual(wrapText('x y', 0), ['x y']);
  });

  it('keeps natural widths when the table fits', () => {
    assert.deepEqual(layoutTable(cols, rows, 200, []), { widths: [2, 26, 34], shown: [true, true, true] });
  });

  it('applies the fit steps in order, only while still too wide, never below a header', () => {
    const steps: FitStep[] = [{ column: 2, to: 10 }, { column: 1, to: 12 }];
    const natural = 2 + 26 + 34 + 2 * GAP;
    assert.deepEqual(layoutTable(cols, rows, natural - 5, steps).widths, [2, 26, 29], 'only the excess is taken from the first step');
    assert.deepEqual(layoutTable(cols, rows, 30, steps).widths, [2, 14, 10], 'exactly 30');
    assert.deepEqual(layoutTable(cols, rows, 10, steps).widths, [2, 12, 10], 'still too wide: every step down to its floor, and printed anyway');
    assert.deepEqual(layoutTable(cols, rows, 30, [{ column: 0, to: 0 }]).widths[0], 2, 'the header is the floor');
    const dropped = layoutTable(cols, rows, 20, [{ column: 2, drop: true }]);
    assert.deepEqual(dropped, { widths: [2, 26, 0], shown: [true, true, false] });
  });

  it('renders header, rule line and rows, wrapping and cutting as laid out', () => {
    const out = renderTextTable(cols, rows, 40, [{ column: 2, to: 10 }, { column: 1, to: 14 }]);
    assert.equal(out, [
      'ID  PATH                      TITLE',
      '--  ------------------------  ----------',
      'r1  \u2026/deep/folder/file.js:12  A long',
      '                              title that',
      '                              wraps onto',
      '                              lines',
      '',
    ].join('\n'));
    assert.ok(out.split('\n').every((l) => l.length <= 40));
  });

  it('colours each row\'s lines when asked', () => {
    const out = renderTextTable([{ header: 'A' }], [['x'], ['y']], 80, [], (i) => (i === 0 ? '<c>' : undefined), '</c>');
    assert.equal(out, 'A\n-\n<c>x</c>\ny\n');
  });

  it('fits a terminal\'s width, and does not cut output to a file or pipe', () => {
    assert.equal(terminalWidth({ isTTY: true, columns: 100 }), 100);
    assert.equal(terminalWidth({ isTTY: false, columns: 100 }), Number.POSITIVE_INFINITY);
    assert.equal(terminalWidth({ isTTY: true, columns: 0 }), Number.POSITIVE_INFINITY);
    assert.equal(terminalWidth({}), Number.POSITIVE_INFINITY);
  });
});
