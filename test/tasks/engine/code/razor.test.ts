import assert from 'node:assert/strict';
import { razorToCSharp } from '../../../../tasks/engine/code/razor';
import { parseWith } from '../../../support/syntaxShapes';

/** The C# text with runs of blanks collapsed, for readable assertions. */
const squeeze = (s: string) => s.replace(/[ \t]+/g, ' ').trim();

/** `razorToCSharp` keeps every offset: same length, same newlines. */
function convert(view: string): string {
  const cs = razorToCSharp(view);
  assert.equal(cs.length, view.length);
  assert.deepEqual([...cs.matchAll(/\n/g)].map((m) => m.index), [...view.matchAll(/\n/g)].map((m) => m.index));
  return cs;
}

describe('code/razor', () => {
  it('keeps implicit expressions at their offsets and blanks the markup around them', () => {
    const view = '<p class="x">@Model.Name</p>';
    const cs = convert(view);
    assert.equal(cs.indexOf('Model.Name'), view.indexOf('Model.Name'));
    assert.equal(squeeze(cs), ';Model.Name;');
  });

  it('reads implicit expressions through calls, indexes and ?. but stops at markup', () => {
    assert.equal(squeeze(convert('<b>@Html.Raw(Model.Items[0]?.Title).ToString()</b>')), ';Html.Raw(Model.Items[0]?.Title).ToString();');
    assert.equal(squeeze(convert('<i>@user.Name.</i>')), ';user.Name;', 'a trailing dot is text');
    assert.equal(squeeze(convert('<i>@await Component.InvokeAsync("x")</i>')), ';await Component.InvokeAsync("x");');
  });

  it('keeps explicit expressions and code blocks', () => {
    assert.equal(squeeze(convert('<p>@(a + b)</p>')), ';(a + b);');
    assert.equal(squeeze(convert('@{ var x = Request.Query["q"]; }')), ';{ var x = Request.Query["q"]; }');
  });

  it('skips brackets inside string literals when finding the end of a block', () => {
    const view = '@{ var s = "}"; var t = \'{\'; }\n<p>after</p>';
    assert.equal(squeeze(convert(view).split('\n')[0]), ';{ var s = "}"; var t = \'{\'; }');
  });

  it('blanks markup lines inside code blocks and handles transitions in them', () => {
    const view = '@foreach (var i in Model.Items) {\n  <li>@i.Name</li>\n  var n = i.Count;\n  @:text @i.Id\n}\n';
    const lines = convert(view).split('\n').map(squeeze);
    assert.deepEqual(lines, [';foreach (var i in Model.Items) {', ';i.Name;', 'var n = i.Count;', ';i.Id', '}', ''], 'no ; is written over a newline');
  });

  it('continues if blocks with else if, else, and try with catch', () => {
    const view = '@if (a) {\n  x();\n} else if (b) {\n  y();\n}\n@try { z(); } catch (Exception e) { w(); }';
    const lines = convert(view).split('\n').map(squeeze);
    assert.deepEqual(lines, [';if (a) {', 'x();', '} else if (b) {', 'y();', '}', ';try { z(); } catch (Exception e) { w(); }']);
  });

  it('drops directives, comments, escaped @ and e-mail addresses', () => {
    const view = '@model MyApp.Model\n@using System.IO\n@inject IFoo Foo\n@* a comment with @Model.Secret *@\n<a href="mailto:me@example.com">@@home</a>';
    assert.equal(squeeze(convert(view).replace(/\n/g, ' ')), '');
  });

  it('keeps @code and @functions blocks as C#', () => {
    const view = '<h1>Hi</h1>\n@code {\n  private string q = "";\n  void Run() => Exec(q);\n}\n';
    const lines = convert(view).split('\n').map(squeeze);
    assert.deepEqual(lines, ['', ';code {', 'private string q = "";', 'void Run() => Exec(q);', '}', '']);
  });

  it('survives unterminated blocks and a lone @ at the end', () => {
    assert.match(squeeze(convert('@{ var x = 1;')), /^;\{ var x = 1/);
    assert.equal(squeeze(convert('<p>a @</p> @')), '');
    assert.equal(squeeze(convert('@* never closed')), '');
    assert.equal(convert(''), '');
  });

  it('produces text the C# grammar reads as the view\'s statements', async () => {
    const view = '@model M\n<ul>\n@foreach (var item in Model.Items) {\n  <li>@item.Name</li>\n}\n</ul>\n@if (Model.Show) {\n  <p>@Html.Raw(Model.Body)</p>\n} else {\n  <p>none</p>\n}\n';
    const root = await parseWith('csharp', convert(view));
    const types = (t: string) => root.descendantsOfType(t).map((n) => n?.text.split('\n')[0]);
    assert.deepEqual(types('foreach_statement'), ['foreach (var item in Model.Items) {']);
    assert.deepEqual(types('if_statement'), ['if (Model.Show) {']);
    assert.deepEqual(types('invocation_expression'), ['Html.Raw(Model.Body)']);
    assert.equal(root.descendantsOfType('if_statement')[0]?.childForFieldName('alternative')?.type, 'block', 'else kept with its if');
  });
});
