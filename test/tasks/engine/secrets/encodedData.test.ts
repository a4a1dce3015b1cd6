import assert from 'node:assert/strict';
import { isInsideEncodedData } from '../../../../tasks/engine/secrets/encodedData';

describe('secrets/encodedData', () => {
  // Base64 of bytes, with a `+` or `/` now and then, as an embedded image has.
  const data = (n: number, seed: number): string => {
    const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let s = '';
    for (let i = 0, x = seed; i < n; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      s += a[i % 17 === 5 ? 62 + (x & 1) : x % 62];
    }
    return s;
  };
  const token = 'YCMmxUS5o4xSTwFvd66jPdaOpmjEMnF0dPKseZgU';
  const at = (text: string) => isInsideEncodedData(text, text.indexOf(token), text.indexOf(token) + token.length);

  it("takes a token's shape in the middle of base64 data for part of it, across a notebook's \\n escapes", () => {
    assert.equal(at(`"image/png": "${data(100, 1)}+${token}${data(100, 2)}"`), true);
    assert.equal(at(`"image/png": "${data(100, 1)}/${token}${data(10, 2)}\\n${data(76, 3)}\\n"`), true);
  });

  it('keeps a token that stands apart: quoted, at a line of its own, or at the edge of the data', () => {
    assert.equal(at(`key = "${token}"`), false);
    assert.equal(at(`${data(100, 1)}\n${token}\n${data(100, 2)}`), false, 'real line breaks part it from the data');
    assert.equal(at(`"${token}${data(100, 2)}"`), false, 'nothing before it');
    assert.equal(at(`${'A'.repeat(100)}${token}${'b'.repeat(100)}`), false, 'letters alone: no base64 of bytes');
  });

  it("takes a token's shape on a line of a hex dump for part of the data (a Delphi form's bitmap)", () => {
    const hex = (seed: number) => Array.from({ length: 64 }, (_, i) => '0123456789ABCDEF'[(seed * 7 + i * 13) % 16]).join('');
    const square = `EAAA${hex(3).slice(4)}`;
    const dump = `      PNG = {\n        ${hex(1)}\n        ${hex(2)}\n        ${square}\n        ${hex(4)}}\n    end`;
    const at2 = (text: string) => isInsideEncodedData(text, text.indexOf(square), text.indexOf(square) + square.length);
    assert.equal(at2(dump), true);
    assert.equal(at2(`token = ${square}\n${hex(4)}\n`), false, 'a named value is no dump line');
    assert.equal(at2(`${square}\n${hex(4)}\n${hex(5)}\n`), false, 'a line above is needed');
    assert.equal(at2(`${hex(1)}\nnotes\n${square}\n${hex(4)}\n`), false, 'prose above');
  });
});
