import assert from 'node:assert/strict';
import { parseBicep, parseHcl } from '../../../../../tasks/engine/code/config/blockParser';
import type { CNode, ConfigDoc } from '../../../../../tasks/engine/code/config/configTree';

/** A compact rendering: `key[labels]=value`, `{...}` maps, `[...]` lists, `<...>` expressions, JSON literals. */
function show(n: CNode): string {
  if (n.kind === 'map') return `{${(n.entries ?? []).map((e) => `${e.key}${e.labels.length ? `[${e.labels.join(',')}]` : ''}=${show(e.value)}`).join(' ')}}`;
  if (n.kind === 'list') return `[${(n.items ?? []).map(show).join(',')}]`;
  if (n.kind === 'expr') return `<${n.text}>`;
  return JSON.stringify(n.value);
}
const root = (doc: ConfigDoc) => show(doc.roots[0]);

describe('HCL and Bicep block parsers', () => {
  it('HCL: labelled blocks, nested blocks, literals, objects, lists; computed values kept as expression text', () => {
    const doc = parseHcl('resource "aws_s3_bucket" "b" {\n  acl = "public-read"\n  tags = { a = 1 }\n  versioning {\n    enabled = false\n  }\n  count = var.n > 0 ? 1 : 0\n  list = [1, "x", true, null]\n}\nlocals { x = 1 }\n');
    assert.equal(root(doc), '{resource[aws_s3_bucket,b]={acl="public-read" tags={a=1} versioning={enabled=false} count=<var.n > 0 ? 1 : 0> list=[1,"x",true,null]} locals={x=1}}');
  });

  it('HCL: an interpolated string and a for expression are expressions, and parsing goes on after them', () => {
    assert.equal(root(parseHcl('a = "${var.x}-y"\nb = [for s in var.l : upper(s)]\nc = 2\n')), '{a=<"${var.x}-y"> b=<[for s in var.l : upper(s)]> c=2}');
  });

  it('HCL: keeps the offsets of each entry, from key to the end of its value', () => {
    const text = 'x = 1\nblock "l" {\n  y = true\n}\n';
    const [x, block] = parseHcl(text).roots[0].entries ?? [];
    assert.equal(text.slice(x.start, x.end), 'x = 1');
    assert.equal(text.slice(block.start, block.end), 'block "l" {\n  y = true\n}');
  });

  it('Bicep: resources with symbolic name and type, params, loops read as their body, decorators skipped', () => {
    const text = [
      "@description('where')",
      "param loc string = 'westeurope'",
      "resource sa 'Microsoft.Storage/storageAccounts@2021-01-01' = [for i in range(0, 2): {",
      "  name: 'sa${i}'",
      '  properties: { supportsHttpsTrafficOnly: false }',
      '}]',
      "resource kv 'Microsoft.KeyVault/vaults@2022-07-01' = {",
      "  name: 'kv'",
      '  properties: {',
      '    enableSoftDelete: false',
      "    'quoted-key': 1",
      '  }',
      '}',
      '',
    ].join('\n');
    assert.equal(
      root(parseBicep(text)),
      '{param[loc]="westeurope" resource[sa,Microsoft.Storage/storageAccounts@2021-01-01]=[{name=<\'sa${i}\'> properties={supportsHttpsTrafficOnly=false}}] resource[kv,Microsoft.KeyVault/vaults@2022-07-01]={name="kv" properties={enableSoftDelete=false quoted-key=1}}}',
    );
  });

  it('Bicep: a for expression in a variable is an expression, and what follows is still read', () => {
    assert.equal(root(parseBicep('var a = [for s in l: s]\nvar b = 2\n')), '{var[a]=<[for s in l: s]> var[b]=2}');
  });

  it('skips what it cannot parse instead of failing, and reads an empty file as an empty map', () => {
    assert.equal(root(parseHcl('')), '{}');
    assert.equal(root(parseBicep('')), '{}');
    const hcl = root(parseHcl('??? garbage (x) !\nok = 1\n'));
    assert.ok(hcl.includes('ok=1'), hcl);
    const unclosed = parseHcl('resource "a" "b" {\n  x = 1\n');
    assert.equal(unclosed.roots.length, 1, 'an unclosed block still gives a document');
  });
});
