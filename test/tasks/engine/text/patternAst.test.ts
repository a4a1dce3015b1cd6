import assert from 'node:assert/strict';
import { patternAst } from '../../../../tasks/engine/text/patternAst';

describe('text/patternAst', () => {
  it('gives the tree of a pattern under its flags', () => {
    const ast = patternAst('ghp_[A-Za-z0-9]{36}|(?<secret>x+)', 'i');
    assert.ok(ast);
    assert.equal(ast.pattern.alternatives.length, 2);
    assert.equal(ast.flags.ignoreCase, true);
  });

  it('leaves out the flags that change no syntax (d, g, y)', () => {
    const ast = patternAst('abc', 'dgy');
    assert.ok(ast);
    assert.equal(ast.flags.global, false);
    assert.equal(ast.flags.sticky, false);
  });

  it('reads unicode syntax only under u, and gives null for a pattern that does not compile', () => {
    assert.ok(patternAst('\\p{L}+', 'u'));
    assert.equal(patternAst('[a-', ''), null);
    assert.equal(patternAst('(?<a>x)(?<a>y)', ''), null);
  });
});
