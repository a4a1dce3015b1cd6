import assert from 'node:assert/strict';
import { parseBicep, parseHcl } from '../../../../../tasks/engine/code/config/blockParser';
import { compileConfigPattern, matchConfig, resourcesOf, select } from '../../../../../tasks/engine/code/config/configMatcher';
import { parseYamlTree } from '../../../../../tasks/engine/code/config/configTree';
import type { CodePattern } from '../../../../../tasks/engine/rules/codeRuleSpec';

const TF = 'resource "aws_s3_bucket" "a" {\n  acl = "public-read"\n  tags { env = "prod" }\n}\nresource "aws_s3_bucket" "b" {\n  acl = "private"\n}\nresource "aws_instance" "i" {\n  ami = var.ami\n}\n';

/** The source text of each hit. */
function hits(text: string, pattern: Partial<CodePattern>, parse = parseHcl, language: 'terraform' | 'bicep' = 'terraform'): string[] {
  const doc = parse(text);
  const p = compileConfigPattern(pattern as CodePattern, 'rule');
  return matchConfig(p, doc, () => resourcesOf(doc, language)).map((h) => text.slice(h.start, h.end));
}

describe('configuration pattern matcher', () => {
  it('select: keys case-insensitively, $ and $key, * children, ** any depth, lists looked through', () => {
    const doc = parseYamlTree('Spec:\n  containers:\n    - name: a\n      securityContext: { privileged: true }\n    - name: b\n')!;
    const from = { node: doc.roots[0] };
    assert.deepEqual(select(from, ['spec', 'containers', 'name']).map((s) => s.node.value), ['a', 'b']);
    assert.deepEqual(select(from, ['spec', '*']).map((s) => s.key), ['containers']);
    assert.deepEqual(select(from, ['spec', '$key']).map((s) => s.node.value), ['Spec']);
    assert.deepEqual(select(from, ['**', 'privileged']).map((s) => s.node.value), [true]);
    assert.deepEqual(select(from, ['$']).map((s) => s.node), [doc.roots[0]]);
    assert.deepEqual(select(from, ['missing', 'x']), []);
  });

  it('resourcesOf: Terraform blocks by type, lower-cased', () => {
    assert.deepEqual(resourcesOf(parseHcl(TF), 'terraform').map((r) => r.type), ['aws_s3_bucket', 'aws_s3_bucket', 'aws_instance']);
  });

  it('matches where-checks inside the named resources and reports the first matched value', () => {
    assert.deepEqual(hits(TF, { resource: ['AWS_S3_Bucket'], where: [{ path: 'acl', equals: 'public-read' }] }), ['"public-read"']);
    assert.deepEqual(hits(TF, { resource: ['aws_s3_bucket'], where: [{ path: 'acl', matches: '^pub' }] }), ['"public-read"']);
    assert.deepEqual(hits(TF, { resource: ['aws_s3_bucket'], where: [{ path: 'versioning', absent: true }] }).length, 2);
  });

  it('whereNot removes a match; report picks the reported node', () => {
    assert.deepEqual(hits(TF, { resource: ['aws_s3_bucket'], where: [{ path: 'acl', present: true }], whereNot: [{ path: 'acl', equals: 'private' }], report: 'tags.env' }), ['"prod"']);
  });

  it('Bicep resource types drop the API version in patterns', () => {
    const text = "resource sa 'Microsoft.Storage/storageAccounts@2021-01-01' = {\n  properties: { supportsHttpsTrafficOnly: false }\n}\n";
    assert.deepEqual(hits(text, { resource: ['Microsoft.Storage/storageAccounts@2023-01-01'], where: [{ path: 'properties.supportsHttpsTrafficOnly', equals: false }] }, parseBicep, 'bicep'), ['false']);
  });

  it('compileConfigPattern refuses program-language keys, a pattern without where or each, and bad regular expressions', () => {
    assert.throws(() => compileConfigPattern({ call: 'eval', where: [{ path: 'a' }] } as unknown as CodePattern, 'r'), /r: call apply to programming languages only/);
    assert.throws(() => compileConfigPattern({} as CodePattern, 'r'), /needs "where" \(or "each"\)/);
    assert.throws(() => compileConfigPattern({ where: [{ path: 'a', matches: '(' }] } as CodePattern, 'r'), /r\.where\[0\]\.matches is not a valid regular expression/);
  });
});
