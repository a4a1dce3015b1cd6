import assert from 'node:assert/strict';
import { LineIndex } from '../../../../tasks/engine/text/lineIndex';

describe('LineIndex', () => {
  const text = 'ab\ncde\n\nf';
  const idx = new LineIndex(text);

  it('counts lines, including an empty last line after a final newline', () => {
    assert.equal(idx.lineCount, 4);
    assert.equal(new LineIndex('').lineCount, 1);
    assert.equal(new LineIndex('x\n').lineCount, 2);
  });

  it('maps offsets to 1-based lines and columns', () => {
    assert.deepEqual(idx.position(0), { line: 1, column: 1 });
    assert.deepEqual(idx.position(2), { line: 1, column: 3 }, 'the newline belongs to its line');
    assert.deepEqual(idx.position(3), { line: 2, column: 1 });
    assert.deepEqual(idx.position(5), { line: 2, column: 3 });
    assert.deepEqual(idx.position(7), { line: 3, column: 1 });
    assert.deepEqual(idx.position(8), { line: 4, column: 1 });
    assert.equal(text[8], 'f');
  });

  it('puts offsets past the end on the last line', () => {
    assert.equal(idx.lineOf(100), 4);
  });

  it('counts columns in UTF-16 code units and treats CR as part of the line', () => {
    const t = '😀x\r\ny';
    const i = new LineIndex(t);
    assert.deepEqual(i.position(t.indexOf('x')), { line: 1, column: 3 });
    assert.deepEqual(i.position(t.indexOf('y')), { line: 2, column: 1 });
  });

  it('gives the start offset of each line, and infinity for lines that do not exist', () => {
    assert.equal(idx.lineStart(1), 0);
    assert.equal(idx.lineStart(2), 3);
    assert.equal(idx.lineStart(4), 8);
    assert.equal(idx.lineStart(5), Number.POSITIVE_INFINITY);
  });

  it('agrees with a naive count on a long text', () => {
    const lines = Array.from({ length: 500 }, (_, i) => 'x'.repeat(i % 7));
    const long = lines.join('\n');
    const li = new LineIndex(long);
    for (let off = 0; off < long.length; off += 13) {
      const before = long.slice(0, off);
      const line = before.split('\n').length;
      assert.equal(li.lineOf(off), line, `offset ${off}`);
      assert.equal(li.position(off).column, off - before.lastIndexOf('\n'));
    }
  });
});
