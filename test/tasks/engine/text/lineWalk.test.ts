import assert from 'node:assert/strict';
import { lineAt, linesAbove, linesBelow } from '../../../../tasks/engine/text/lineWalk';

describe('text/lineWalk', () => {
  const text = ['one', 'two', 'three', 'four', ''].join('\n');
  const startOf = (line: string) => text.indexOf(line);

  it('reads the line at its start, without its line feed, the last one too', () => {
    assert.equal(lineAt(text, startOf('two')), 'two');
    assert.equal(lineAt('a\nlast', 2), 'last');
  });

  it('walks up from a line, nearest first, to the first line or the limit', () => {
    assert.deepEqual([...linesAbove(text, startOf('three'), 10)], ['two', 'one']);
    assert.deepEqual([...linesAbove(text, startOf('four'), 2)], ['three', 'two']);
    assert.deepEqual([...linesAbove(text, 0, 10)], []);
  });

  it('walks down from any place in a line, nearest first, to the end or the limit', () => {
    assert.deepEqual([...linesBelow(text, startOf('two') + 1, 10)], ['three', 'four', '']);
    assert.deepEqual([...linesBelow(text, 0, 1)], ['two']);
    assert.deepEqual([...linesBelow('no line feed', 0, 10)], []);
  });

  it('keeps a carriage return on its line', () => {
    assert.deepEqual([...linesAbove('a\r\nb', 3, 10)], ['a\r']);
    assert.deepEqual([...linesBelow('a\r\nb\r\n', 0, 10)], ['b\r', '']);
  });
});
