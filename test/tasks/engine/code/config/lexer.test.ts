import assert from 'node:assert/strict';
import { tokenize, type Token } from '../../../../../tasks/engine/code/config/lexer';

const hcl = (s: string) => tokenize(s, { hcl: true });
const bicep = (s: string) => tokenize(s, { hcl: false });
const show = (ts: Token[]) => ts.map((t) => `${t.type}:${t.text}`);

describe('HCL/Bicep lexer', () => {
  it('splits a block into identifiers, strings, numbers, punctuation and newlines, ending with eof', () => {
    const ts = hcl('resource "aws_s3_bucket" "b" {\n  count = 2\n}');
    assert.deepEqual(show(ts), ['ident:resource', 'string:"aws_s3_bucket"', 'string:"b"', 'punct:{', 'newline:\n', 'ident:count', 'punct:=', 'number:2', 'newline:\n', 'punct:}', 'eof:']);
    assert.equal(ts[1].value, 'aws_s3_bucket');
    assert.deepEqual([ts[1].start, ts[1].end], [9, 24]);
  });

  it('keeps the two-character operators that change meaning whole', () => {
    assert.deepEqual(show(hcl('a == b != c => d && e || f')).filter((t) => t.startsWith('punct')), ['punct:==', 'punct:!=', 'punct:=>', 'punct:&&', 'punct:||']);
    assert.deepEqual(show(bicep('x.?y ?? z')).filter((t) => t.startsWith('punct')), ['punct:.?', 'punct:??']);
  });

  it('unescapes strings, and gives no value to a string that interpolates (nested braces and quotes included)', () => {
    const [plain, interp] = hcl('"a\\"b\\n" "x-${lookup(var.m, "k", {})}-y"');
    assert.equal(plain.value, 'a"b\n');
    assert.equal(interp.type, 'string');
    assert.equal(interp.value, undefined);
    assert.equal(interp.text, '"x-${lookup(var.m, "k", {})}-y"');
  });

  it('reads heredocs whole, indented (<<-) or not, and keeps their body as the value', () => {
    const ts = hcl('policy = <<-EOT\n  {"a": 1}\n  EOT\nnext = 1');
    const doc = ts.find((t) => t.type === 'string');
    assert.equal(doc?.value, '  {"a": 1}\n');
    assert.ok(ts.some((t) => t.text === 'next'), 'lexing resumes after the heredoc');
    assert.equal(hcl('x = <<EOF\n${var.a}\nEOF\n').find((t) => t.type === 'string')?.value, undefined);
    assert.equal(hcl('x = <<EOF\nnever closed').find((t) => t.type === 'string')?.value, 'never closed', 'an unclosed heredoc runs to the end');
  });

  it('skips comments of each language: #, // and /* */ (HCL), // and /* */ (Bicep)', () => {
    assert.deepEqual(show(hcl('# c\na // c\n/* c\nc */ b')), ['newline:\n', 'ident:a', 'newline:\n', 'ident:b', 'eof:']);
    assert.deepEqual(show(bicep('// c\nparam p string /* c */')), ['newline:\n', 'ident:param', 'ident:p', 'ident:string', 'eof:']);
    assert.ok(show(bicep('#disable-next-line x')).includes('punct:#'), '# is no comment in Bicep');
  });

  it("Bicep: '...' strings with ${} interpolation and '''...''' verbatim strings", () => {
    const ts = bicep("name: 'st${uniqueString(rg.id)}'\ndesc: '''multi\nline ${no}'''\nx: 'it\\'s'");
    const strings = ts.filter((t) => t.type === 'string');
    assert.deepEqual(strings.map((t) => t.value), [undefined, 'multi\nline ${no}', "it's"]);
    assert.equal(show(hcl("'x'"))[0], "punct:'", "'...' is no string in HCL");
  });

  it('stops an unterminated HCL string at the end of its line, and copes with empty and non-ASCII input', () => {
    const ts = hcl('a = "open\nb = 1');
    assert.equal(ts[2].text, '"open');
    assert.ok(ts.some((t) => t.text === 'b'));
    assert.deepEqual(show(hcl('')), ['eof:']);
    assert.equal(hcl('tags = { n = "ünï ✓" }').find((t) => t.type === 'string')?.value, 'ünï ✓');
  });

  it('identifiers may hold dashes; numbers digits, dots, exponents and underscores', () => {
    assert.deepEqual(show(hcl('my-name 1.5e3 10_000')), ['ident:my-name', 'number:1.5e3', 'number:10_000', 'eof:']);
  });
});
